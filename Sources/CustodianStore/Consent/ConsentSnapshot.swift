import CustodianCore

/// One person's consent as the gate sees it: whether they exist, their ledger and the state
/// derived from it by ``ConsentLedger``.
public struct ConsentSnapshot: Sendable {
    /// The person's id.
    public let person: String
    /// Whether the person exists (has an account); decisions about unknown people are refused.
    public let exists: Bool
    /// Every ledger record, in the order written.
    public let records: [ConsentRecord]
    /// The effective consent per purpose of the current policy.
    public let states: [String: EffectiveConsent]

    /// Whether a `source` signal was ever recorded for `purpose`.
    func hasSignal(_ source: ConsentSource, for purpose: String) -> Bool {
        records.contains { $0.source == source && $0.purpose == purpose }
    }
}

/// Why a consent change was refused.
public enum ConsentError: Error, Sendable, Equatable {
    /// There is no person with this id.
    case unknownPerson
    /// The policy declares no such purpose.
    case unknownPurpose(String)
    /// The purpose is allowed by use of the service; choices do not change it.
    case notOptional(String)
}
