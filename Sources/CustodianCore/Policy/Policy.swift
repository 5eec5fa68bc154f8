/// A privacy policy as data: the single source of the published page and of every gate decision.
///
/// The YAML file an operator edits (see ``PolicyLoader``) maps one-to-one onto this value;
/// the machine form (``PolicyRenderer/json(_:)``) is its canonical JSON with snake_case keys.
public struct Policy: Codable, Sendable, Equatable {
    /// Who is responsible for the data and how to reach them.
    public var controller: Controller
    /// How people accept the policy and what happens when they do not.
    public var acceptance: AcceptanceTerms
    /// The kinds of personal data collected, keyed by fideslang data category.
    public var categories: [DataCategory]
    /// The uses of the data, keyed by fideslang data use, each with its legal basis.
    public var purposes: [Purpose]
    /// The related parties and partners data may flow to or from.
    public var recipients: [Recipient]
    /// Record kinds the policy declares itself not to apply to.
    public var exclusions: [Exclusion]
    /// The human-readable text of every section.
    public var prose: PolicyProse

    /// Creates a policy from its parts.
    public init(
        controller: Controller,
        acceptance: AcceptanceTerms,
        categories: [DataCategory],
        purposes: [Purpose],
        recipients: [Recipient],
        exclusions: [Exclusion],
        prose: PolicyProse
    ) {
        self.controller = controller
        self.acceptance = acceptance
        self.categories = categories
        self.purposes = purposes
        self.recipients = recipients
        self.exclusions = exclusions
        self.prose = prose
    }

    /// The category declared under `key`, if any.
    public func category(_ key: String) -> DataCategory? {
        categories.first { $0.key == key }
    }

    /// The purpose declared under `key`, if any.
    public func purpose(_ key: String) -> Purpose? {
        purposes.first { $0.key == key }
    }

    /// The recipient declared under `key`, if any.
    public func recipient(_ key: String) -> Recipient? {
        recipients.first { $0.key == key }
    }
}
