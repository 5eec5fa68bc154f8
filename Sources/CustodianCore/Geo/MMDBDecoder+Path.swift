/// Reading one member of a record without decoding the rest: the enrichment path asks for the
/// country code only, and a GeoIP2 record also holds names in eight languages.
extension MMDBDecoder {
    /// The value reached from the map at `offset` through `path`, skipping the members not on it.
    ///
    /// Returns nil when a key is missing or a value on the way is not a map.
    func value(at offset: Int, path: [String]) throws(MMDBError) -> MMDBValue? {
        var budget = Self.valueBudget
        var position = try resolved(offset)
        for key in path {
            let field = try field(at: position)
            guard field.kind == .map else { return nil }
            var member = field.start
            var found: Int?
            for _ in 0..<field.size {
                let (matches, next) = try keyMatches(at: member, name: key)
                if matches {
                    found = next
                    break
                }
                member = try skip(at: next, depth: 1, budget: &budget)
            }
            guard let found else { return nil }
            position = try resolved(found)
        }
        return try decode(at: position, depth: 0, budget: &budget).value
    }

    /// Whether the map key at `offset` (a string, or a pointer to one) is `name`, compared as
    /// bytes so skipped keys make no `String`; and the offset of the value after the key.
    private func keyMatches(at offset: Int, name: String) throws(MMDBError) -> (Bool, next: Int) {
        let field = try field(at: offset)
        let string = field.kind == .pointer ? try self.field(at: field.size) : field
        guard string.kind == .string else { throw .invalidData("a map key that is not a string") }
        let matches = bytes[string.start..<string.start + string.size].elementsEqual(name.utf8)
        return (matches, field.kind == .pointer ? field.start : field.start + field.size)
    }

    /// `offset`, or where the pointer at `offset` points.
    private func resolved(_ offset: Int) throws(MMDBError) -> Int {
        let field = try field(at: offset)
        guard field.kind == .pointer else { return offset }
        guard try self.field(at: field.size).kind != .pointer else { throw .invalidData("a pointer to a pointer") }
        return field.size
    }

    /// The offset just after the value at `offset` (a pointer is skipped, not followed).
    func skip(at offset: Int, depth: Int, budget: inout Int) throws(MMDBError) -> Int {
        guard depth <= Self.maximumDepth else { throw .invalidData("values nested too deep") }
        budget -= 1
        guard budget >= 0 else { throw .invalidData("too many values in one answer") }
        let field = try field(at: offset)
        switch field.kind {
        case .pointer, .boolean:
            return field.start
        case .map, .array:
            var position = field.start
            for _ in 0..<(field.kind == .map ? 2 * field.size : field.size) {
                position = try skip(at: position, depth: depth + 1, budget: &budget)
            }
            return position
        case .dataCacheContainer, .endMarker:
            throw .invalidData("a \(field.kind) in the data section")
        default:
            return field.start + field.size
        }
    }
}
