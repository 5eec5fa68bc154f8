-- POST /v1/decisions for registered people, round-robin over their ids.
-- wrk … -s scripts/wrk/decisions.lua URL -- IDS_FILE API_KEY
-- Every request asks the same question (essential.service, user.contact.email); the person
-- changes from one request to the next.
local requests = {}
local next_index = 1

-- each thread starts at a different place in the list
local thread_number = 0
function setup(thread)
    thread:set("thread_index", thread_number)
    thread_number = thread_number + 1
end

local function read_lines(path)
    local lines = {}
    for line in io.lines(path) do
        if line ~= "" then lines[#lines + 1] = line end
    end
    assert(#lines > 0, "no ids in " .. path)
    return lines
end

function init(args)
    local ids = read_lines(args[1])
    local headers = {
        ["Authorization"] = "Bearer " .. args[2],
        ["Content-Type"] = "application/json",
    }
    for _, id in ipairs(ids) do
        local body = '{"person":"' .. id .. '","purpose":"essential.service","categories":["user.contact.email"]}'
        requests[#requests + 1] = wrk.format("POST", "/v1/decisions", headers, body)
    end
    next_index = ((thread_index or 0) * 7) % #requests + 1
end

function request()
    local r = requests[next_index]
    next_index = next_index % #requests + 1
    return r
end
