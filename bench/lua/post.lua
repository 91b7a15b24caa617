-- POST an empty form to one URL (the write ceiling).
dofile("bench/lua/report.lua")

wrk.method = "POST"
wrk.body = ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function done(summary, latency, requests)
  report(summary, latency)
end
