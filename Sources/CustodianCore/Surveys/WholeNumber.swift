/// A JSON number meant to be whole, as decoded: absent, whole, or not a whole number.
///
/// Decoding `2.5` straight into `Int` fails for the whole body without naming the field, so the
/// number is read as a `Double` and judged here; validation then names the field.
public enum WholeNumber: Sendable, Equatable {
    case absent
    case whole(Int)
    case notWhole

    /// The whole value, if that is what was sent.
    public var value: Int? {
        if case .whole(let value) = self { return value }
        return nil
    }

    /// Whether anything was sent.
    public var isPresent: Bool { self != .absent }

    init(_ number: Double?) {
        guard let number else {
            self = .absent
            return
        }
        // Beyond ±2^53 doubles skip integers; such numbers are out of every range here anyway.
        guard number.rounded() == number, abs(number) < 9_007_199_254_740_992 else {
            self = .notWhole
            return
        }
        self = .whole(Int(number))
    }

    /// The problem to report at `field` when a number was sent that is not whole.
    func problem(at field: String) -> FieldProblem? {
        self == .notWhole ? FieldProblem(field: field, code: "invalid_type", message: "Give a whole number.") : nil
    }
}

extension KeyedDecodingContainer {
    /// A number meant to be whole; a string or other type is still a type mismatch at the key.
    func decodeWholeNumber(forKey key: Key) throws -> WholeNumber {
        WholeNumber(try decodeIfPresent(Double.self, forKey: key))
    }
}
