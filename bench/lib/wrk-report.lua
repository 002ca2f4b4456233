-- wrk script for the Trường Sơn benchmarks: the request comes from the environment, and done()
-- prints one machine-readable line with throughput, latency percentiles and a count per HTTP status.
--   WRK_METHOD (GET), WRK_BODY (JSON, sent with Content-Type: application/json), WRK_AUTH (a bearer token)

local method = os.getenv("WRK_METHOD")
local body = os.getenv("WRK_BODY")
local auth = os.getenv("WRK_AUTH")

wrk.method = (method ~= nil and method ~= "") and method or "GET"
if body ~= nil and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. auth
end
wrk.headers["Accept"] = "application/json"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s ~= nil then
      for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
    end
  end
  local codes = {}
  for code, _ in pairs(total) do table.insert(codes, code) end
  table.sort(codes)
  local parts = {}
  for _, code in ipairs(codes) do table.insert(parts, code .. ":" .. total[code]) end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.2f rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f mean=%.2f errors=connect:%d,read:%d,write:%d,timeout:%d statuses=%s\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000,
    e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
