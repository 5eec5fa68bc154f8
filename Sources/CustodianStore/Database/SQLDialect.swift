import Foundation

/// Everything that differs between the SQL of SQLite and PostgreSQL lives here.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres

    /// The column type for byte strings.
    public var blob: String {
        switch self {
        case .sqlite: "BLOB"
        case .postgres: "BYTEA"
        }
    }

    /// The column type for 64-bit integers.
    public var bigint: String {
        switch self {
        case .sqlite: "INTEGER"
        case .postgres: "BIGINT"
        }
    }

    /// Replaces `{blob}` and `{bigint}` in schema statements with this dialect's types.
    public func ddl(_ text: String) -> String {
        text.replacingOccurrences(of: "{blob}", with: blob)
            .replacingOccurrences(of: "{bigint}", with: bigint)
    }

    /// Suffix for a `SELECT` that must lock the rows it reads until the transaction ends.
    /// SQLite needs none: its write transactions already exclude every other writer.
    public var forUpdate: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE"
        }
    }

    /// Suffix for a `SELECT` that claims rows for one worker: on PostgreSQL it locks them and
    /// skips rows another transaction holds, so several nodes claim disjoint rows without waiting.
    public var forUpdateSkipLocked: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }

    /// Rewrites `?` placeholders to `$1 … $n` for PostgreSQL. Placeholders inside quoted
    /// literals are left alone.
    static func numberedPlaceholders(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count + 8)
        var index = 0
        var inLiteral = false
        for char in text {
            if char == "'" { inLiteral.toggle() }
            if char == "?" && !inLiteral {
                index += 1
                out += "$\(index)"
            } else {
                out.append(char)
            }
        }
        return out
    }
}
