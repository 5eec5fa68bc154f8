import CustodianCore
import CustodianStore
import Foundation

/// The export an access request delivers: the same document as `GET /v1/people/me/export`
/// (every record of the person, sealed values opened, out-of-scope records in their section),
/// made when staff complete the request and kept, sealed with the person's key, for the
/// requester to fetch with their status token.
struct PrivacyRequestExports: Sendable {
    let exporter: PersonExporter
    let outOfScope: OutOfScopeStore
    let gate: PurposeGate
    let policy: Policy
    let audit: AuditLog
    /// How long an export waits for its requester.
    static let lifetimeMillis: Int64 = 14 * 86_400_000

    /// The export of `person` as JSON bytes; the export itself is audited (`person.export`).
    func document(for person: String, actor: String, requestId: String) async throws -> [UInt8] {
        let export = try await exporter.export(of: person, access: gate.subjectAccess(subject: person), actor: actor, requestId: requestId)
        let section = OutOfScopeViews.ExportSection(try await outOfScope.records(for: person), policy: policy)
        let document = ExportDocument(export: export, outOfScope: section, policyVersion: gate.compiled.version, at: Date())
        return Array(try JSONCoding.encoder.encode(document))
    }

    /// Records that the requester fetched the export (`privacy_request.download`).
    func recordDownload(_ summary: PrivacyRequestSummary, requestId: String) async throws {
        try await audit.record(AuditEvent(
            actor: summary.keySubject, action: "privacy_request.download", subject: summary.personId, purpose: PurposeGate.subjectAccessPurpose,
            requestId: requestId, details: ["request": summary.id]))
    }
}
