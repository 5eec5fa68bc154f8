-- GET /v1/risk/urls/check?url=… round-robin over a mix of URLs (safe, risky, IDN, shorteners).
-- wrk … -s scripts/wrk/urlcheck.lua URL -- API_KEY
local urls = {
    "https://www.google.com/search?q=url+parser", "https://en.wikipedia.org/wiki/Public_Suffix_List",
    "https://octocat.github.io/blog/", "https://www.bbc.co.uk/news/uk-123", "https://bit.ly/3xYz",
    "http://paypal.com@evil-site.com/", "https://xn--pypal-4ve.com/signin", "http://0x7f.1/",
    "https://shop.example-store.com/products/12345?ref=home", "https://b%C3%BCcher.de/",
    "https://paypal.com.account-verify.top/login", "https://www.amazon.co.uk/dp/B000",
}
local encoded = {}
local function encode(text)
    return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for i, url in ipairs(urls) do encoded[i] = "/v1/risk/urls/check?url=" .. encode(url) end

local key
local index = 1
function init(args)
    key = args[1]
end

function request()
    local path = encoded[index]
    index = index % #encoded + 1
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. key })
end
