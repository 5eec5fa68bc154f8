import CustodianCore

/// One person's consent as the gate sees it: whether they exist and the state derived from their
/// ledger by ``ConsentLedger``. The history itself is not kept here (it only grows); read it with
/// ``ConsentService/history(of:)``.
public struct ConsentSnapshot: Sendable {
    /// The person's id.
    public let person: String
    /// Whether the person exists (has an account); decisions about unknown people are refused.
    public let exists: Bool
    /// The effective consent per purpose of the current policy.
    public let states: [String: EffectiveConsent]
    /// The privacy signals ever recorded, as `source|purpose`.
    let signals: Set<String>

    init(person: String, exists: Bool, states: [String: EffectiveConsent], signals: Set<String>) {
        self.person = person
        self.exists = exists
        self.states = states
        self.signals = signals
    }

    /// A snapshot derived from the person's whole ledger.
    init(person: String, exists: Bool, records: [ConsentRecord], policy: Policy) {
        self.init(
            person: person, exists: exists, states: ConsentLedger.currentStates(records: records, policy: policy),
            signals: Set(records.filter { $0.source.isSignal }.map { Self.signalKey($0.source, $0.purpose) }))
    }

    /// This snapshot after one more `record`, folded in without the history.
    func applying(_ record: ConsentRecord, policy: Policy) -> ConsentSnapshot {
        var signals = signals
        if record.source.isSignal { signals.insert(Self.signalKey(record.source, record.purpose)) }
        return ConsentSnapshot(person: person, exists: exists, states: ConsentLedger.applying(record, to: states, policy: policy), signals: signals)
    }

    /// Whether a `source` signal was ever recorded for `purpose`.
    func hasSignal(_ source: ConsentSource, for purpose: String) -> Bool {
        signals.contains(Self.signalKey(source, purpose))
    }

    static func signalKey(_ source: ConsentSource, _ purpose: String) -> String {
        source.rawValue + "|" + purpose
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
