/// Errors of the storage layer. Messages never contain SQL text, bound values or key material.
public enum StoreError: Error, Equatable, Sendable {
    /// A unique constraint was violated (a duplicate key).
    case conflict
    /// The database could not be reached or answered with an engine error.
    case unavailable(String)
    /// Stored data does not have the expected shape.
    case corrupt(String)
    /// The requested record does not exist.
    case notFound
    /// The configuration cannot be used (bad URL, unreadable key file …).
    case configuration(String)
    /// Keys cannot open what is stored (wrong master key, shredded data key).
    case keyUnavailable(String)
}

extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .conflict: "the record conflicts with one that already exists"
        case .unavailable(let detail): "the database is unavailable: \(detail)"
        case .corrupt(let detail): "stored data is corrupt: \(detail)"
        case .notFound: "the record does not exist"
        case .configuration(let detail): detail
        case .keyUnavailable(let detail): "a key is unavailable: \(detail)"
        }
    }
}
