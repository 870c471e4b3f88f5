-- wrk script: the story's busiest step, placing an order through the gateway, each request
-- with an Idempotency-Key of its own (wrk's thread id and a counter), every 4th request
-- listing the orders instead. TOKEN comes from the environment (bench/story.sh sets it).
local counter = 0
local token = os.getenv("TOKEN")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", "t" .. threads .. "-" .. os.time())
end

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }
  if counter % 4 == 0 then
    return wrk.format("GET", "/api/orders", headers)
  end
  headers["Idempotency-Key"] = id .. "-" .. counter
  return wrk.format("POST", "/api/orders", headers, '{"item": "a book", "quantity": 1}')
end
