/// Any JSON value, for the free-form parts of `custodian inspect` lines (an `id` may be anything).
public enum InspectValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([InspectValue])
    case object([String: InspectValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([InspectValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: InspectValue].self))
        }
    }

    /// Compact JSON text; object keys sorted so equal values print alike.
    public var serialized: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): value.isFinite ? "\(value)" : "null"
        case .string(let value): Self.quoted(value)
        case .array(let values): "[" + values.map(\.serialized).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { Self.quoted($0.key) + ":" + $0.value.serialized }.joined(separator: ",") + "}"
        }
    }

    /// `text` as a JSON string literal (RFC 8259 escapes).
    static func quoted(_ text: String) -> String {
        JSONText.quoted(text)
    }
}

extension InspectValue {
    /// `.string(value)`, or `.null` when `value` is nil.
    public static func string(orNull value: String?) -> InspectValue {
        value.map(InspectValue.string) ?? .null
    }
}
