import CustodianCore

/// The browser family of a `User-Agent` header, for evidence: the full string is never kept.
enum UserAgentFamily {
    /// The uap-core browser family of `userAgent`, e.g. `Firefox`, `Chrome Mobile`, `Mobile Safari`, or `Other`.
    static func of(_ userAgent: String) -> String {
        UserAgentClassifier.shared.classify(userAgent).browserFamily
    }
}
