@testable import CustodianCore

/// Writes values in the MaxMind DB data format, for the test writer and hand-made hostile files.
struct MMDBEncoder {
    /// The bytes written so far; offsets are relative to the first.
    private(set) var output: [UInt8] = []
    /// When true, a string written before is written again as a pointer to the first copy.
    var usePointers: Bool
    private var strings: [String: Int] = [:]

    init(usePointers: Bool = false) {
        self.usePointers = usePointers
    }

    /// Appends `value`, sorting map keys so equal values encode alike.
    mutating func write(_ value: MMDBValue) {
        switch value {
        case .string(let text):
            if usePointers, let offset = strings[text] {
                output += Self.pointer(offset)
                return
            }
            strings[text] = output.count
            output += Self.control(2, size: text.utf8.count) + Array(text.utf8)
        case .double(let number): output += Self.control(3, size: 8) + Self.bigEndian(number.bitPattern, count: 8)
        case .bytes(let bytes): output += Self.control(4, size: bytes.count) + bytes
        case .uint16(let number): writeInteger(5, UInt64(number))
        case .uint32(let number): writeInteger(6, UInt64(number))
        case .map(let members):
            output += Self.control(7, size: members.count)
            for key in members.keys.sorted() {
                write(.string(key))
                if let member = members[key] { write(member) }
            }
        case .int32(let number):
            if number < 0 {
                output += Self.control(8, size: 4) + Self.bigEndian(UInt64(UInt32(bitPattern: number)), count: 4)
            } else {
                writeInteger(8, UInt64(number))
            }
        case .uint64(let number): writeInteger(9, number)
        case .uint128(let high, let low):
            let bytes = high == 0 ? Self.minimal(low) : Self.minimal(high) + Self.bigEndian(low, count: 8)
            output += Self.control(10, size: bytes.count) + bytes
        case .array(let elements):
            output += Self.control(11, size: elements.count)
            for element in elements { write(element) }
        case .boolean(let flag): output += Self.control(14, size: flag ? 1 : 0)
        case .float(let number): output += Self.control(15, size: 4) + Self.bigEndian(UInt64(number.bitPattern), count: 4)
        }
    }

    private mutating func writeInteger(_ type: Int, _ number: UInt64) {
        let bytes = Self.minimal(number)
        output += Self.control(type, size: bytes.count) + bytes
    }

    /// The control byte(s) for `type` and `size`, extended types and long sizes included.
    static func control(_ type: Int, size: Int) -> [UInt8] {
        let sizeBits: Int
        let extra: [UInt8]
        switch size {
        case ..<29: (sizeBits, extra) = (size, [])
        case ..<285: (sizeBits, extra) = (29, [UInt8(size - 29)])
        case ..<65_821: (sizeBits, extra) = (30, bigEndian(UInt64(size - 285), count: 2))
        default: (sizeBits, extra) = (31, bigEndian(UInt64(size - 65_821), count: 3))
        }
        let head: [UInt8] = type <= 7 ? [UInt8(type << 5 | sizeBits)] : [UInt8(sizeBits), UInt8(type - 7)]
        return head + extra
    }

    /// A pointer to `offset`, in the shortest of the four pointer sizes.
    static func pointer(_ offset: Int) -> [UInt8] {
        switch offset {
        case ..<2_048: [UInt8(0x20 | offset >> 8), UInt8(offset & 0xff)]
        case ..<526_336: [UInt8(0x28 | (offset - 2_048) >> 16)] + bigEndian(UInt64(offset - 2_048), count: 2)
        case ..<134_744_064: [UInt8(0x30 | (offset - 526_336) >> 24)] + bigEndian(UInt64(offset - 526_336), count: 3)
        default: [0x38] + bigEndian(UInt64(offset), count: 4)
        }
    }

    /// The low `count` bytes of `number`, most significant first.
    static func bigEndian(_ number: UInt64, count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: number >> (8 * UInt64($0))) }
    }

    /// `number` in as few bytes as it needs (none for zero).
    static func minimal(_ number: UInt64) -> [UInt8] {
        bigEndian(number, count: (64 - number.leadingZeroBitCount + 7) / 8)
    }
}
