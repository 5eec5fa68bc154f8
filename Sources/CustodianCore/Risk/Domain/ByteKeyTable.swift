/// A read-only hash table from short byte strings (ASCII host names, labels) to small values,
/// looked up by a byte range so that a URL check never makes a `String` just to ask a question.
///
/// Open addressing with linear probing over a power-of-two slot array, FNV-1a hashes; built once
/// (from the Public Suffix List, the shortener list, the operator's lists) and then only read.
struct ByteKeyTable<Value: Sendable>: Sendable {
    private let keys: [UInt8]
    private let entries: [Entry]
    private let slots: [Int32]
    private let mask: Int

    private struct Entry: Sendable {
        var start: Int32
        var length: Int32
        var hash: UInt64
        var value: Value
    }

    /// Builds the table; when a key appears twice, `combine` merges the values (later second).
    init(_ pairs: some Sequence<(key: [UInt8], value: Value)>, combine: (Value, Value) -> Value = { _, new in new }) {
        var keys: [UInt8] = []
        var entries: [Entry] = []
        var index: [[UInt8]: Int] = [:]
        for (key, value) in pairs {
            if let existing = index[key] {
                entries[existing].value = combine(entries[existing].value, value)
                continue
            }
            index[key] = entries.count
            entries.append(Entry(start: Int32(keys.count), length: Int32(key.count), hash: Self.hash(key[...]), value: value))
            keys.append(contentsOf: key)
        }
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: -1, count: capacity)
        for (position, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(position)
        }
        self.keys = keys
        self.entries = entries
        self.slots = slots
        self.mask = capacity - 1
    }

    /// The number of keys.
    var count: Int { entries.count }

    /// The value stored under `bytes`, if any.
    func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard !entries.isEmpty else { return nil }
        let hash = Self.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & mask
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let position = Int(slots[slot])
                if position < 0 { return nil }
                let entry = entries[position]
                if entry.hash == hash, Int(entry.length) == bytes.count {
                    var equal = true
                    let start = Int(entry.start)
                    for offset in 0..<bytes.count where keys[start + offset] != bytes[offset] {
                        equal = false
                        break
                    }
                    if equal { return entry.value }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The value stored under the UTF-8 bytes of `text`.
    func value(_ text: some StringProtocol) -> Value? {
        var copy = String(text)
        return copy.withUTF8 { value($0) }
    }

    static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // Mix the high bits down: slots are chosen from the low bits.
        return hash ^ (hash >> 29)
    }
}
