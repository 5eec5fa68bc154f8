/// A value bound to or read from SQL, in the types both engines share.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A statement with `?` placeholders and its bindings, written once for both engines.
public struct SQL: Sendable, Hashable {
    public var text: String
    public var binds: [SQLValue]

    public init(_ text: String, _ binds: [SQLValue] = []) {
        self.text = text
        self.binds = binds
    }
}

/// Conversions from Swift values to bindings.
public protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Array: SQLBindable where Element == UInt8 { public var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A result row: values by position, with typed accessors by column name.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    public func int(_ column: String) throws(StoreError) -> Int64 {
        switch self[column] {
        case .integer(let value): return value
        case .real(let value): return Int64(value)
        default: throw .corrupt("column \(column) is not an integer")
        }
    }

    public func optionalInt(_ column: String) throws(StoreError) -> Int64? {
        if case .null = self[column] { return nil }
        return try int(column)
    }

    public func optionalDouble(_ column: String) throws(StoreError) -> Double? {
        switch self[column] {
        case .null: return nil
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: throw .corrupt("column \(column) is not a number")
        }
    }

    public func text(_ column: String) throws(StoreError) -> String {
        guard case .text(let value) = self[column] else { throw .corrupt("column \(column) is not text") }
        return value
    }

    public func optionalText(_ column: String) throws(StoreError) -> String? {
        if case .null = self[column] { return nil }
        return try text(column)
    }

    public func blob(_ column: String) throws(StoreError) -> [UInt8] {
        switch self[column] {
        case .blob(let value): return value
        case .text(let value): return Array(value.utf8)
        default: throw .corrupt("column \(column) is not a blob")
        }
    }

    public func optionalBlob(_ column: String) throws(StoreError) -> [UInt8]? {
        if case .null = self[column] { return nil }
        return try blob(column)
    }
}
