/// One `custodian inspect` answer: a JSON object whose members keep the order they were added in.
public struct InspectAnswer: Sendable, Equatable {
    /// The members in order; a key added twice appears twice, so add each once.
    public private(set) var members: [(key: String, value: InspectValue)] = []

    public init(_ members: [(String, InspectValue)] = []) {
        self.members = members.map { (key: $0.0, value: $0.1) }
    }

    /// Appends `key: value`.
    public mutating func append(_ key: String, _ value: InspectValue) {
        members.append((key, value))
    }

    /// The value of the first member named `key`.
    public subscript(key: String) -> InspectValue? {
        members.first { $0.key == key }?.value
    }

    /// Compact JSON text, one line.
    public var serialized: String {
        "{" + members.map { InspectValue.quoted($0.key) + ":" + $0.value.serialized }.joined(separator: ",") + "}"
    }

    public static func == (lhs: InspectAnswer, rhs: InspectAnswer) -> Bool {
        lhs.members.elementsEqual(rhs.members) { $0.key == $1.key && $0.value == $1.value }
    }
}
