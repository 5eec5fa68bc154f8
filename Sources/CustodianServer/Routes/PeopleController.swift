import CustodianCore
import CustodianStore
import Foundation
import Hummingbird

/// Registration, the person's own profile (read through the purpose gate, corrections audited)
/// and account erasure.
struct PeopleController {
    let people: PersonVault
    let credentials: CredentialStore
    let consent: ConsentService
    let acceptances: PolicyAcceptances
    let hasher: PasswordHasher
    let validation: @Sendable () -> ProfileValidation
    let audit: AuditLog

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("v1/people", use: register)
        let me = router.group("v1/people/me").add(middleware: RequireSession())
        me.get(use: profile)
        me.patch(use: correct)
        me.delete(use: erase)
    }

    struct Registration: Decodable {
        var name: String?
        var email: String?
        var password: String?
        var phone: String?
        var gender: String?
        var birthDate: String?
    }

    struct Created: Encodable {
        var id: String
    }

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(as: Registration.self, context: context)
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
                attributes: check.attributes, lookups: lookups, passwordHash: hash, service: context.apiKey?.serviceId,
                actor: context.actor, requestId: context.requestId)
        } catch StoreError.conflict {
            // Registration must not reveal whether an address is registered: the same answer,
            // with an id that leads nowhere. The notice to the existing account goes out by
            // email once messaging exists; the attempt is audited without personal data.
            try await audit.record(AuditEvent(actor: "anonymous", action: "person.register.duplicate", outcome: "denied", requestId: context.requestId))
            return try .json(Created(id: Identifiers.make()), status: .created)
        }
        // Registering is accepting the policy shown beside the form ("by continuing to use …").
        let evidence = RequestEvidence(request: request, context: context, channel: "registration")
        _ = try await acceptances.record(
            PolicyAcceptance(
                personId: person, policyVersion: consent.policyVersion, acceptedAt: consent.now(), channel: "registration",
                ipTruncated: evidence.ipTruncated, userAgentFamily: evidence.userAgentFamily, evidence: evidence.map),
            actor: "person:\(person)", requestId: context.requestId)
        return try .json(Created(id: person), status: .created)
    }

    struct Profile: Encodable {
        var id: String
        var name: String?
        var email: String?
        var phone: String?
        var gender: String?
        var birthDate: String?
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        try await AcceptanceCheck(acceptances: acceptances, version: consent.policyVersion).require(person)
        return try .json(try await readProfile(person, context: context))
    }

    /// Reads the profile for the person themselves: the service purpose, through the gate.
    func readProfile(_ person: String, context: AppRequestContext) async throws -> Profile {
        let access = try await consent.authorize(
            person: person, purpose: "essential.service", categories: Array(Set(ProfileFields.categories.values)).sorted(),
            actor: context.actor, requestId: context.requestId
        ).get()
        let values = Dictionary(try await people.attributes(of: person, access: access).map { ($0.field, $0.value) }) { first, _ in first }
        return Profile(
            id: person, name: values[ProfileFields.name], email: values[ProfileFields.email], phone: values[ProfileFields.phone],
            gender: values[ProfileFields.gender], birthDate: values[ProfileFields.birthDate])
    }

    struct Correction: Decodable {
        var name: PatchField<String>
        var email: PatchField<String>
        var phone: PatchField<String>
        var gender: PatchField<String>
        var birthDate: PatchField<String>

        enum CodingKeys: String, CodingKey { case name, email, phone, gender, birthDate }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.patchField(String.self, forKey: .name)
            email = try container.patchField(String.self, forKey: .email)
            phone = try container.patchField(String.self, forKey: .phone)
            gender = try container.patchField(String.self, forKey: .gender)
            birthDate = try container.patchField(String.self, forKey: .birthDate)
        }
    }

    @Sendable func correct(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        try await AcceptanceCheck(acceptances: acceptances, version: consent.policyVersion).require(person)
        let body = try await request.decodeJSON(as: Correction.self, context: context)
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
                actor: context.actor, requestId: context.requestId)
        } catch StoreError.conflict {
            throw AppError.validation(field: check.lookups.first?.kind ?? ProfileFields.email, code: "unavailable", message: "This cannot be used for your account.")
        }
        return try .json(try await readProfile(person, context: context))
    }

    struct Erasure: Decodable {
        var password: String
    }

    /// Erases the account after the person confirms with their password: the data key is
    /// destroyed (crypto-shredding), then every row of theirs is deleted.
    @Sendable func erase(_ request: Request, context: AppRequestContext) async throws -> Response {
        let person = try context.personId()
        let body = try await request.decodeJSON(as: Erasure.self, context: context)
        let hash = try await credentials.passwordHash(person: person)
        guard try await hasher.verify(body.password, against: hash) else {
            throw AppError.validation(field: "password", code: "incorrect", message: "Confirm with your current password.")
        }
        try await people.erase(person, actor: context.actor, requestId: context.requestId)
        consent.forget(person)
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.expired)
        return response
    }
}
