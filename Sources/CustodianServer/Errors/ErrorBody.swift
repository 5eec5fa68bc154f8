/// The error body of CONTRACT.md:
/// `{"error":{"code":…,"message":…,"requestId":…,"fields":[…]}}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var requestId: String
        public var fields: [FieldError]?
    }

    public var error: Detail
}
