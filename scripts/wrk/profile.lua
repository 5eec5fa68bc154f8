-- GET /v1/people/me with a session token.
-- wrk … -s scripts/wrk/profile.lua URL -- TOKEN
function init(args)
    wrk.method = "GET"
    wrk.path = "/v1/people/me"
    wrk.headers["Authorization"] = "Bearer " .. args[1]
end
