import CustodianCore
import Foundation

/// The policy a server enforces, read from `--policy FILE` or the built-in default, and refused
/// when it does not load or the checker finds errors.
public struct PolicyFile: Sendable {
    /// The loaded policy.
    public let policy: Policy
    /// The file's text, stored with each new version.
    public let yaml: String
    /// The checker's warnings (errors refuse the file).
    public let warnings: [PolicyFinding]

    /// Loads `path`, or ``DefaultPolicy/yaml`` when `path` is nil.
    /// - Throws: ``ConfigurationError`` naming the file, and the line or the findings.
    public static func load(path: String?) throws -> PolicyFile {
        let yaml: String
        if let path {
            do {
                yaml = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError.invalid("cannot read the policy file \(path)")
            }
        } else {
            yaml = DefaultPolicy.yaml
        }
        let name = path ?? "built-in default policy"
        return try parse(yaml: yaml, name: name)
    }

    /// Loads and checks policy text; `name` is used in messages.
    public static func parse(yaml: String, name: String) throws -> PolicyFile {
        let policy: Policy
        do {
            policy = try PolicyLoader.load(yaml: yaml)
        } catch {
            throw ConfigurationError.invalid("the policy \(name) does not load: \(error.description)")
        }
        let findings = PolicyChecker.check(policy)
        guard !findings.hasErrors else {
            let errors = findings.filter { $0.severity == .error }.map(\.description)
            throw ConfigurationError.invalid(
                "the policy \(name) has \(errors.count) error(s); run `custodian policy check` for details:\n"
                    + errors.joined(separator: "\n"))
        }
        return PolicyFile(policy: policy, yaml: yaml, warnings: findings)
    }
}
