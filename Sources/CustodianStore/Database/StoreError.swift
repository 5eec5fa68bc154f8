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
