import Foundation

/// What a machine caller's API key may do (CONTRACT.md).
public enum APIScope: String, Sendable, CaseIterable, Codable, Comparable {
    /// Send telemetry events (`POST /v1/collect`).
    case collect
    /// Ask the purpose gate for decisions (`POST /v1/decisions`).
    case decide
    /// Manage people and the content catalogue on the platform's behalf.
    case people
    /// Read and record consent for people identified by id.
    case consent
    /// Run campaigns and transactional messages.
    case messaging
    /// Act as a registered partner (inbound records, outbound shares).
    case partner
    /// Administer the installation: keys, partners, audit.
    case admin

    public static func < (lhs: APIScope, rhs: APIScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses `collect,decide`; unknown names are returned separately so callers can report them.
    public static func parseList(_ text: String) -> (scopes: Set<APIScope>, unknown: [String]) {
        var scopes = Set<APIScope>()
        var unknown: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            if let scope = APIScope(rawValue: name) { scopes.insert(scope) } else { unknown.append(name) }
        }
        return (scopes, unknown)
    }
}
