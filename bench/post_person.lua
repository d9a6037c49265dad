-- wrk script for benchmark (d): POST /api/v1/deelnemers with a valid new person per request
-- (the durable single-row write path: validate, insert in one transaction with
-- synchronous=FULL, audit). Postcodes are drawn from the file named by $OVERSTAP_POSTCODES
-- (one PC4 per line, taken from the database's reference data); names from a short list;
-- the birth date gives an age of 16..60 on today's date. Fixed seed per wrk thread.

local path = os.getenv("OVERSTAP_POSTCODES")
if not path then error("set OVERSTAP_POSTCODES to a file with one PC4 per line") end
local postcodes = {}
for line in io.lines(path) do
  if #line > 0 then postcodes[#postcodes + 1] = line end
end
if #postcodes == 0 then error("no postcodes in " .. path) end

local first = { "Daan", "Sem", "Noah", "Lucas", "Emma", "Julia", "Mila", "Fatima", "Yusuf", "Noor" }
local last = { "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Yilmaz", "El Amrani",
               "Visser", "Pinas", "Nguyen" }
local year = tonumber(os.date("!%Y"))
local headers = { ["Content-Type"] = "application/json" }

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  math.randomseed(7 + 1000 * (thread_no or 0))
end

function request()
  local body = string.format(
    '{"voornaam":"%s","achternaam":"%s","geboortedatum":"%04d-%02d-%02d",' ..
    '"postcode":"%s","situatie":"school","niveau":"pro"}',
    first[math.random(#first)], last[math.random(#last)],
    year - math.random(17, 60), math.random(1, 12), math.random(1, 28),
    postcodes[math.random(#postcodes)])
  return wrk.format("POST", "/api/v1/deelnemers", headers, body)
end
