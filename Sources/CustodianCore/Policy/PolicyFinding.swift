/// One problem ``PolicyChecker`` found in a policy.
public struct PolicyFinding: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Errors make a policy unusable; warnings are for the privacy officer to weigh.
    public enum Severity: String, Sendable, Equatable, Hashable, Codable {
        case error
        case warning
    }

    /// How serious the finding is.
    public var severity: Severity
    /// A stable snake_case code, e.g. `undeclared_category`.
    public var code: String
    /// The key path of the offending value, e.g. `purposes[3].categories[0]`.
    public var path: String
    /// What is wrong and, where possible, what to do.
    public var message: String

    /// Creates a finding.
    public init(severity: Severity, code: String, path: String, message: String) {
        self.severity = severity
        self.code = code
        self.path = path
        self.message = message
    }

    /// `error undeclared_category purposes[3].categories[0]: …`.
    public var description: String {
        "\(severity.rawValue) \(code) \(path): \(message)"
    }
}

extension Array where Element == PolicyFinding {
    /// Whether any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
