-- wrk script: every request registers a new user (a unique email per request), so every
-- request hashes a password with argon2 on both servers.
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"email":"user%d-%d@example.com","name":"Load Test","password":"correct horse battery"}',
    id, counter)
  return wrk.format("POST", "/users", { ["Content-Type"] = "application/json" }, body)
end
