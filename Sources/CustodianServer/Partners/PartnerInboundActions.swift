import CustodianCore
import CustodianStore
import Foundation

/// `POST /v1/partner/records`: attributes a partner sends about a person.
///
/// Order of checks, and why: the shape (422 by field) and whether the policy lists the partner
/// as a source of every category (403 `source_not_allowed`) are decided without the person, so
/// they reveal nothing about anyone. Then the person is resolved. A partner naming someone by a
/// reference we issued to it, or by an email or phone of someone it already holds a reference
/// for, already knows they exist: a basis that does not hold is a 403 with the reason. A partner
/// naming by email or phone someone it holds no reference for may not learn from us whether they
/// exist, so unless the record is accepted the answer is the same 404 as for nobody at all (and
/// the same work is done either way). Accepted records come back with the person's reference.
struct PartnerInboundActions: Sendable {
    let people: PersonVault
    let references: PartnerReferences
    let records: PartnerRecords
    let consent: ConsentService
    let acceptances: PolicyAcceptances
    let audit: AuditLog
    let defaultRegion: String

    static let maxAttributes = 50

    struct Record: Decodable, Sendable {
        var person: PersonIdentifier.Given?
        var attributes: [Attribute]?
    }

    struct Attribute: Decodable, Sendable {
        var category: String?
        var field: String?
        var value: String?
    }

    struct Accepted: Encodable, Sendable {
        var ref: String
        var source: String
        var accepted: [Item]

        struct Item: Encodable, Sendable {
            var field: String
            var category: String
            var basis: String
        }
    }

    func receive(_ body: Record, partner: Partner, actor: String, requestId: String) async throws -> Accepted {
        var problems: [FieldProblem] = []
        let identifier = PersonIdentifier.parse(body.person, field: "person", defaultRegion: defaultRegion, &problems)
        let attributes = validate(body.attributes, &problems)
        guard problems.isEmpty, let identifier, let attributes else { throw AppError.validation(problems: problems) }
        let categories = attributes.map(\.category)
        let policy = consent.policy
        if let category = PartnerRules.firstNonSource(categories, grant: partner.grant, policy: policy) {
            try await audit.record(AuditEvent(
                actor: actor, action: "partner.record.deny", categories: categories, outcome: "denied", requestId: requestId,
                details: ["partner": partner.id, "reason": "source_not_allowed", "category": category]))
            throw AppError.sourceNotAllowed(partner: partner.name, recipient: partner.grant.recipient, category: category)
        }

        let (person, entitled) = try await resolve(identifier, partner: partner)
        guard let person else { throw AppError.personNotFound }
        let snapshot = try await consent.snapshot(of: person)
        let accepted = try await acceptances.hasAccepted(person, version: consent.policyVersion)
        let decision = PartnerRules.decide(
            categories: categories, grant: partner.grant, gate: consent.gate, consent: snapshot.states, acceptedCurrentPolicy: accepted)
        switch decision {
        case .accepted(let relied):
            let bases = relied.mapValues(\.basis.rawValue)
            let ref: String
            do {
                ref = try await records.accept(attributes, person: person, partner: partner, bases: bases, actor: actor, requestId: requestId)
            } catch StoreError.notFound {
                throw AppError.personNotFound
            }
            return Accepted(
                ref: ref, source: partner.source,
                accepted: attributes.map { Accepted.Item(field: $0.field, category: $0.category, basis: bases[$0.category] ?? "") })
        case .basisNotMet(let category, let refusal):
            try await audit.record(AuditEvent(
                actor: actor, action: "partner.record.deny", subject: person, categories: categories, outcome: "denied", requestId: requestId,
                details: ["partner": partner.id, "reason": refusal.code, "category": category, "hidden": String(!entitled)]))
            guard entitled else { throw AppError.personNotFound }
            throw AppError.basisNotMet(category: category, refusal)
        case .notASource(let category):
            throw AppError.sourceNotAllowed(partner: partner.name, recipient: partner.grant.recipient, category: category)
        }
    }

    /// The person and whether the partner may be told they exist. For email and phone the same
    /// reads are made whether or not anyone matches, so that timing tells little more than the
    /// answer does.
    func resolve(_ identifier: PersonIdentifier, partner: Partner) async throws -> (person: String?, entitled: Bool) {
        switch identifier {
        case .ref(let ref):
            let person = try await references.resolve(ref, partner: partner.id)
            return (person, person != nil)
        case .email, .phone:
            guard let lookup = identifier.lookup else { return (nil, false) }
            let found = try await people.find(lookup)
            let subject = found ?? Identifiers.make()
            let issued = try await references.issued(partner: partner.id, person: subject) != nil
            if found == nil {
                // A ledger read like the found path's consent read, without caching a made-up id.
                _ = try await consent.history(of: subject)
                _ = try await acceptances.hasAccepted(subject, version: consent.policyVersion)
            }
            return (found, found != nil && issued)
        }
    }

    private func validate(_ given: [Attribute]?, _ problems: inout [FieldProblem]) -> [ReceivedAttribute]? {
        guard let given, !given.isEmpty else {
            problems.append(FieldProblem(field: "attributes", code: "required", message: "Send at least one attribute."))
            return nil
        }
        guard given.count <= Self.maxAttributes else {
            problems.append(FieldProblem(field: "attributes", code: "too_many", message: "Send at most \(Self.maxAttributes) attributes at once."))
            return nil
        }
        let before = problems.count
        let text = FreeTextRules(maximumLength: 4_096, multiline: true)
        var accepted: [ReceivedAttribute] = []
        var seen = Set<String>()
        for (index, attribute) in given.enumerated() {
            let path = "attributes[\(index)]"
            var category: String?
            if let key = attribute.category {
                if consent.policy.category(key) == nil {
                    problems.append(FieldProblem(field: "\(path).category", code: "unknown_category", message: "The policy declares no such category."))
                } else {
                    category = key
                }
            } else {
                problems.append(FieldProblem(field: "\(path).category", code: "required", message: "Give the attribute's data category."))
            }
            var field: String?
            if let name = attribute.field {
                if !Self.isFieldName(name) {
                    problems.append(FieldProblem(
                        field: "\(path).field", code: "invalid_format", message: "Use 1 to 64 lower-case letters, digits and underscores, starting with a letter."))
                } else if !seen.insert(name).inserted {
                    problems.append(FieldProblem(field: "\(path).field", code: "duplicate", message: "This field is sent twice."))
                } else {
                    field = name
                }
            } else {
                problems.append(FieldProblem(field: "\(path).field", code: "required", message: "Name the attribute."))
            }
            var value: String?
            if let raw = attribute.value {
                switch text.check(raw, field: "\(path).value") {
                case .success(let normalised): value = normalised
                case .failure(let problem): problems.append(problem)
                }
            } else {
                problems.append(FieldProblem(field: "\(path).value", code: "required", message: "Give the value as text."))
            }
            if let category, let field, let value { accepted.append(ReceivedAttribute(field: field, category: category, value: value)) }
        }
        return problems.count == before ? accepted : nil
    }

    static func isFieldName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, first >= 0x61, first <= 0x7A else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }
}
