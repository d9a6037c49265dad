-- wrk script for benchmark (c): GET /api/v1/deelnemers/{id} with ids drawn at random from the
-- file named by $OVERSTAP_IDS (one public id per line; bench/run fills it with ~10,000 random
-- ids from the database under test). Fixed seed per wrk thread, so runs draw the same ids.

-- $OVERSTAP_PATH_SUFFIX, when set, is appended to the path (e.g. /passende-plekken).
local suffix = os.getenv("OVERSTAP_PATH_SUFFIX") or ""
local path = os.getenv("OVERSTAP_IDS")
if not path then error("set OVERSTAP_IDS to a file with one person id per line") end
local ids = {}
for line in io.lines(path) do
  if #line > 0 then ids[#ids + 1] = line end
end
if #ids == 0 then error("no ids in " .. path) end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  math.randomseed(7 + 1000 * (thread_no or 0))
end

function request()
  return wrk.format("GET", "/api/v1/deelnemers/" .. ids[math.random(#ids)] .. suffix)
end
