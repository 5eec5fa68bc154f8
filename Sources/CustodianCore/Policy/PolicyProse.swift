/// The human-readable text of the policy, section by section.
///
/// Strings may contain `{controller}`, replaced by ``Controller/name`` when rendered.
public struct PolicyProse: Codable, Sendable, Equatable {
    /// The page title, e.g. "Privacy Policy".
    public var title: String
    /// The opening paragraphs, before the contact and acceptance statements.
    public var introduction: [String]
    /// Which services the policy applies to.
    public var scope: PolicySection
    /// How information is collected; its clauses reference ``DataSource`` raw values.
    public var collection: PolicySection
    /// Information from third parties; its clauses reference recipient keys.
    public var thirdParties: PolicySection
    /// The sentence that introduces the list of exclusions.
    public var exclusionsIntroduction: String
    /// How information is used; its clauses reference purpose keys.
    public var use: PolicySection
    /// The note shown above the comment form under the policy page.
    public var comments: PolicySection

    /// Creates the prose.
    public init(
        title: String,
        introduction: [String],
        scope: PolicySection,
        collection: PolicySection,
        thirdParties: PolicySection,
        exclusionsIntroduction: String,
        use: PolicySection,
        comments: PolicySection
    ) {
        self.title = title
        self.introduction = introduction
        self.scope = scope
        self.collection = collection
        self.thirdParties = thirdParties
        self.exclusionsIntroduction = exclusionsIntroduction
        self.use = use
        self.comments = comments
    }
}

/// One titled section of the policy text.
public struct PolicySection: Codable, Sendable, Equatable {
    /// The section heading.
    public var title: String
    /// Paragraphs before the numbered clauses.
    public var paragraphs: [String]
    /// The numbered clauses, in order.
    public var clauses: [PolicyClause]

    /// Creates a section.
    public init(title: String, paragraphs: [String], clauses: [PolicyClause] = []) {
        self.title = title
        self.paragraphs = paragraphs
        self.clauses = clauses
    }
}

/// One numbered clause of a section, tied to the structured entries it describes.
public struct PolicyClause: Codable, Sendable, Equatable {
    /// An optional lead-in heading, e.g. "The information you provide to us".
    public var title: String?
    /// The clause text.
    public var paragraphs: [String]
    /// Keys of the sources, purposes or recipients this clause describes.
    public var refs: [String]

    /// Creates a clause.
    public init(title: String? = nil, paragraphs: [String], refs: [String] = []) {
        self.title = title
        self.paragraphs = paragraphs
        self.refs = refs
    }
}
