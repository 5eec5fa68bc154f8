#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Whether a purpose may currently use a person's data, as far as their choices go.
public enum ConsentState: String, Codable, Sendable, CaseIterable {
    case granted
    case denied
}

/// What a ledger entry records.
public enum ConsentEventKind: String, Codable, Sendable, CaseIterable {
    case granted
    case denied
    /// A previous grant taken back; has the effect of `denied`.
    case withdrawn

    /// The state this event leaves the purpose in.
    public var state: ConsentState { self == .granted ? .granted : .denied }
}

/// Who or what caused a ledger entry.
public enum ConsentSource: String, Codable, Sendable, CaseIterable {
    /// The person's own choice (privacy centre, API, unsubscribe link).
    case explicit
    /// Implied by using the service, for by-use purposes.
    case byUse = "by_use"
    /// The policy's default for the purpose (opt-out purposes start granted, opt-in denied).
    case `default`
    /// A Global Privacy Control signal (`Sec-GPC: 1`).
    case gpc
    /// A Do-Not-Track signal (`DNT: 1`).
    case dnt
    /// An administrator acting on the person's instruction.
    case admin

    /// Whether the source is a browser privacy signal.
    public var isSignal: Bool { self == .gpc || self == .dnt }
}

/// One append-only entry of the consent ledger.
public struct ConsentRecord: Codable, Sendable, Equatable {
    /// The person the entry is about.
    public var personId: String
    /// The purpose key (fideslang data use).
    public var purpose: String
    /// Granted, denied or withdrawn.
    public var kind: ConsentEventKind
    /// Who or what caused it.
    public var source: ConsentSource
    /// The policy version (content hash) in force when it was recorded.
    public var policyVersion: String
    /// When it was recorded.
    public var recordedAt: Date
    /// How it was obtained: channel, truncated IP, user-agent family, signal header …
    public var evidence: [String: String]

    /// Creates a ledger entry.
    public init(
        personId: String,
        purpose: String,
        kind: ConsentEventKind,
        source: ConsentSource,
        policyVersion: String,
        recordedAt: Date,
        evidence: [String: String] = [:]
    ) {
        self.personId = personId
        self.purpose = purpose
        self.kind = kind
        self.source = source
        self.policyVersion = policyVersion
        self.recordedAt = recordedAt
        self.evidence = evidence
    }
}
