-- wrk script for the REST load benchmark (run.sh). MODE picks the request:
--   customers  POST /api/v1/customers with a fresh externalId each; the new ids go to ids/<thread>.txt
--   create     POST /api/v1/cases for a customer of ids/ that has no case yet (each id used once)
--   get        GET  /api/v1/cases/{id} of a case created before (cases/<thread>.txt)
--   list       GET  /api/v1/cases?status=OPEN&page=0&size=20
--   health     GET  /api/v1/health, the trivial endpoint in the same container
--   mix        create, list and get in turn
-- RATE (requests/s over all connections) paces each connection with delay(); without it wrk goes flat out.
local mode = os.getenv("MODE") or "list"
local dir = os.getenv("WORKDIR") or "."
local rate = tonumber(os.getenv("RATE") or "0")
local auth = "Basic bWFuYWdlcjptYW5hZ2Vy" -- manager:manager

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  thread:set("nthreads", 0)
  table.insert(threads, thread)
  counter = counter + 1
end

local tid, ids, idx, cases, casesOut, idsOut, usedOut, turn, seq, pace

local function lines(path)
  local out = {}
  local f = io.open(path, "r")
  if f then
    for line in f:lines() do
      if #line > 0 then table.insert(out, line) end
    end
    f:close()
  end
  return out
end

function init(args)
  tid = wrk.thread:get("tid")
  idx, turn, seq = 0, 0, 0
  local connections = tonumber(os.getenv("CONNECTIONS") or "1")
  if rate > 0 then pace = 1000 * connections / rate end
  if mode == "customers" then
    idsOut = io.open(dir .. "/ids/" .. tid .. ".txt", "a")
  end
  if mode == "create" or mode == "mix" then
    -- customers that got a case in an earlier run would answer 409: leave them out
    local used = {}
    for _, id in ipairs(lines(dir .. "/used/" .. tid .. ".txt")) do used[id] = true end
    ids = {}
    for _, id in ipairs(lines(dir .. "/ids/" .. tid .. ".txt")) do
      if not used[id] then table.insert(ids, id) end
    end
    casesOut = io.open(dir .. "/cases/" .. tid .. ".txt", "a")
    usedOut = io.open(dir .. "/used/" .. tid .. ".txt", "a")
  end
  if mode == "get" or mode == "mix" then
    cases = lines(dir .. "/cases/" .. tid .. ".txt")
    if #cases == 0 then cases = lines(dir .. "/cases/1.txt") end
  end
end

function delay()
  if pace then return pace end
  return 0
end

local function json(method, path, body)
  return wrk.format(method, path, {["Authorization"] = auth, ["Content-Type"] = "application/json",
    ["Accept"] = "application/json"}, body)
end

local function create()
  idx = idx + 1
  local customer = ids[idx]
  if customer == nil then
    -- out of fresh customers: the answer will be a 409 and show up as a non-2xx in the summary
    customer = ids[1]
  end
  usedOut:write(customer, "\n")
  return json("POST", "/api/v1/cases", '{"customerId":"' .. customer .. '","lossKind":"LAPSED","lossReason":"price"}')
end

local function get()
  turn = turn + 1
  return json("GET", "/api/v1/cases/" .. cases[(turn % #cases) + 1], nil)
end

local function list()
  return json("GET", "/api/v1/cases?status=OPEN&page=0&size=20", nil)
end

function request()
  if mode == "customers" then
    seq = seq + 1
    return json("POST", "/api/v1/customers", '{"externalId":"load-' .. tid .. "-" .. seq .. '-' .. os.time()
      .. '","source":"load","name":"Load customer ' .. seq .. '","ownerRep":"rep1"}')
  elseif mode == "create" then
    return create()
  elseif mode == "get" then
    return get()
  elseif mode == "mix" then
    turn = turn + 1
    local k = turn % 3
    if k == 0 then return create() elseif k == 1 then return list() else return get() end
  elseif mode == "health" then
    return wrk.format("GET", "/api/v1/health")
  else
    return list()
  end
end

function response(status, headers, body)
  if status == 201 then
    local id = string.match(body, '"id":"([0-9a-f%-]+)"')
    if id then
      if mode == "customers" then idsOut:write(id, "\n") else casesOut:write(id, "\n") end
    end
  end
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("RESULT mode=%s requests=%d duration_s=%.1f rps=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f non2xx=%d socket_errors=%d\n",
    mode, summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
