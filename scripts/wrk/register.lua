-- POST /v1/people with a unique email per request: RUN_TAG, the thread's number and a counter.
-- wrk … -s scripts/wrk/register.lua URL -- RUN_TAG PASSWORD
local tag, password
local counter = 0
local headers = { ["Content-Type"] = "application/json" }

local thread_number = 0
function setup(thread)
    thread:set("thread_index", thread_number)
    thread_number = thread_number + 1
end

function init(args)
    tag = args[1]
    password = args[2]
end

function request()
    counter = counter + 1
    local email = string.format("load-%s-t%d-%d@example.org", tag, thread_index or 0, counter)
    local body = '{"name":"Load Test","email":"' .. email .. '","password":"' .. password .. '"}'
    return wrk.format("POST", "/v1/people", headers, body)
end
