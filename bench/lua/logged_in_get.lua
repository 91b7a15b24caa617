-- GET one URL as many logged-in participants in turn (args: users_file).
-- users_file lines: user id, session key, CSRF cookie, form token (bench/world.py).
dofile("bench/lua/report.lua")

function init(args)
  cookies = {}
  for line in io.lines(args[1]) do
    local user, session, secret = string.match(line, "(%S+) (%S+) (%S+)")
    cookies[#cookies + 1] = "sessionid=" .. session .. "; csrftoken=" .. secret
  end
  nxt = 1
end

function request()
  local cookie = cookies[nxt]
  nxt = nxt % #cookies + 1
  return wrk.format("GET", nil, {["Cookie"] = cookie})
end

function done(summary, latency, requests)
  report(summary, latency)
end
