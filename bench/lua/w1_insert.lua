-- W1: POST /write/events/-/insert, one row per request (a new row each time:
-- no id is given).  Set LITESERVE_TOKEN to send "Authorization: Bearer <token>".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("LITESERVE_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

wrk.body = '{"row": {"ts": "2024-06-01T12:00:00", "user_id": 42, "kind": "k3", ' ..
           '"amount": 12.5, "payload": "benchmark write payload lorem ipsum dolor sit amet", ' ..
           '"tags": "[\\"red\\", \\"blue\\"]"}}'
