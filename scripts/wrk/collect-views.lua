-- POST /v1/collect with BATCH page views of catalogue items by known people, every messageId
-- unique: the ingest the recommendation model must keep up with.
-- wrk … -s scripts/wrk/collect-views.lua URL -- API_KEY BATCH IDS_FILE URLS_FILE
local thread_number = 0
function setup(thread)
    thread:set("thread_id", thread_number)
    thread_number = thread_number + 1
end

local headers, batch
local people, urls = {}, {}
local counter = 0

local function read_lines(path, into)
    for line in io.lines(path) do
        if line ~= "" then into[#into + 1] = line end
    end
    assert(#into > 0, "nothing in " .. path)
end

function init(args)
    headers = {
        ["Authorization"] = "Bearer " .. args[1],
        ["Content-Type"] = "application/json",
        ["User-Agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        ["Accept-Language"] = "en-GB,en;q=0.9",
    }
    batch = tonumber(args[2] or "100")
    read_lines(args[3], people)
    read_lines(args[4], urls)
end

-- A request carries sessions of ten views each, by different people, of items near each other
-- in the catalogue (as a page-view SDK batching for a busy site would).
function request()
    counter = counter + 1
    local first = (thread_id * 7 + counter * 31) % #urls
    local parts = { '{"batch":[' }
    local person
    for i = 1, batch do
        if (i - 1) % 10 == 0 then person = people[(thread_id * 104729 + counter * 13 + i) % #people + 1] end
        parts[#parts + 1] = '{"type":"page","messageId":"w' .. thread_id .. "-" .. counter .. "-" .. i ..
            '","userId":"' .. person .. '","context":{"page":{"url":"' .. urls[(first + i) % #urls + 1] ..
            '"},"locale":"en-GB"}}'
        parts[#parts + 1] = i < batch and "," or ""
    end
    parts[#parts + 1] = "]}"
    return wrk.format("POST", "/v1/collect", headers, table.concat(parts))
end
