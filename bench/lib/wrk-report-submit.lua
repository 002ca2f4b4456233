-- wrk script for bench/report-submit.sh: PUT /api/v1/assignments/{id}/reports/{period}, each request on the
-- next assignment of WRK_IDS (comma-separated), each thread from its own offset, so that concurrent requests
-- seldom wait for the same assignment's lock. The summary line comes from wrk-report.lua.
--   WRK_LIB (the bench/lib directory), WRK_IDS, WRK_PERIOD (yyyy-MM), WRK_AUTH (a reporter's bearer token)

dofile(os.getenv("WRK_LIB") .. "/wrk-report.lua")

local ids = {}
for id in string.gmatch(os.getenv("WRK_IDS") or "", "[^,]+") do table.insert(ids, id) end
local period = os.getenv("WRK_PERIOD")
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"

local report_setup = setup
local threads_seen = 0
function setup(thread)
  report_setup(thread)
  threads_seen = threads_seen + 1
  thread:set("offset", threads_seen * 499)
end

local counter = 0
function request()
  counter = counter + 1
  local n = (offset or 0) + counter
  local id = ids[n % #ids + 1]
  local body = string.format(
    '{"status":"IN_PROGRESS","percentComplete":%d,"indicatorValues":{"CT1":%d,"CT2":%d},'
      .. '"obstacles":"Kinh phí năm nay chưa được phân bổ đầy đủ","bottleneck":false,"proposal":"Đề nghị cấp trên hỗ trợ"}',
    n % 101, n % 11, n % 3)
  return wrk.format(nil, "/api/v1/assignments/" .. id .. "/reports/" .. period, nil, body)
end
