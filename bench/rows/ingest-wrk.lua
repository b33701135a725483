-- wrk script for the ingest row (bench/rows/ingest-wrk.ts): sends each request of a file exactly once over
-- wrk's connections, then reports and stops. Run with one thread: `wrk -t1 -c64 -s this.lua URL -- FILE`.
-- The file holds raw HTTP requests, each after a line with its length in bytes.
-- Reports on stdout, one line each: `status <code> <count>` per status, `error <status>: <body>` for
-- the first answer that is not 201 (if any), then `done <count> <microseconds>`,
-- the time from the first request written to the last answer read (CLOCK_MONOTONIC, through LuaJIT's ffi).

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } cacheon_timespec;
  int clock_gettime(int clock, cacheon_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local now = ffi.new("cacheon_timespec")
local function nowUs()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now)
  return tonumber(now.tv_sec) * 1e6 + tonumber(now.tv_nsec) / 1e3
end

local requests = {}
local issued, answered = 0, 0
local statuses = {}
local firstUs = nil

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local data = file:read("*a")
  file:close()
  local at = 1
  while at <= #data do
    local newline = data:find("\n", at, true)
    local length = tonumber(data:sub(at, newline - 1))
    requests[#requests + 1] = data:sub(newline + 1, newline + length)
    at = newline + length + 1
  end
end

-- Called before each request; a connection with nothing left to send waits (an hour) instead.
function delay()
  if issued >= #requests then return 3600000 end
  issued = issued + 1
  if firstUs == nil then firstUs = nowUs() end
  return 0
end

-- Each delay() that lets a connection go is followed by exactly one request(), so they count alike (which
-- connection sends which request does not matter). wrk also calls request() once before any delay(), to
-- check what it returns: that call is given the first request and not counted.
local sent = 0
function request()
  if issued == 0 then return requests[1] end
  sent = sent + 1
  return requests[sent]
end

local firstError = nil
function response(status, headers, body)
  answered = answered + 1
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 201 and firstError == nil then
    firstError = string.format("%d: %s", status, (body:sub(1, 300):gsub("\n", " ")))
  end
  if answered == #requests then
    local elapsedUs = nowUs() - firstUs
    for code, count in pairs(statuses) do io.write(string.format("status %d %d\n", code, count)) end
    if firstError ~= nil then io.write("error " .. firstError .. "\n") end
    io.write(string.format("done %d %.0f\n", answered, elapsedUs))
    io.flush()
    wrk.thread:stop()
  end
end
