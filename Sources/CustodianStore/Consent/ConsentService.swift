import CustodianCore
import Foundation

/// The store-backed purpose gate: the person's consent from the ledger (cached), decisions by
/// ``PurposeGate``, denials audited, and choices and privacy signals recorded in the ledger.
public final class ConsentService: Sendable {
    /// The gate, compiled for the current policy.
    public let gate: PurposeGate
    let ledger: ConsentLedgerStore
    let people: PersonVault
    let audit: AuditLog
    /// The store's clock, milliseconds since the Unix epoch.
    public let now: @Sendable () -> Int64
    let cache: ConsentCache

    /// A service deciding under `policy`; the policy's version must already be recorded.
    ///
    /// On PostgreSQL, where other processes may write the same ledger, cached snapshots are
    /// trusted for `sharedCacheMaxAge` at most; on SQLite this process is the only writer.
    public init(
        policy: CompiledPolicy, repositories: Repositories, cacheCapacity: Int = 100_000,
        sharedCacheMaxAge: Duration = .seconds(2)
    ) {
        self.gate = PurposeGate(compiled: policy)
        self.ledger = repositories.consentLedger
        self.people = repositories.people
        self.audit = repositories.audit
        self.now = repositories.now
        self.cache = ConsentCache(
            capacity: cacheCapacity, maxAge: repositories.database.dialect == .postgres ? sharedCacheMaxAge : nil)
    }

    /// The current policy.
    public var policy: Policy { gate.compiled.policy }
    /// The current policy's version (content hash).
    public var policyVersion: String { gate.compiled.version }

    /// Every ledger record of `person`, in the order written.
    public func history(of person: String) async throws -> [ConsentRecord] {
        try await ledger.records(of: person)
    }

    /// Drops the cached consent of `person` (after erasure, or a change made elsewhere).
    public func forget(_ person: String) {
        cache.invalidate(person)
    }

    /// The person's consent, from the cache or the database.
    public func snapshot(of person: String) async throws -> ConsentSnapshot {
        try await snapshotAndToken(of: person).snapshot
    }

    /// The snapshot and the cache token it was read under.
    func snapshotAndToken(of person: String) async throws -> (snapshot: ConsentSnapshot, token: ConsentCache.Token) {
        let (cached, token) = cache.lookup(person)
        if let cached { return (cached, token) }
        let exists = try await people.exists(person)
        let records = exists ? try await ledger.records(of: person) : []
        let snapshot = ConsentSnapshot(person: person, exists: exists, records: records, policy: policy)
        cache.store(snapshot, ifToken: token)
        return (snapshot, token)
    }

    /// Decides whether `person`'s `categories` may be used for `purpose`; denials are audited.
    /// - Returns: `nil` when there is no such person.
    public func decide(
        person: String, purpose: String, categories: [String], signals: PrivacySignals, actor: String, requestId: String? = nil
    ) async throws -> Decision? {
        let snapshot = try await snapshot(of: person)
        guard snapshot.exists else { return nil }
        let decision = gate.decide(
            consent: snapshot.states, purpose: purpose, categories: categories, signals: signals, hasAccount: true)
        if !decision.allowed {
            try await auditDenial(decision, person: person, purpose: purpose, categories: categories, actor: actor, requestId: requestId)
        }
        return decision
    }

    /// Asks the gate for an ``Access`` to `person`'s `categories` for `purpose`; denials are audited.
    /// - Throws: ``ConsentError/unknownPerson`` when there is no such person.
    public func authorize(
        person: String, purpose: String, categories: [String], signals: PrivacySignals = .none, actor: String,
        requestId: String? = nil
    ) async throws -> Result<Access, Decision> {
        let snapshot = try await snapshot(of: person)
        guard snapshot.exists else { throw ConsentError.unknownPerson }
        let result = gate.authorize(
            subject: person, consent: snapshot.states, purpose: purpose, categories: categories, signals: signals, hasAccount: true)
        if case .failure(let decision) = result {
            try await auditDenial(decision, person: person, purpose: purpose, categories: categories, actor: actor, requestId: requestId)
        }
        return result
    }

    /// The outcome of recording a choice.
    public struct Change: Sendable {
        /// The ledger entry written.
        public var record: ConsentRecord
        /// The purpose's state after it.
        public var state: EffectiveConsent
    }

    /// Records a choice about `purpose` for `person`, with evidence, and audits it.
    ///
    /// Denying a purpose that an explicit or admin grant had allowed is recorded as `withdrawn`.
    public func record(
        person: String, purpose: String, state: ConsentState, source: ConsentSource, evidence: [String: String],
        actor: String, requestId: String? = nil
    ) async throws -> Change {
        guard let declared = policy.purpose(purpose) else { throw ConsentError.unknownPurpose(purpose) }
        guard declared.basis != .byUse else { throw ConsentError.notOptional(purpose) }
        let (before, token) = try await snapshotAndToken(of: person)
        guard before.exists else { throw ConsentError.unknownPerson }
        let current = before.states[purpose]
        let kind: ConsentEventKind
        if state == .granted {
            kind = .granted
        } else if let current, current.state == .granted, current.source == .explicit || current.source == .admin {
            kind = .withdrawn
        } else {
            kind = .denied
        }
        let record = ConsentRecord(
            personId: person, purpose: purpose, kind: kind, source: source, policyVersion: policyVersion,
            recordedAt: Self.date(now()), evidence: evidence)
        let event = AuditEvent(
            actor: actor, action: "consent.record", subject: person, purpose: purpose, requestId: requestId,
            details: ["kind": kind.rawValue, "source": source.rawValue])
        do {
            try await ledger.append(record, audit: event)
        } catch {
            cache.invalidate(person)
            throw error
        }
        // The ledger is append-only and this record is its latest: the state after is the state
        // before with this record folded in, not a reload of the person's whole history.
        let after = before.applying(record, policy: policy)
        cache.replace(after, ifToken: token)
        return Change(record: record, state: after.states[purpose] ?? EffectiveConsent(purpose: purpose, state: state, source: source))
    }

    /// Records the privacy signals on a request about `person`, the first time each is seen for
    /// each purpose it opts out of; later requests with the same signal write nothing.
    /// - Returns: the records written (none for an unknown person or a signal already recorded).
    @discardableResult
    public func observe(_ signals: PrivacySignals, for person: String, evidence: [String: String]) async throws -> [ConsentRecord] {
        guard signals.any else { return [] }
        let snapshot = try await snapshot(of: person)
        guard snapshot.exists else { return [] }
        let sources: [(ConsentSource, String)] =
            (signals.gpc ? [(.gpc, "Sec-GPC: 1")] : []) + (signals.dnt ? [(.dnt, "DNT: 1")] : [])
        let at = Self.date(now())
        var records: [ConsentRecord] = []
        for purpose in policy.purposes where purpose.optOutSignals && purpose.basis != .byUse {
            for (source, header) in sources where !snapshot.hasSignal(source, for: purpose.key) {
                records.append(ConsentRecord(
                    personId: person, purpose: purpose.key, kind: .denied, source: source, policyVersion: policyVersion,
                    recordedAt: at, evidence: evidence.merging(["signal": header]) { _, new in new }))
            }
        }
        guard !records.isEmpty else { return [] }
        defer { cache.invalidate(person) }
        try await ledger.append(records)
        return records
    }

    private func auditDenial(
        _ decision: Decision, person: String, purpose: String, categories: [String], actor: String, requestId: String?
    ) async throws {
        try await audit.record(AuditEvent(
            actor: actor, action: "gate.deny", subject: person, purpose: purpose, categories: categories,
            outcome: "denied", requestId: requestId, details: ["reason": decision.reason.code.rawValue]))
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }
}
