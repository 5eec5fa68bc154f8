import CustodianCore
import CustodianStore
import Foundation

/// What partners are given on request: `GET /v1/partner/people/{ref}` (a person they hold a
/// reference for) and `POST /v1/partner/people/lookup` (a person they know by email or phone).
/// Each disclosure is written to the share log and the audit log before it is answered.
struct PartnerOutboundActions: Sendable {
    let disclosure: PartnerDisclosure
    let references: PartnerReferences
    let people: PersonVault
    let shares: ShareLog
    let defaultRegion: String

    /// The person behind `ref`, for `purpose` (or the partner's only one).
    func pull(ref: String, purpose asked: String?, partner: Partner, actor: String, requestId: String) async throws -> PartnerDisclosure.Disclosed {
        guard let person = try await references.resolve(ref, partner: partner.id) else { throw AppError.personNotFound }
        let purpose = try disclosure.purpose(asked: asked, partner: partner).mapError(\.appError).get()
        let disclosed = try await disclosure.disclose(
            person: person, ref: ref, partner: partner, purpose: purpose, actor: actor, requestId: requestId).mapError(\.appError).get()
        try await log(disclosed, person: person, partner: partner, actor: actor, requestId: requestId)
        return disclosed
    }

    struct Lookup: Decodable, Sendable {
        var email: String?
        var phone: String?
        var purpose: String?
    }

    /// A person named by email or phone. Telling a partner that someone is registered is itself a
    /// disclosure, so unless the purpose's basis holds the answer is the 404 of nobody at all —
    /// whatever the reason — and a reference is issued only with the data.
    func lookup(_ body: Lookup, partner: Partner, actor: String, requestId: String) async throws -> PartnerDisclosure.Disclosed {
        var problems: [FieldProblem] = []
        let identifier = PersonIdentifier.parse(
            PersonIdentifier.Given(email: body.email, phone: body.phone, ref: nil), field: "body", defaultRegion: defaultRegion, &problems)
        guard problems.isEmpty, let lookup = identifier?.lookup else {
            throw AppError.validation(problems: problems.map { FieldProblem(field: $0.field.replacingOccurrences(of: "body.", with: ""), code: $0.code, message: $0.message) })
        }
        let purpose = try disclosure.purpose(asked: body.purpose, partner: partner).mapError(\.appError).get()
        guard let person = try await people.find(lookup) else { throw AppError.personNotFound }
        let existing = try await references.issued(partner: partner.id, person: person)
        var ref = existing ?? ""
        if existing == nil { ref = try await references.reference(partner: partner.id, person: person) }
        switch try await disclosure.disclose(person: person, ref: ref, partner: partner, purpose: purpose, actor: actor, requestId: requestId) {
        case .success(let disclosed):
            if existing == nil { _ = try await references.issue(partner: partner.id, person: person) }
            try await log(disclosed, person: person, partner: partner, actor: actor, requestId: requestId)
            return disclosed
        case .failure(let refusal):
            // A partner already holding a reference knows the person: it may hear why.
            guard existing != nil else { throw AppError.personNotFound }
            throw refusal.appError
        }
    }

    private func log(_ disclosed: PartnerDisclosure.Disclosed, person: String, partner: Partner, actor: String, requestId: String) async throws {
        guard !disclosed.categories.isEmpty else { return }
        try await shares.record(
            partner: partner, person: person, purpose: disclosed.purpose, categories: disclosed.categories, channel: .pull, actor: actor,
            requestId: requestId)
    }
}
