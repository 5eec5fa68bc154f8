import CustodianCore

/// What the acceptance page shows: what changed since the version the person last accepted,
/// the policy's acceptance statement, "I accept" and the way to decline.
struct AcceptPage: Sendable {
    var frame: PageFrame
    /// The current version, which accepting records.
    var version: String
    var effectiveAt: Int64?
    /// Whether the person has accepted the current version already.
    var alreadyAccepted: Bool
    /// The version they accepted last, and when.
    var lastAccepted: (version: String, at: Int64)?
    /// The changes from that version to the current one; nil when there is nothing to compare.
    var changes: [PolicyChange]?
    /// The policy's own "by continuing to use … you consent" statement.
    var acceptanceStatement: String
    /// A local path to go to after accepting.
    var next: String?
}
