-- W3: POST /write/events/-/upsert with 100 existing ids per request.  Each request
-- takes the next block of ids (1-100, 101-200, ... 18901-19000, then again; write.db
-- holds ids 1..20000).  Set LITESERVE_TOKEN to send "Authorization: Bearer <token>".
local headers = {["Content-Type"] = "application/json"}
local token = os.getenv("LITESERVE_TOKEN")
if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end

local bodies = {}
for b = 0, 189 do
  local rows = {}
  for i = 1, 100 do
    local id = b * 100 + i
    rows[i] = string.format(
      '{"id": %d, "ts": "2024-06-02T08:00:00", "user_id": %d, "kind": "k%d", "amount": %.2f, ' ..
      '"payload": "upserted by the benchmark", "tags": "[]"}',
      id, 1 + id % 10000, id % 10, id % 10000 / 100)
  end
  bodies[b + 1] = '{"rows": [' .. table.concat(rows, ", ") .. ']}'
end

local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", nil, headers, bodies[(n - 1) % #bodies + 1])
end
