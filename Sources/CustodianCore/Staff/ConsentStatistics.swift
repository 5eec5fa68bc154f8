/// How many people's consent to one purpose stands granted, denied, or at the policy's default,
/// folded from the ledger by the same rules as each person's own state (``ConsentLedger``).
public struct ConsentTally: Sendable, Equatable {
    public var purpose: String
    /// People whose effective state is granted by a recorded choice or signal.
    public var granted = 0
    /// People whose effective state is denied by a recorded choice or signal.
    public var denied = 0
    /// People with nothing recorded that counts: the policy's default applies.
    public var atDefault = 0
    /// What the default is (granted for opt-out and by-use purposes, denied for opt-in).
    public var defaultState: ConsentState

    /// Everyone, whatever decided their state.
    public var total: Int { granted + denied + atDefault }
    /// People for whom the purpose is allowed (granted, or a default of granted).
    public var effectivelyGranted: Int { granted + (defaultState == .granted ? atDefault : 0) }
}

public enum ConsentStatistics {
    /// The tally of `purpose` over `people` people, given every ledger record about it.
    /// A record of someone not among the people counted (erased since) cannot occur: their
    /// records go with them.
    public static func tally(purpose: Purpose, records: [ConsentRecord], people: Int, policy: Policy) -> ConsentTally {
        let fallback = EffectiveConsent.policyDefault(for: purpose)
        var tally = ConsentTally(purpose: purpose.key, defaultState: fallback.state)
        let relevant = records.filter { $0.purpose == purpose.key }
        var decided = 0
        for (_, states) in ConsentLedger.currentStatesByPerson(records: relevant, policy: policy) {
            guard let state = states[purpose.key], state.lastEvent != nil else { continue }
            decided += 1
            if state.state == .granted { tally.granted += 1 } else { tally.denied += 1 }
        }
        tally.atDefault = max(0, people - decided)
        return tally
    }
}
