-- Participants casting ballots through the real ballot form.
--
-- args: users_file ballot_path nomination_ids(comma-separated) max_choices log_dir threads
-- Run with one connection per thread (-t N -c N): each thread then sends one request,
-- waits for its answer, and sends the next, so its log lists every request in order
-- with what came back. Each thread has its own share of the participants, so one
-- participant's ballots are never in flight twice at once.
dofile("bench/lua/report.lua")

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  path = args[2]
  ids = {}
  for id in string.gmatch(args[3], "%d+") do
    ids[#ids + 1] = id
  end
  max_choices = tonumber(args[4])
  local threads = tonumber(args[6])
  users = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % threads == id then
      local user, session, secret, token = string.match(line, "(%S+) (%S+) (%S+) (%S+)")
      users[#users + 1] = {user = user, session = session, secret = secret, token = token}
    end
    n = n + 1
  end
  log = io.open(args[5] .. "/thread-" .. id .. ".log", "a")
  log:setvbuf("line")  -- wrk may stop mid-request: every line sent is on disk
  nxt = 1
  serial = id
end

function request()
  local u = users[nxt]
  nxt = nxt % #users + 1
  serial = serial + 1
  local count = serial % max_choices + 1
  local picked = {}
  local body = "csrfmiddlewaretoken=" .. u.token
  for j = 0, count - 1 do
    local choice = ids[(serial + j * 5) % #ids + 1]
    picked[#picked + 1] = choice
    body = body .. "&choices=" .. choice
  end
  -- "S user choices" when sent, "R outcome" when answered; a request with no R after
  -- it was never answered (its worker died, or the run ended while it was in flight).
  log:write("S " .. u.user .. " " .. table.concat(picked, ",") .. "\n")
  local headers = {
    ["Cookie"] = "sessionid=" .. u.session .. "; csrftoken=" .. u.secret,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  local outcome = tostring(status)
  if status == 302 and string.find(headers["Location"] or "", "/vote/received/", 1, true) then
    outcome = "ACK"
  end
  log:write("R " .. outcome .. "\n")
end

function done(summary, latency, requests)
  report(summary, latency)
end
