-- GET /v1/people/{id}/recommendations?limit=10, round-robin over people's ids.
-- wrk … -s scripts/wrk/recommendations.lua URL -- IDS_FILE API_KEY
local requests = {}
local next_index = 1

local thread_number = 0
function setup(thread)
    thread:set("thread_index", thread_number)
    thread_number = thread_number + 1
end

function init(args)
    local headers = { ["Authorization"] = "Bearer " .. args[2] }
    for line in io.lines(args[1]) do
        if line ~= "" then
            requests[#requests + 1] = wrk.format("GET", "/v1/people/" .. line .. "/recommendations?limit=10", headers)
        end
    end
    assert(#requests > 0, "no ids in " .. args[1])
    next_index = ((thread_index or 0) * 7919) % #requests + 1
end

function request()
    local r = requests[next_index]
    next_index = next_index % #requests + 1
    return r
end
