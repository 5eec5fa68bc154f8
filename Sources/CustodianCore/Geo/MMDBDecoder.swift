/// Decodes values in the MaxMind DB data format (spec section "Output Data Section").
///
/// Every read is checked against `end`, nesting against `maximumDepth` and the number of values
/// against a budget, so a truncated or hostile file throws instead of trapping or looping (a
/// pointer cycle, or maps of pointers that multiply one small map many times over).
struct MMDBDecoder: Sendable {
    /// The whole file.
    let bytes: [UInt8]
    /// Where pointers count from: the data section's first byte, or the metadata's.
    let base: Int
    /// One past the last byte of the section.
    let end: Int

    /// Deeper than any real database nests; libmaxminddb allows 512, but a real record nests 3 deep.
    static let maximumDepth = 64
    /// Values decoded for one answer at most; a whole GeoIP2 City record has a few hundred.
    static let valueBudget = 100_000

    /// The data types, by their number in the format.
    enum Kind: Int {
        case pointer = 1, string, double, bytes, uint16, uint32, map, int32, uint64, uint128, array
        case dataCacheContainer, endMarker, boolean, float
    }

    /// A value's control byte(s), read: its kind, its size and where its payload starts.
    struct Field {
        let kind: Kind
        /// The payload's length; for a pointer, the absolute offset it points to; for a boolean, its value.
        let size: Int
        /// The first byte after the control bytes (for a pointer, the byte after it).
        let start: Int
    }

    /// The value at absolute offset `offset`, pointers followed.
    func decode(at offset: Int) throws(MMDBError) -> MMDBValue {
        var budget = Self.valueBudget
        return try decode(at: offset, depth: 0, budget: &budget).value
    }

    /// The value at `offset` and the offset just after it (after the pointer, for a pointer).
    func decode(at offset: Int, depth: Int, budget: inout Int) throws(MMDBError) -> (value: MMDBValue, next: Int) {
        guard depth <= Self.maximumDepth else { throw .invalidData("values nested too deep") }
        budget -= 1
        guard budget >= 0 else { throw .invalidData("too many values in one answer") }
        let field = try field(at: offset)
        switch field.kind {
        case .pointer:
            guard try self.field(at: field.size).kind != .pointer else { throw .invalidData("a pointer to a pointer") }
            return (try decode(at: field.size, depth: depth + 1, budget: &budget).value, field.start)
        case .map:
            var members: [String: MMDBValue] = [:]
            members.reserveCapacity(min(field.size, (end - field.start) / 2))
            var position = field.start
            for _ in 0..<field.size {
                let key = try decode(at: position, depth: depth + 1, budget: &budget)
                guard case .string(let name) = key.value else { throw .invalidData("a map key that is not a string") }
                let value = try decode(at: key.next, depth: depth + 1, budget: &budget)
                members[name] = value.value
                position = value.next
            }
            return (.map(members), position)
        case .array:
            var elements: [MMDBValue] = []
            elements.reserveCapacity(min(field.size, end - field.start))
            var position = field.start
            for _ in 0..<field.size {
                let element = try decode(at: position, depth: depth + 1, budget: &budget)
                elements.append(element.value)
                position = element.next
            }
            return (.array(elements), position)
        default:
            return (try scalar(field), field.start + (field.kind == .boolean ? 0 : field.size))
        }
    }

    /// A value that holds no other values.
    private func scalar(_ field: Field) throws(MMDBError) -> MMDBValue {
        let payload = bytes[field.start..<field.start + (field.kind == .boolean ? 0 : field.size)]
        switch field.kind {
        case .string:
            guard let text = String(validating: payload, as: UTF8.self) else { throw .invalidData("a string that is not UTF-8") }
            return .string(text)
        case .bytes: return .bytes(Array(payload))
        case .double:
            guard field.size == 8 else { throw .invalidData("a double of \(field.size) bytes") }
            return .double(Double(bitPattern: Self.integer(payload)))
        case .float:
            guard field.size == 4 else { throw .invalidData("a float of \(field.size) bytes") }
            return .float(Float(bitPattern: UInt32(Self.integer(payload))))
        case .uint16: return .uint16(UInt16(try Self.unsigned(payload, maximumBytes: 2)))
        case .uint32: return .uint32(UInt32(try Self.unsigned(payload, maximumBytes: 4)))
        case .int32: return .int32(Int32(bitPattern: UInt32(try Self.unsigned(payload, maximumBytes: 4))))
        case .uint64: return .uint64(try Self.unsigned(payload, maximumBytes: 8))
        case .uint128:
            guard field.size <= 16 else { throw .invalidData("a uint128 of \(field.size) bytes") }
            let split = max(payload.startIndex, payload.endIndex - 8)
            return .uint128(high: Self.integer(payload[..<split]), low: Self.integer(payload[split...]))
        case .boolean:
            guard field.size <= 1 else { throw .invalidData("a boolean of value \(field.size)") }
            return .boolean(field.size == 1)
        case .dataCacheContainer, .endMarker:
            throw .invalidData("a \(field.kind) in the data section")
        case .pointer, .map, .array:
            throw .invalidData("a \(field.kind) decoded as a scalar")
        }
    }

    /// The control bytes at `offset`, checked against the section's end.
    func field(at offset: Int) throws(MMDBError) -> Field {
        var position = offset
        let control = try byte(&position)
        var number = Int(control >> 5)
        if number == 0 {
            number = 7 + Int(try byte(&position))
            guard number >= 8 else { throw .invalidData("an extended type below 8") }
        }
        guard let kind = Kind(rawValue: number) else { throw .invalidData("unknown type \(number)") }
        if kind == .pointer {
            let target = base + (try pointer(control, &position))
            guard target < end else { throw .invalidData("a pointer past the end of its section") }
            return Field(kind: kind, size: target, start: position)
        }
        var size = Int(control & 0x1f)
        switch size {
        case 29: size = 29 + (try integer(1, &position))
        case 30: size = 285 + (try integer(2, &position))
        case 31: size = 65_821 + (try integer(3, &position))
        default: break
        }
        if kind != .map && kind != .array && kind != .boolean && size > end - position {
            throw .invalidData("a value runs past the end of its section")
        }
        return Field(kind: kind, size: size, start: position)
    }

    /// A pointer's value (relative to `base`) from its control byte and the bytes after it.
    private func pointer(_ control: UInt8, _ position: inout Int) throws(MMDBError) -> Int {
        let high = Int(control & 0x7)
        switch (control >> 3) & 0x3 {
        case 0: return high << 8 | (try integer(1, &position))
        case 1: return (high << 16 | (try integer(2, &position))) + 2_048
        case 2: return (high << 24 | (try integer(3, &position))) + 526_336
        default: return try integer(4, &position)
        }
    }

    private func byte(_ position: inout Int) throws(MMDBError) -> UInt8 {
        guard position >= 0, position < end else { throw .invalidData("a value runs past the end of its section") }
        defer { position += 1 }
        return bytes[position]
    }

    private func integer(_ count: Int, _ position: inout Int) throws(MMDBError) -> Int {
        var value = 0
        for _ in 0..<count { value = value << 8 | Int(try byte(&position)) }
        return value
    }

    private static func unsigned(_ payload: ArraySlice<UInt8>, maximumBytes: Int) throws(MMDBError) -> UInt64 {
        guard payload.count <= maximumBytes else { throw .invalidData("an integer of \(payload.count) bytes") }
        return integer(payload)
    }

    /// Big-endian bytes as an integer; callers pass at most 8 bytes.
    private static func integer(_ payload: ArraySlice<UInt8>) -> UInt64 {
        payload.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
