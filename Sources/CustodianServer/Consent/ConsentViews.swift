import CustodianCore
import Foundation

/// The JSON shapes of consent state, history and acceptances, shared by the service-side and the
/// person-facing endpoints.
enum ConsentViews {
    /// One purpose's current state.
    struct PurposeState: Encodable {
        var purpose: String
        var title: String
        var basis: String
        var state: String
        var source: String
        /// False for purposes that rely on use of the service.
        var changeable: Bool
        var lastEvent: String?
        var recordedAt: Date?
        var policyVersion: String?
        /// Set when an explicit choice overrode a GPC or DNT signal.
        var overrodeSignal: String?

        init(purpose: Purpose, consent: EffectiveConsent) {
            self.purpose = purpose.key
            self.title = purpose.title
            self.basis = purpose.basis.rawValue
            self.state = consent.state.rawValue
            self.source = consent.source.rawValue
            self.changeable = purpose.basis != .byUse
            self.lastEvent = consent.lastEvent?.rawValue
            self.recordedAt = consent.recordedAt
            self.policyVersion = consent.policyVersion
            self.overrodeSignal = consent.overrodeSignal?.rawValue
        }
    }

    /// One ledger entry.
    struct Entry: Encodable {
        var purpose: String
        var kind: String
        var source: String
        var policyVersion: String
        var recordedAt: Date
        var evidence: [String: String]

        init(_ record: ConsentRecord) {
            purpose = record.purpose
            kind = record.kind.rawValue
            source = record.source.rawValue
            policyVersion = record.policyVersion
            recordedAt = record.recordedAt
            evidence = record.evidence
        }
    }

    /// A person's consents: current state per purpose and the whole history.
    struct Consents: Encodable {
        var person: String
        var policyVersion: String
        var policyAccepted: Bool
        var purposes: [PurposeState]
        var history: [Entry]
    }

    /// A recorded acceptance.
    struct Acceptance: Encodable {
        var person: String
        var policyVersion: String
        var acceptedAt: Date
        var channel: String
        var ipTruncated: String?
        var userAgentFamily: String?
    }
}
