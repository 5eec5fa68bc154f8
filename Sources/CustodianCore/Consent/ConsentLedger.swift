/// Derives current consent from the append-only ledger: a pure fold, no storage.
public enum ConsentLedger {
    /// The effective consent for every purpose of `policy`, given one person's `records`.
    ///
    /// Rules, applied in `recordedAt` order (ties keep input order):
    /// - by-use purposes are always granted while the policy says so; entries cannot change them;
    /// - GPC and DNT entries only deny, and only purposes the policy marks `opt_out_signals`;
    /// - an explicit choice made after a signal wins over it and over later repeats of the same
    ///   signal, and is flagged as a conflict resolution (``EffectiveConsent/overrodeSignal``);
    /// - a signal after an explicit choice that resolved no conflict denies again;
    /// - otherwise the latest entry wins; purposes the policy no longer has are ignored.
    public static func currentStates(records: [ConsentRecord], policy: Policy) -> [String: EffectiveConsent] {
        var states: [String: EffectiveConsent] = [:]
        var purposes: [String: Purpose] = [:]
        for purpose in policy.purposes {
            states[purpose.key] = .policyDefault(for: purpose)
            purposes[purpose.key] = purpose
        }
        let ordered = records.enumerated().sorted {
            ($0.element.recordedAt, $0.offset) < ($1.element.recordedAt, $1.offset)
        }
        for record in ordered.map(\.element) {
            guard let purpose = purposes[record.purpose], purpose.basis != .byUse,
                let current = states[record.purpose]
            else { continue }
            if let next = apply(record, to: current, purpose: purpose) {
                states[record.purpose] = next
            }
        }
        return states
    }

    /// `states` after one more `record`, written after every record `states` was derived from:
    /// the same rules as ``currentStates(records:policy:)``, without refolding the history.
    public static func applying(_ record: ConsentRecord, to states: [String: EffectiveConsent], policy: Policy) -> [String: EffectiveConsent] {
        guard let purpose = policy.purpose(record.purpose), purpose.basis != .byUse,
              let current = states[record.purpose], let next = apply(record, to: current, purpose: purpose)
        else { return states }
        var updated = states
        updated[record.purpose] = next
        return updated
    }

    /// The effective consent after `record`, or `nil` when the record does not count.
    static func apply(_ record: ConsentRecord, to current: EffectiveConsent, purpose: Purpose) -> EffectiveConsent? {
        var next = EffectiveConsent(
            purpose: record.purpose, state: record.kind.state, source: record.source, lastEvent: record.kind,
            recordedAt: record.recordedAt, policyVersion: record.policyVersion)
        if record.source.isSignal {
            // A signal can only say "no", and only to the uses it is meant for.
            guard record.kind != .granted, purpose.optOutSignals else { return nil }
            // The person already chose explicitly against this signal; repeats do not undo that.
            if current.overrodeSignal == record.source { return nil }
            return next
        }
        if record.source == .explicit {
            if current.source.isSignal {
                next.overrodeSignal = current.source
            } else if current.source == .explicit {
                next.overrodeSignal = current.overrodeSignal
            }
        }
        return next
    }

    /// Every person's effective consent, for records of many people.
    public static func currentStatesByPerson(
        records: [ConsentRecord], policy: Policy
    ) -> [String: [String: EffectiveConsent]] {
        Dictionary(grouping: records, by: \.personId).mapValues { currentStates(records: $0, policy: policy) }
    }
}
