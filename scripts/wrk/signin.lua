-- POST /v1/sessions with a registered person's email and password (every request succeeds and
-- creates a session).
-- wrk … -s scripts/wrk/signin.lua URL -- EMAIL PASSWORD
function init(args)
    wrk.method = "POST"
    wrk.path = "/v1/sessions"
    wrk.headers["Content-Type"] = "application/json"
    wrk.body = '{"email":"' .. args[1] .. '","password":"' .. args[2] .. '"}'
end
