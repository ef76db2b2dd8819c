-- W2: POST /write/events/-/insert with {"rows": [100 new rows]} per request.
-- Set LITESERVE_TOKEN to send "Authorization: Bearer <token>".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("LITESERVE_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

local rows = {}
for i = 1, 100 do
  rows[i] = string.format(
    '{"ts": "2024-06-01T12:%02d:00", "user_id": %d, "kind": "k%d", "amount": %.2f, ' ..
    '"payload": "benchmark write payload lorem ipsum dolor sit amet %d", "tags": "[\\"red\\"]"}',
    i % 60, 1 + (i * 97) % 10000, i % 10, (i * 7) % 10000 / 100, i)
end
wrk.body = '{"rows": [' .. table.concat(rows, ", ") .. ']}'
