-- PUT /v1/people/{id}/consents/marketing.communications.email, alternating denied / granted,
-- spread round-robin over many people.
-- wrk -tT … -s scripts/wrk/consents.lua URL -- IDS_FILE API_KEY T
-- Thread t of T takes the ids at positions t, t+T, t+2T … so two threads never write the same
-- person; each pass over a thread's ids flips the state, so every write changes the person's
-- consent (denied → granted → denied …) rather than repeating it.
local requests = {}   -- requests[state][k], state 1 = denied, 2 = granted
local count = 0
local sent = 0

local function read_lines(path)
    local lines = {}
    for line in io.lines(path) do
        if line ~= "" then lines[#lines + 1] = line end
    end
    assert(#lines > 0, "no ids in " .. path)
    return lines
end

local thread_number = 0
function setup(thread)
    thread:set("thread_index", thread_number)
    thread_number = thread_number + 1
end

function init(args)
    local ids = read_lines(args[1])
    local threads = tonumber(args[3]) or 1
    local mine = thread_index or 0
    local headers = {
        ["Authorization"] = "Bearer " .. args[2],
        ["Content-Type"] = "application/json",
    }
    requests[1], requests[2] = {}, {}
    for i = mine + 1, #ids, threads do
        local path = "/v1/people/" .. ids[i] .. "/consents/marketing.communications.email"
        requests[1][#requests[1] + 1] = wrk.format("PUT", path, headers, '{"state":"denied"}')
        requests[2][#requests[2] + 1] = wrk.format("PUT", path, headers, '{"state":"granted"}')
    end
    count = #requests[1]
    assert(count > 0, "thread " .. mine .. " has no ids")
end

function request()
    local k = sent % count + 1
    local state = math.floor(sent / count) % 2 + 1
    sent = sent + 1
    return requests[state][k]
end
