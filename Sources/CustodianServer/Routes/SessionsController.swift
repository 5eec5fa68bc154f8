import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Signing in and out, the person's sessions, their password, and their recent sign-ins.
struct SessionsController {
    let signIn: SignInService
    let sessions: SessionStore
    let signIns: SignInLog
    let credentials: CredentialStore
    let hasher: PasswordHasher
    let makeValidation: @Sendable () -> ProfileValidation

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/sessions", use: create)
        router.post("v1/sessions/verify", use: verify)
        router.group("v1/sessions").add(middleware: RequireSession()).delete("current", use: signOut)
        let me = router.group("v1/people/me").add(middleware: RequireSession())
        me.get("sessions", use: list)
        me.delete("sessions/{id}", use: revoke)
        me.put("password", use: changePassword)
        me.get("sign-ins", use: recentSignIns)
    }

    struct Credentials: Decodable {
        var email: String
        var password: String
        /// Ids the client used before sign-in (Segment-style `anonymousId`, the device's id).
        var anonymousId: String?
        var deviceId: String?
    }

    struct Created: Encodable {
        var token: String
        var personId: String
        var expiresAt: Date
        var risk: SignInAssessment
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Credentials.self, context: context)
        var problems: [FieldError] = []
        for (field, value) in [("anonymousId", body.anonymousId), ("deviceId", body.deviceId)] {
            if let value, value.isEmpty || value.utf8.count > 200 {
                problems.append(FieldError(field: field, code: "invalid_length", message: "Give 1 to 200 characters."))
            }
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let lookup = SignInService.lookupKey(email: body.email)
        let outcome = try await signIn.signIn(
            .init(
                email: body.email, password: body.password, remoteIP: context.remoteIP, userAgent: request.headers[.userAgent], channel: "api",
                anonymousId: body.anonymousId, deviceId: body.deviceId, service: context.apiKey?.serviceId, requestId: context.requestId
            ),
            lookupEmail: lookup
        )
        switch outcome {
        case .signedIn(let success): return try Self.created(success)
        case .stepUp(let stepUp): throw AppError.stepUpRequired(stepUp)
        }
    }

    static func created(_ success: SignInService.Success) throws -> Response {
        try .json(
            Created(token: success.token, personId: success.session.personId, expiresAt: Self.date(success.session.expiresAt), risk: success.assessment),
            status: .created
        )
    }

    struct Code: Decodable {
        var challenge: String?
        var code: String?
        var anonymousId: String?
        var deviceId: String?
    }

    /// Answers a step-up challenge with the emailed code: 201 with the session, as a sign-in.
    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Code.self, context: context)
        var problems: [FieldError] = []
        if body.challenge?.isEmpty ?? true { problems.append(FieldError(field: "challenge", code: "required", message: "Give the challenge of the 401 step_up_required answer.")) }
        if body.code?.isEmpty ?? true { problems.append(FieldError(field: "code", code: "required", message: "Give the code from the email.")) }
        guard problems.isEmpty, let challenge = body.challenge, let code = body.code else { throw AppError.validation(problems) }
        let success = try await signIn.verify(.init(
            challenge: challenge, code: code, remoteIP: context.remoteIP, userAgent: request.headers[.userAgent], channel: "api",
            anonymousId: body.anonymousId, deviceId: body.deviceId, service: context.apiKey?.serviceId))
        return try Self.created(success)
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        _ = try await sessions.revoke(id: session.id, person: session.personId)
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.expired)
        return response
    }

    struct SessionView: Encodable {
        var id: String
        var channel: String
        var network: String?
        var createdAt: Date
        var expiresAt: Date
        var current: Bool
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let current = try context.requireSession()
        let views = try await sessions.list(person: current.personId).map {
            SessionView(id: $0.id, channel: $0.channel, network: $0.network, createdAt: Self.date($0.createdAt), expiresAt: Self.date($0.expiresAt), current: $0.id == current.id)
        }
        return try .json(["items": views])
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        guard try await sessions.revoke(id: try context.parameters.require("id"), person: person) else {
            throw AppError.notFound("You have no live session with this id.")
        }
        return Response(status: .noContent)
    }

    struct PasswordChange: Decodable {
        var currentPassword: String
        var newPassword: String
    }

    /// Changes the password and signs out every other session.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let body = try await request.decodeJSON(as: PasswordChange.self, context: context)
        var check = makeValidation()
        check.password(body.newPassword, field: "newPassword")
        let hash = try await credentials.passwordHash(person: session.personId)
        if try await !hasher.verify(body.currentPassword, against: hash) {
            check.fail("currentPassword", "incorrect", "Give your current password.")
        }
        guard check.problems.isEmpty else { throw AppError.validation(check.problems) }
        try await credentials.setPasswordHash(try await hasher.hash(body.newPassword), person: session.personId, actor: context.actor, requestId: context.requestId)
        try await sessions.revokeAll(person: session.personId, keeping: session.id)
        return Response(status: .noContent)
    }

    struct SignInView: Encodable {
        var at: Date
        var outcome: String
        var score: Int
        var reasons: [String]
        var network: String?
        var country: String?
    }

    @Sendable func recentSignIns(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let events = try await signIns.recent(person: person, limit: 50).map {
            SignInView(at: Self.date($0.at), outcome: $0.outcome, score: $0.score, reasons: $0.reasons, network: $0.network, country: $0.country)
        }
        return try .json(["items": events])
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
