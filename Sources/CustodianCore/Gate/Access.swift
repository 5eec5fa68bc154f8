/// Proof that the purpose gate allowed a use: the only key to sealed personal data.
///
/// The initialiser is internal to CustodianCore, so code elsewhere cannot make one; it can only
/// ask ``PurposeGate/authorize(subject:consent:purpose:categories:signals:hasAccount:)``. Storage
/// requires an `Access` to open a sealed field, which makes decrypting without a decision
/// impossible by construction.
public struct Access: Sendable {
    /// The person whose data may be read.
    public let subject: String
    /// The purpose the data is read for.
    public let purpose: String
    /// The categories the gate allowed.
    public let categories: Set<String>
    /// The decision that allowed it.
    public let decision: Decision
    /// The policy version (content hash) the decision was made under.
    public let policyVersion: String

    init(subject: String, purpose: String, categories: Set<String>, decision: Decision, policyVersion: String) {
        self.subject = subject
        self.purpose = purpose
        self.categories = categories
        self.decision = decision
        self.policyVersion = policyVersion
    }

    /// Whether this access covers reading `category` of `person`.
    public func permits(_ category: String, of person: String) -> Bool {
        person == subject && categories.contains(category)
    }
}
