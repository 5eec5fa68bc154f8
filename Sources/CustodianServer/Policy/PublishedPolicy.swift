import CustodianCore
import Foundation

/// The current policy in the forms the server publishes, rendered once at start-up.
struct PublishedPolicy: Sendable {
    let policy: Policy
    let compiled: CompiledPolicy
    /// The content hash.
    let version: String
    /// The `/privacy` page.
    let page: String
    /// The `/privacy.json` body.
    let json: String

    init(_ policy: Policy) {
        self.policy = policy
        self.compiled = CompiledPolicy(policy)
        self.version = compiled.version
        self.page = PolicyPages.policyPage(policy, version: compiled.version, effectiveAt: nil, changes: nil, isCurrent: true)
        self.json = Self.machineJSON(policy)
    }

    /// ``PolicyRenderer/json(_:)`` with `version` (the content hash) added at the top level.
    static func machineJSON(_ policy: Policy) -> String {
        let rendered = PolicyRenderer.json(policy)
        guard var object = (try? JSONSerialization.jsonObject(with: Data(rendered.utf8))) as? [String: Any] else { return rendered }
        object["version"] = policy.contentHash
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
        else { return rendered }
        return String(decoding: data, as: UTF8.self)
    }
}
