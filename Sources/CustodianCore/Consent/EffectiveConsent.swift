#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A person's current consent for one purpose, derived from the ledger by ``ConsentLedger``.
public struct EffectiveConsent: Codable, Sendable, Equatable {
    /// The purpose key.
    public var purpose: String
    /// Granted or denied.
    public var state: ConsentState
    /// What decided the state.
    public var source: ConsentSource
    /// The last event that counted, `nil` when the state is the policy's default.
    public var lastEvent: ConsentEventKind?
    /// When that event was recorded, `nil` for defaults.
    public var recordedAt: Date?
    /// The policy version it was recorded under, `nil` for defaults.
    public var policyVersion: String?
    /// Set when the person's explicit choice overrode a GPC or DNT signal: the choice wins over
    /// that signal from then on, and the gate does not let the live signal undo it.
    public var overrodeSignal: ConsentSource?

    /// Creates an effective consent.
    public init(
        purpose: String,
        state: ConsentState,
        source: ConsentSource,
        lastEvent: ConsentEventKind? = nil,
        recordedAt: Date? = nil,
        policyVersion: String? = nil,
        overrodeSignal: ConsentSource? = nil
    ) {
        self.purpose = purpose
        self.state = state
        self.source = source
        self.lastEvent = lastEvent
        self.recordedAt = recordedAt
        self.policyVersion = policyVersion
        self.overrodeSignal = overrodeSignal
    }

    /// Whether an explicit choice resolved a conflict with a privacy signal.
    public var isConflictResolution: Bool { overrodeSignal != nil }

    /// The state a purpose has before anyone records anything.
    public static func policyDefault(for purpose: Purpose) -> EffectiveConsent {
        switch purpose.basis {
        case .byUse: EffectiveConsent(purpose: purpose.key, state: .granted, source: .byUse)
        case .optOut: EffectiveConsent(purpose: purpose.key, state: .granted, source: .default)
        case .optIn: EffectiveConsent(purpose: purpose.key, state: .denied, source: .default)
        }
    }
}
