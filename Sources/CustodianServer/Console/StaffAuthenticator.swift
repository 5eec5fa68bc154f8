import CustodianStore
import Hummingbird

/// Authenticates staff on console routes by the `custodian_staff` cookie. Only the console
/// group runs it, and the cookie's path is `/admin`, so a staff session never reaches a
/// person's routes; a person's session (another cookie, another table) never grants this one.
struct StaffAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: StaffSessionStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[StaffCookie.name]?.value, let signedIn = try await sessions.authenticate(token) else {
            return try await next(request, context)
        }
        var context = context
        context.staff = signedIn
        return try await next(request, context)
    }
}

/// The `custodian_staff` cookie: HttpOnly, SameSite=Strict, Secure behind TLS, path `/admin`.
enum StaffCookie {
    static let name = "custodian_staff"
    static let path = "/admin"

    static func make(token: String, maxAgeSeconds: Int, secure: Bool) -> Cookie {
        Cookie(name: name, value: token, maxAge: maxAgeSeconds, path: path, secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func expired(secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: path, secure: secure, httpOnly: true, sameSite: .strict)
    }
}
