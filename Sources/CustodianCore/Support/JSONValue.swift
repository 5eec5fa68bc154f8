/// A JSON value as parsed by ``JSONParser``: for payloads whose shape is checked field by field
/// (collected events), so that one bad field is reported by name instead of failing the whole body.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member `key` of an object; nil for other values or a missing member.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Compact JSON text, object keys sorted so equal values give equal bytes.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number):
            if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
                out += String(Int64(number))
            } else {
                out += "\(number)"
            }
        case .string(let text): out += JSONText.quoted(text)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in Set(members.keys).sorted().enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quoted(key)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// Nesting depth: 0 for scalars, 1 for a flat array or object.
    public var depth: Int {
        switch self {
        case .array(let items): 1 + (items.map(\.depth).max() ?? 0)
        case .object(let members): 1 + (members.values.map(\.depth).max() ?? 0)
        default: 0
        }
    }
}

/// A JSON object as its members in order. Event objects are small, so a linear search beats
/// hashing every key; a repeated key's last value wins, as in most parsers.
public struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    /// One member, in the order it was written.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
    }

    public private(set) var members: [Member] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { append(key, value) }
    }

    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    public subscript(key: String) -> JSONValue? {
        var index = members.count - 1
        while index >= 0 {
            if members[index].key == key { return members[index].value }
            index -= 1
        }
        return nil
    }

    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }
    public var values: [JSONValue] { members.map(\.value) }

    /// `other`'s members over this object's.
    public func merging(_ other: JSONObject) -> JSONObject {
        var merged = self
        merged.members += other.members
        return merged
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        let left = Set(lhs.keys)
        guard left == Set(rhs.keys) else { return false }
        return left.allSatisfy { lhs[$0] == rhs[$0] }
    }
}
