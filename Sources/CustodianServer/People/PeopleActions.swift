import CustodianCore
import CustodianStore
import Foundation

/// What registration, the profile and erasure do, shared by the JSON API (``PeopleController``)
/// and the account pages, so both take the same path through validation, the purpose gate and
/// the audit log. Failures are ``AppError``s (422 with fields for validation); callers render them.
struct PeopleActions: Sendable {
    let people: PersonVault
    let credentials: CredentialStore
    let consent: ConsentService
    let acceptances: PolicyAcceptances
    let hasher: PasswordHasher
    let validation: @Sendable () -> ProfileValidation
    let audit: AuditLog
    let sessions: SessionStore
    /// Sends the notice to an address that someone tried to register again.
    let mailer: Mailer
    /// Registration velocity per address and network (risk events).
    var activity: ActivityMonitor? = nil
    /// Exclusions whose records the policy keeps (detached) when their person is erased.
    var keptOnErasure: Set<String> = []

    /// A registration as sent: every field optional so that validation names each missing one.
    struct Registration: Decodable, Sendable {
        var name: String?
        var email: String?
        var password: String?
        var phone: String?
        var gender: String?
        var birthDate: String?
    }

    /// What registering did.
    enum Registered: Sendable {
        /// A new person, with the lookup form of their address (for signing in at once).
        case created(person: String, lookupEmail: String)
        /// The address was already registered; nothing was created, and the caller must answer
        /// exactly as for ``created(person:lookupEmail:)``.
        case alreadyRegistered
    }

    /// Validates and creates a person, and records their acceptance of the current policy:
    /// registering is accepting the policy shown beside the form ("by continuing to use …").
    /// - Parameter service: the platform service whose API key sent the registration, if any.
    func register(_ body: Registration, evidence: RequestEvidence, service: String? = nil, remoteIP: String? = nil) async throws -> Registered {
        var check = validation()
        check.name(body.name, required: true)
        check.email(body.email, required: true)
        check.password(body.password)
        check.phone(body.phone)
        check.gender(body.gender)
        check.birthDate(body.birthDate)
        guard check.problems.isEmpty, let password = body.password else { throw AppError.validation(check.problems) }
        let hash = try await hasher.hash(password)
        let lookups = check.lookups.map { LookupKey(kind: $0.kind, value: $0.value) }
        let person: String
        do {
            person = try await people.create(
                attributes: check.attributes, lookups: lookups, passwordHash: hash, service: service, actor: "anonymous",
                requestId: evidence.requestId)
        } catch StoreError.conflict {
            // The attempt is audited without personal data, and the address's owner is told.
            try await audit.record(AuditEvent(actor: "anonymous", action: "person.register.duplicate", outcome: "denied", requestId: evidence.requestId))
            if let email = lookups.first(where: { $0.kind == "email" }), let existing = try await people.find(email) {
                try await noticeDuplicate(to: existing, requestId: evidence.requestId)
            }
            return .alreadyRegistered
        }
        _ = try await acceptances.record(
            PolicyAcceptance(
                personId: person, policyVersion: consent.policyVersion, acceptedAt: consent.now(), channel: "registration",
                ipTruncated: evidence.ipTruncated, userAgentFamily: evidence.userAgentFamily, evidence: evidence.map),
            actor: "person:\(person)", requestId: evidence.requestId)
        await activity?.observe(.registration, person: person, address: remoteIP, requestId: evidence.requestId)
        return .created(person: person, lookupEmail: lookups.first { $0.kind == "email" }?.value ?? "")
    }

    /// Queues "someone tried to register with your address" to `person`, at most once an hour, so
    /// that repeating the registration cannot be used to flood their inbox.
    func noticeDuplicate(to person: String, requestId: String) async throws {
        let since = consent.now() - 3_600_000
        guard try await !mailer.outbox.hasRecent(.registrationNotice, to: person, since: since) else { return }
        try await mailer.queue(
            OutboxDraft(kind: .registrationNotice, personId: person, purpose: MessagePurposes.transactional), actor: "anonymous", requestId: requestId)
    }

    /// Whether `person` has accepted the current policy version.
    func hasAcceptedCurrentPolicy(_ person: String) async throws -> Bool {
        try await acceptances.hasAccepted(person, version: consent.policyVersion)
    }

    /// The 428 check of the API: throws when the current policy version is not accepted.
    func requireAcceptance(_ person: String) async throws {
        try await AcceptanceCheck(acceptances: acceptances, version: consent.policyVersion).require(person)
    }

    /// The person's own profile.
    struct Profile: Encodable, Sendable, Equatable {
        var id: String
        var name: String?
        var email: String?
        var phone: String?
        var gender: String?
        var birthDate: String?
    }

    /// Reads the profile for the person themselves: the service purpose, through the gate.
    func profile(of person: String, actor: String, requestId: String) async throws -> Profile {
        let access = try await consent.authorize(
            person: person, purpose: "essential.service", categories: Array(Set(ProfileFields.categories.values)).sorted(),
            actor: actor, requestId: requestId
        ).get()
        let values = Dictionary(try await people.attributes(of: person, access: access).map { ($0.field, $0.value) }) { first, _ in first }
        return Profile(
            id: person, name: values[ProfileFields.name], email: values[ProfileFields.email], phone: values[ProfileFields.phone],
            gender: values[ProfileFields.gender], birthDate: values[ProfileFields.birthDate])
    }

    /// A correction with PATCH semantics: an absent field is left, a null one removed.
    struct Correction: Decodable, Sendable {
        var name: PatchField<String> = .absent
        var email: PatchField<String> = .absent
        var phone: PatchField<String> = .absent
        var gender: PatchField<String> = .absent
        var birthDate: PatchField<String> = .absent

        enum CodingKeys: String, CodingKey { case name, email, phone, gender, birthDate }

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.patchField(String.self, forKey: .name)
            email = try container.patchField(String.self, forKey: .email)
            phone = try container.patchField(String.self, forKey: .phone)
            gender = try container.patchField(String.self, forKey: .gender)
            birthDate = try container.patchField(String.self, forKey: .birthDate)
        }
    }

    /// Validates and stores a correction (audited by the vault); returns the corrected profile.
    func correct(_ person: String, _ body: Correction, actor: String, requestId: String) async throws -> Profile {
        var check = validation()
        var removing: [String] = []
        var removingLookups: [String] = []
        if case .value(let name) = body.name { check.name(name, required: true) }
        if case .null = body.name { check.fail(ProfileFields.name, "required", "A name cannot be removed, only corrected.") }
        if case .value(let email) = body.email { check.email(email, required: true) }
        if case .null = body.email { check.fail(ProfileFields.email, "required", "An email address cannot be removed, only corrected.") }
        switch body.phone {
        case .value(let phone): check.phone(phone)
        case .null:
            removing.append(ProfileFields.phone)
            removingLookups.append("phone")
        case .absent: break
        }
        switch body.gender {
        case .value(let gender): check.gender(gender)
        case .null: removing.append(ProfileFields.gender)
        case .absent: break
        }
        switch body.birthDate {
        case .value(let date): check.birthDate(date)
        case .null: removing.append(ProfileFields.birthDate)
        case .absent: break
        }
        guard check.problems.isEmpty else { throw AppError.validation(check.problems) }
        do {
            try await people.correct(
                person, attributes: check.attributes, removing: removing,
                lookups: check.lookups.map { LookupKey(kind: $0.kind, value: $0.value) }, removingLookups: removingLookups,
                actor: actor, requestId: requestId)
        } catch StoreError.conflict {
            throw AppError.validation(field: check.lookups.first?.kind ?? ProfileFields.email, code: "unavailable", message: "This cannot be used for your account.")
        }
        return try await profile(of: person, actor: actor, requestId: requestId)
    }

    /// Erases the account once the person confirms with their password: the data key is
    /// destroyed (crypto-shredding), then every row of theirs is deleted.
    func erase(_ person: String, password: String, actor: String, requestId: String) async throws {
        let hash = try await credentials.passwordHash(person: person)
        guard try await hasher.verify(password, against: hash) else {
            throw AppError.validation(field: "password", code: "incorrect", message: "Confirm with your current password.")
        }
        try await eraseVerified(person, actor: actor, requestId: requestId)
    }

    /// Erases the account of a person whose identity was verified another way (a privacy
    /// request's emailed code): the same crypto-shredding as ``erase(_:password:actor:requestId:)``.
    /// - Returns: false when there was no such person (erased already).
    @discardableResult
    func eraseVerified(_ person: String, actor: String, requestId: String) async throws -> Bool {
        let erased = try await people.erase(person, retaining: keptOnErasure, actor: actor, requestId: requestId)
        consent.forget(person)
        sessions.forget(person: person)
        return erased
    }

    /// Does the work of a password check that cannot succeed, so that a path that skips a real
    /// check takes about as long as one that makes it.
    func spendPasswordCheck(_ password: String) async throws {
        _ = try await hasher.verify(password, against: nil)
    }
}
