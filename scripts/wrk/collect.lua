-- POST /v1/collect with BATCH page events per request, every messageId unique.
-- wrk … -s scripts/wrk/collect.lua URL -- API_KEY BATCH
-- BATCH = 1 sends a single event (not wrapped in a batch). The events look like what the web SDK
-- sends: page URL, title, referrer, screen, locale, time zone, a few properties; the user agent
-- and Accept-Language come as headers, the IP from the connection.
local thread_number = 0
function setup(thread)
    thread:set("thread_id", thread_number)
    thread_number = thread_number + 1
end

local key, batch, headers
local counter = 0

function init(args)
    key = args[1]
    batch = tonumber(args[2] or "100")
    headers = {
        ["Authorization"] = "Bearer " .. key,
        ["Content-Type"] = "application/json",
        ["User-Agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        ["Accept-Language"] = "en-GB,en;q=0.9",
    }
end

-- An event is its template with the messageId and anonymousId filled in; the body is built with
-- one table.concat, so that wrk (which shares the machine's cores with the server) spends as
-- little as it can per event.
local head = '{"type":"page","messageId":"'
local middle = '","anonymousId":"'
local function tail(n)
    return '","name":"Product","timestamp":"2026-11-30T07:00:00.000Z","sentAt":"2026-11-30T07:00:00.120Z",' ..
        '"properties":{"sku":"SKU-' .. n .. '","price":19.99},' ..
        '"context":{"page":{"url":"https://shop.example/products/' .. n ..
        '","referrer":"https://search.example/?q=shoes","title":"Running shoes"},' ..
        '"screen":{"width":1440,"height":900,"density":2},"locale":"en-GB","timezone":"Europe/London",' ..
        '"library":{"name":"custodian.js","version":"1.0.0"}}}'
end
local tails = {}
for n = 0, 996 do tails[n] = tail(n) end

function request()
    counter = counter + 1
    local prefix = "t" .. thread_id .. "-" .. counter
    local anon = "anon-" .. thread_id .. "-" .. (counter % 50)
    local product = tails[counter % 997]
    local body
    if batch == 1 then
        body = head .. prefix .. middle .. anon .. product
    else
        local parts = { '{"batch":[' }
        for i = 1, batch do
            parts[#parts + 1] = head
            parts[#parts + 1] = prefix
            parts[#parts + 1] = "-"
            parts[#parts + 1] = i
            parts[#parts + 1] = middle
            parts[#parts + 1] = anon
            parts[#parts + 1] = product
            parts[#parts + 1] = i < batch and "," or ""
        end
        parts[#parts + 1] = '],"sentAt":"2026-11-30T07:00:00.120Z"}'
        body = table.concat(parts)
    end
    return wrk.format("POST", "/v1/collect", headers, body)
end
