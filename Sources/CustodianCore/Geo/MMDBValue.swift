/// One decoded value of a MaxMind DB data section (the format's data types, pointers resolved).
public enum MMDBValue: Sendable, Hashable {
    case string(String)
    case double(Double)
    case bytes([UInt8])
    case uint16(UInt16)
    case uint32(UInt32)
    case map([String: MMDBValue])
    case int32(Int32)
    case uint64(UInt64)
    /// A 128-bit unsigned integer, as its high and low 64 bits.
    case uint128(high: UInt64, low: UInt64)
    case array([MMDBValue])
    case boolean(Bool)
    case float(Float)
}

extension MMDBValue {
    /// The member `key` of a map; nil for a missing key or a value that is not a map.
    public subscript(key: String) -> MMDBValue? {
        guard case .map(let members) = self else { return nil }
        return members[key]
    }

    /// The value reached through maps by `path`, e.g. `["country", "iso_code"]`.
    public subscript(path path: [String]) -> MMDBValue? {
        var value: MMDBValue? = self
        for key in path { value = value?[key] }
        return value
    }

    /// The text of a string value.
    public var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// The number of a double or float value.
    public var double: Double? {
        switch self {
        case .double(let value): value
        case .float(let value): Double(value)
        default: nil
        }
    }

    /// Any integer value that fits in `UInt64` and is not negative.
    public var unsignedInteger: UInt64? {
        switch self {
        case .uint16(let value): UInt64(value)
        case .uint32(let value): UInt64(value)
        case .uint64(let value): value
        case .int32(let value): value >= 0 ? UInt64(value) : nil
        case .uint128(let high, let low): high == 0 ? low : nil
        default: nil
        }
    }
}
