/// One schema change. Append-only once shipped: never edit a migration that has run anywhere.
public struct Migration: Sendable {
    public let version: Int64
    public let name: String
    public let statements: @Sendable (SQLDialect) -> [String]

    public init(version: Int64, name: String, statements: @escaping @Sendable (SQLDialect) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
