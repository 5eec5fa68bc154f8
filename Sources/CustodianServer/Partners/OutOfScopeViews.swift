import CustodianCore
import CustodianStore
import Foundation

/// Out-of-scope records as JSON, each marked as outside the policy with the clause that says so.
enum OutOfScopeViews {
    struct Record: Encodable {
        var id: String
        var exclusion: String
        var kind: String
        /// Always true: the record is listed because it is held, not because the policy covers it.
        var outsidePolicy = true
        /// The policy's own words excluding it.
        var clause: String?
        /// Whether the policy keeps it (detached from the person) when the person is erased.
        var keptOnErasure: Bool
        var fields: [String: String]
        var person: String?
        var source: String?
        var occurredAt: Date
        var detachedAt: Date?

        init(_ record: OutOfScopeRecord, policy: Policy, forStaff: Bool) {
            let exclusion = policy.exclusions.first { $0.key == record.exclusion }
            id = record.id
            self.exclusion = record.exclusion
            kind = record.kind.rawValue
            clause = exclusion.map { policy.resolved($0.description) }
            keptOnErasure = exclusion?.erasure == .keep
            fields = record.fields
            person = forStaff ? record.personId : nil
            source = forStaff ? record.source : nil
            occurredAt = PartnerViews.date(record.occurredAt)
            detachedAt = record.detachedAt.map(PartnerViews.date)
        }
    }

    /// The section of the person's access export (`GET /v1/people/me/export`, when it exists)
    /// holding out-of-scope records; served now at `GET /v1/people/me/out-of-scope`.
    struct ExportSection: Encodable {
        /// The policy's sentence introducing the exclusions.
        var note: String
        var records: [Record]

        init(_ records: [OutOfScopeRecord], policy: Policy) {
            note = policy.resolved(policy.prose.exclusionsIntroduction)
                + " These records are listed because we hold them; they are kept apart from the personal data this policy covers."
            self.records = records.map { Record($0, policy: policy, forStaff: false) }
        }
    }
}
