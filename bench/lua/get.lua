-- GET one URL, optionally with a cookie header (args: [cookie]).
dofile("bench/lua/report.lua")

function init(args)
  if args[1] and args[1] ~= "" then
    wrk.headers["Cookie"] = args[1]
  end
end

function done(summary, latency, requests)
  report(summary, latency)
end
