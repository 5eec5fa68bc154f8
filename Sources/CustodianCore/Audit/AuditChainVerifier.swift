/// Checks an audit chain entry by entry, in order of position, without holding it in memory.
public struct AuditChainVerifier: Sendable {
    /// Why a chain is not intact, naming the first entry found wrong.
    public struct Break: Error, Equatable, Sendable, CustomStringConvertible {
        public var entry: Int64
        public var reason: String
        public var description: String { "audit chain broken at entry \(entry): \(reason)" }

        public init(entry: Int64, reason: String) {
            self.entry = entry
            self.reason = reason
        }
    }

    /// The last position and hash the store recorded beside the chain.
    public struct Head: Equatable, Sendable {
        public var seq: Int64
        public var hash: [UInt8]
        public init(seq: Int64, hash: [UInt8]) {
            self.seq = seq
            self.hash = hash
        }
    }

    private var expectedSeq: Int64 = 1
    private var previousHash = AuditChain.genesis
    /// Entries checked so far.
    public private(set) var count: Int64 = 0

    public init() {}

    /// Checks the next entry; returns the first break found.
    public mutating func consume(_ entry: AuditEntry) -> Break? {
        if entry.seq > expectedSeq {
            return Break(entry: expectedSeq, reason: "entry is missing (the next stored entry is \(entry.seq))")
        }
        if entry.seq < expectedSeq {
            return Break(entry: entry.seq, reason: "entry appears out of order")
        }
        if entry.prevHash != previousHash {
            return Break(entry: entry.seq, reason: "link to the previous entry does not match (an entry was inserted, removed or reordered)")
        }
        if AuditChain.hash(of: entry) != entry.hash {
            return Break(entry: entry.seq, reason: "contents do not match the entry's hash (the entry was modified)")
        }
        previousHash = entry.hash
        expectedSeq += 1
        count += 1
        return nil
    }

    /// Checks the end of the chain against the recorded head.
    public func finish(head: Head?) -> Break? {
        let last = expectedSeq - 1
        guard let head else {
            return last == 0 ? nil : Break(entry: 1, reason: "the chain head record is missing")
        }
        if head.seq > last {
            return Break(entry: last + 1, reason: "entry is missing (the chain head records \(head.seq) entries)")
        }
        if head.seq < last {
            return Break(entry: head.seq + 1, reason: "entry was appended outside the log (the chain head records \(head.seq) entries)")
        }
        if last > 0 && head.hash != previousHash {
            return Break(entry: last, reason: "entry does not match the chain head's hash")
        }
        return nil
    }
}
