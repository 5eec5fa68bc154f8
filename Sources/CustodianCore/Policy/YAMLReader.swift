import Yams

/// A YAML node plus the key path that led to it, so every error can name line and path.
struct YAMLValue {
    let node: Node
    let path: String

    func error(_ message: String) -> PolicyLoadError {
        PolicyLoadError(line: node.mark?.line, column: node.mark?.column, path: path, message: message)
    }

    /// The value as a mapping, rejecting keys outside `keys` so typos do not pass silently.
    func mapping(keys: [String]) throws(PolicyLoadError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw error("expected a mapping") }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw YAMLValue(node: key, path: path).error("keys must be plain strings")
            }
            guard keys.contains(scalar.string) else {
                throw YAMLValue(node: key, path: child(scalar.string)).error(
                    "unknown key; expected one of \(keys.joined(separator: ", "))")
            }
            entries[scalar.string] = (key, value)
        }
        return YAMLMapping(value: self, entries: entries)
    }

    /// The value as a sequence of child values with indexed paths.
    func sequence() throws(PolicyLoadError) -> [YAMLValue] {
        guard case .sequence(let sequence) = node else { throw error("expected a list") }
        return sequence.enumerated().map { YAMLValue(node: $0.element, path: "\(path)[\($0.offset)]") }
    }

    /// The value as a non-empty string.
    func string() throws(PolicyLoadError) -> String {
        guard case .scalar(let scalar) = node, !node.isNull else {
            throw error("expected a string")
        }
        guard !scalar.string.isEmpty else { throw error("must not be empty") }
        return scalar.string
    }

    /// The value as `true` or `false`.
    func bool() throws(PolicyLoadError) -> Bool {
        guard case .scalar(let scalar) = node else { throw error("expected true or false") }
        switch scalar.string {
        case "true": return true
        case "false": return false
        default: throw error("expected true or false")
        }
    }

    /// The value as one of an enumeration's raw values.
    func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws(PolicyLoadError) -> E
    where E.RawValue == String {
        let expected = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .scalar(let scalar) = node, let value = E(rawValue: scalar.string) else {
            throw error("expected one of \(expected)")
        }
        return value
    }

    func child(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// A mapping whose keys have been checked, with typed accessors for its entries.
struct YAMLMapping {
    let value: YAMLValue
    let entries: [String: (key: Node, value: Node)]

    func optional(_ key: String) -> YAMLValue? {
        guard let entry = entries[key] else { return nil }
        if case .scalar = entry.value, entry.value.isNull { return nil }
        return YAMLValue(node: entry.value, path: value.child(key))
    }

    func required(_ key: String) throws(PolicyLoadError) -> YAMLValue {
        guard let found = optional(key) else {
            throw YAMLValue(node: entries[key]?.value ?? value.node, path: value.child(key))
                .error("required key is missing")
        }
        return found
    }

    func string(_ key: String) throws(PolicyLoadError) -> String {
        try required(key).string()
    }

    func optionalString(_ key: String) throws(PolicyLoadError) -> String? {
        guard let found = optional(key) else { return nil }
        return try found.string()
    }

    func strings(_ key: String, required isRequired: Bool = false) throws(PolicyLoadError) -> [String] {
        guard let found = isRequired ? try required(key) : optional(key) else { return [] }
        var result: [String] = []
        for item in try found.sequence() { result.append(try item.string()) }
        return result
    }

    func bool(_ key: String, default fallback: Bool) throws(PolicyLoadError) -> Bool {
        guard let found = optional(key) else { return fallback }
        return try found.bool()
    }

    func oneOf<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(PolicyLoadError) -> E
    where E.RawValue == String {
        try required(key).oneOf(type)
    }

    func list<T>(
        _ key: String,
        required isRequired: Bool = false,
        _ transform: (YAMLValue) throws(PolicyLoadError) -> T
    ) throws(PolicyLoadError) -> [T] {
        guard let found = isRequired ? try required(key) : optional(key) else { return [] }
        var result: [T] = []
        for item in try found.sequence() { result.append(try transform(item)) }
        return result
    }
}

extension Node {
    /// Whether the node is a YAML null (`~`, `null` or nothing); quoted `'null'` is a string.
    ///
    /// Decided here rather than by Yams's resolver: the loader composes with `Resolver.basic`
    /// (every scalar a string, typed by the key that reads it), which spares start-up the ICU
    /// regular expressions of the default resolver.
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }
}
