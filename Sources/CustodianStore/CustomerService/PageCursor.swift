import CustodianCore
import Foundation

/// Where a newest-first page ended: the creation time and id of its last row, as an opaque token.
public struct PageCursor: Sendable, Equatable {
    public var createdAt: Int64
    public var id: String

    public init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// The token handed to clients (`next`).
    public var token: String {
        Identifiers.base64URL(Array("\(createdAt).\(id)".utf8))
    }

    /// Reads a token; nil when it is not one this type made.
    public init?(token: String) {
        guard token.utf8.count <= 200 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let dot = text.firstIndex(of: "."), let createdAt = Int64(text[..<dot])
        else { return nil }
        let id = String(text[text.index(after: dot)...])
        guard !id.isEmpty else { return nil }
        self.init(createdAt: createdAt, id: id)
    }

    /// The condition selecting rows after this cursor in `created_at DESC, id DESC` order.
    static func condition(_ cursor: PageCursor?) -> (sql: String, binds: [SQLValue]) {
        guard let cursor else { return ("1 = 1", []) }
        return ("(created_at < ? OR (created_at = ? AND id < ?))", [.integer(cursor.createdAt), .integer(cursor.createdAt), .text(cursor.id)])
    }
}
