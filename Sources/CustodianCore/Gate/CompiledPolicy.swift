/// A policy prepared for fast decisions: every lookup the gate makes is one hash probe.
///
/// Build it once per policy version and share it; it is an immutable value.
public struct CompiledPolicy: Sendable {
    /// The policy it was built from.
    public let policy: Policy
    /// The policy's content hash, i.e. its version.
    public let version: String

    struct CompiledPurpose: Sendable {
        let basis: LegalBasis
        let optOutSignals: Bool
        /// Declared categories the purpose may read, parents already expanded to their children.
        let readable: Set<String>
    }

    let purposes: [String: CompiledPurpose]
    let declaredCategories: Set<String>

    /// Prepares `policy` for the gate.
    public init(_ policy: Policy) {
        self.policy = policy
        self.version = policy.contentHash
        let declared = policy.categories.map(\.key)
        self.declaredCategories = Set(declared)
        var purposes: [String: CompiledPurpose] = [:]
        for purpose in policy.purposes where purposes[purpose.key] == nil {
            // A purpose naming `user.contact` may read every declared category beneath it.
            let readable = declared.filter { key in
                purpose.categories.contains { Fideslang.key(key, isWithin: $0) }
            }
            purposes[purpose.key] = CompiledPurpose(
                basis: purpose.basis, optOutSignals: purpose.optOutSignals, readable: Set(readable))
        }
        self.purposes = purposes
    }

    /// The legal basis of `purpose`, `nil` when the policy does not declare it.
    public func basis(of purpose: String) -> LegalBasis? {
        purposes[purpose]?.basis
    }

    /// The declared categories `purpose` may read.
    public func readableCategories(of purpose: String) -> Set<String> {
        purposes[purpose]?.readable ?? []
    }
}
