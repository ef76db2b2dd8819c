-- W4: on one database, 9 reads of /write/events/12345.json for every 1-row insert
-- (POST /write/events/-/insert).  The URL given to wrk is the read path.
-- Set LITESERVE_TOKEN to send "Authorization: Bearer <token>".
local post_headers = {["Content-Type"] = "application/json"}
local token = os.getenv("LITESERVE_TOKEN")
if token and token ~= "" then post_headers["Authorization"] = "Bearer " .. token end

local insert_body = '{"row": {"ts": "2024-06-01T12:00:00", "user_id": 42, "kind": "k3", ' ..
                    '"amount": 12.5, "payload": "benchmark mixed workload", "tags": "[]"}}'
local n = 0
request = function()
  n = n + 1
  if n % 10 == 0 then
    return wrk.format("POST", "/write/events/-/insert", post_headers, insert_body)
  end
  return wrk.format("GET")   -- the URL's own path: /write/events/12345.json
end
