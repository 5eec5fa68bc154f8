/// A field of a PATCH body: absent (leave it), null (remove it) or a new value.
enum PatchField<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }
}

extension KeyedDecodingContainer {
    func patchField<Value: Decodable & Sendable>(_ type: Value.Type, forKey key: Key) throws -> PatchField<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
