import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Signs people in: password check, brute-force protection and risk scoring from the policy's
/// security signals (network habits, commonly used software), every attempt recorded.
///
/// Every refusal — wrong password, unknown email, locked account or address, risk denial —
/// answers exactly alike, so an attacker learns nothing from which one it was.
struct SignInService: Sendable {
    let people: PersonVault
    let credentials: CredentialStore
    let sessions: SessionStore
    let signIns: SignInLog
    let links: IdentityLinks
    let keyring: Keyring
    let hasher: PasswordHasher
    let sessionLifetimeMillis: Int64
    let throttle: SignInThrottle
    /// The IP database, for country and coarse location; nil when none is configured.
    let geoIP: MMDBReader?
    /// Step-up: challenges waiting for their code, and the mail that carries it.
    let challenges: SignInChallenges
    let mailer: Mailer
    /// The risky-URL registry, asked whether the client's address is listed.
    var screening: URLScreening? = nil

    struct Attempt: Sendable {
        var email: String
        var password: String
        var remoteIP: String?
        var userAgent: String?
        var channel: String
        /// An anonymous id and a device id used before signing in, to link to the person.
        var anonymousId: String? = nil
        var deviceId: String? = nil
        /// The service whose API key made the call, if any.
        var service: String? = nil
        /// The request, for the audit entry of a step-up code.
        var requestId: String? = nil
    }

    struct Success: Sendable {
        var session: Session
        var token: String
        var assessment: SignInAssessment
    }

    /// What a sign-in with the right password comes to.
    enum Outcome: Sendable {
        /// Signed in.
        case signedIn(Success)
        /// The risk asks for a second factor: a code went to the person's email; no session yet.
        case stepUp(StepUp)
    }

    /// A sign-in held back for its code.
    struct StepUp: Sendable {
        var challenge: String
        var expiresAt: Int64
        var assessment: SignInAssessment
    }

    /// The lookup form of an address as typed; anything unparseable simply matches nobody.
    static func lookupKey(email: String) -> String {
        (try? EmailValidator().validate(email).get())?.lookupKey ?? email.lowercased()
    }

    func signIn(_ attempt: Attempt, lookupEmail: String) async throws -> Outcome {
        let index = try await keyring.blindIndex()
        // Addresses and software are kept as keyed digests: comparable, not readable.
        let addressKey = Self.addressKey(attempt.remoteIP, index: index)
        // "Commonly used software": the browser and OS families, so a browser update is not news
        // but a new browser or system is.
        let software = attempt.userAgent.map { userAgent -> String in
            let info = UserAgentClassifier.shared.classify(userAgent)
            return Hex.encode(index.digest(kind: "sign-in-software", value: info.browserFamily + "|" + info.osFamily).prefix(16))
        }
        let network = attempt.remoteIP.flatMap(IPTruncation.truncate)
        let country = attempt.remoteIP.flatMap { geoIP?.country(of: $0) }
        let location = attempt.remoteIP.flatMap { geoIP?.location(of: $0) }.map { GeoPoint(latitude: $0.latitude, longitude: $0.longitude) }
        let person = try await people.find(LookupKey(kind: "email", value: lookupEmail))
        let failures = try await signIns.recentFailures(addressKey: addressKey, person: person, windowMillis: throttle.windowMillis)

        let delay = throttle.delayMillis(failures: max(failures.address, failures.account))
        if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }

        func refuse(_ outcome: String, _ assessment: SignInAssessment? = nil) async throws -> Never {
            try await signIns.record(.init(personId: person, addressKey: addressKey, outcome: outcome, assessment: assessment, software: software, network: network, country: country, location: location))
            throw AppError.invalidCredentials
        }

        if throttle.isLocked(accountFailures: failures.account, addressFailures: failures.address) {
            _ = try await hasher.verify(attempt.password, against: nil)  // the same work as a real check
            try await refuse("locked")
        }
        var hash: String?
        if let person { hash = try await credentials.passwordHash(person: person) }
        guard try await hasher.verify(attempt.password, against: hash), let person else {
            try await refuse("failure")
        }
        let history = try await signIns.history(person: person)
        let assessment = SignInRisk.assess(
            SignInContext(
                softwareDigest: software, network: network, country: country, location: location, at: signIns.now(),
                recentAccountFailures: failures.account, recentAddressFailures: failures.address,
                flaggedAddress: attempt.remoteIP.flatMap { screening?.flaggedAddress($0) }),
            history: history
        )
        if assessment.outcome == .deny { try await refuse("deny", assessment) }
        if assessment.outcome == .stepUp {
            let challenge = SignInChallenge(
                personId: person, channel: attempt.channel, addressKey: addressKey, assessment: assessment, software: software, network: network,
                country: country, location: location, expiresAt: signIns.now() + Self.stepUpLifetimeMillis)
            return .stepUp(try await stepUp(challenge, requestId: attempt.requestId))
        }
        try await signIns.record(.init(personId: person, addressKey: addressKey, outcome: "success", assessment: assessment, software: software, network: network, country: country, location: location))
        return .signedIn(try await open(person: person, assessment: assessment, attempt: attempt, software: software, network: network))
    }

    /// Links the ids used before sign-in and opens the session.
    func open(person: String, assessment: SignInAssessment, attempt: Attempt, software: String?, network: String?) async throws -> Success {
        // What was collected under these ids before sign-in becomes the person's (and goes with them).
        if let anonymous = attempt.anonymousId { try await links.link(.anonymous, value: anonymous, to: person, service: attempt.service) }
        if let device = attempt.deviceId { try await links.link(.device, value: device, to: person, service: attempt.service) }
        let opened = try await sessions.create(person: person, channel: attempt.channel, software: software, network: network, lifetimeMillis: sessionLifetimeMillis)
        return Success(session: opened.session, token: opened.token, assessment: assessment)
    }
}
