/// The fields of each kind of out-of-scope record (the policy's exclusions (1)–(4)), and which of
/// them identify the person: those are removed when the record is kept after its person's
/// erasure, everything else is what the record is.
public struct OutOfScopeField: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        /// Free text, one line, at most this many characters.
        case text(Int)
        /// One of these words.
        case choice([String])
        /// A decimal amount such as `12.50` (kept as text: no floating-point rounding).
        case decimal
        /// An ISO 4217 currency code.
        case currency
        /// A whole number in the range.
        case integer(ClosedRange<Int>)
    }

    public var name: String
    public var shape: Shape
    public var required: Bool
    /// Removed when the record is detached from an erased person.
    public var identifying: Bool

    public init(_ name: String, _ shape: Shape, required: Bool = false, identifying: Bool = false) {
        self.name = name
        self.shape = shape
        self.required = required
        self.identifying = identifying
    }
}

/// A value as sent: JSON text or a JSON number.
public enum OutOfScopeInput: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// Anything else (an object, a list, a boolean, null).
    case other
}

public enum OutOfScopeSchema {
    /// The fields of `kind`.
    public static func fields(of kind: ExclusionKind) -> [OutOfScopeField] {
        switch kind {
        case .tradingRecords:
            [
                OutOfScopeField("type", .choice(["bid", "transaction", "evaluation"]), required: true),
                OutOfScopeField("reference", .text(200)),
                OutOfScopeField("amount", .decimal),
                OutOfScopeField("currency", .currency),
                OutOfScopeField("rating", .integer(1...5)),
                // What the person wrote in an evaluation: may name them, so it does not outlive them.
                OutOfScopeField("comment", .text(2_000), identifying: true),
            ]
        case .searchKeywords:
            [OutOfScopeField("query", .text(500), required: true)]
        case .creditAndViolations:
            [
                OutOfScopeField("type", .choice(["credit_evaluation", "violation"]), required: true),
                OutOfScopeField("rule", .text(500)),
                OutOfScopeField("measure", .text(500)),
                OutOfScopeField("score", .text(50)),
                OutOfScopeField("details", .text(2_000), identifying: true),
            ]
        case .businessRegistration:
            [
                OutOfScopeField("companyName", .text(300), required: true),
                OutOfScopeField("registrationNumber", .text(100)),
                // The natural person who operates the business: personal data even when published.
                OutOfScopeField("operatorName", .text(200), identifying: true),
                OutOfScopeField("operatorContact", .text(200), identifying: true),
            ]
        case .other:
            [OutOfScopeField("summary", .text(500), required: true), OutOfScopeField("details", .text(2_000), identifying: true)]
        }
    }

    /// The normalised values of a record of `kind`, or every problem by field (`fields.<name>`).
    public static func validate(_ input: [String: OutOfScopeInput], kind: ExclusionKind) -> Result<[String: String], InvalidInput> {
        let schema = fields(of: kind)
        var problems: [FieldProblem] = []
        var values: [String: String] = [:]
        for name in input.keys.sorted() where !schema.contains(where: { $0.name == name }) {
            problems.append(FieldProblem(
                field: "fields.\(name)", code: "unknown_field",
                message: "Records of this kind have: \(schema.map(\.name).joined(separator: ", "))."))
        }
        for field in schema {
            let path = "fields.\(field.name)"
            guard let given = input[field.name] else {
                if field.required { problems.append(FieldProblem(field: path, code: "required", message: "This field is required.")) }
                continue
            }
            switch normalise(given, field.shape) {
            case .success(let value): values[field.name] = value
            case .failure(let problem): problems.append(FieldProblem(field: path, code: problem.code, message: problem.message))
            }
        }
        return problems.isEmpty ? .success(values) : .failure(InvalidInput(problems))
    }

    private static func normalise(_ input: OutOfScopeInput, _ shape: OutOfScopeField.Shape) -> Result<String, FieldProblem> {
        let bad = { (code: String, message: String) in Result<String, FieldProblem>.failure(FieldProblem(field: "", code: code, message: message)) }
        switch (shape, input) {
        case (.text(let limit), .text(let text)):
            return FreeTextRules(maximumLength: limit, multiline: false).check(text, field: "")
        case (.choice(let words), .text(let text)):
            return words.contains(text) ? .success(text) : bad("invalid_choice", "Choose one of: \(words.joined(separator: ", ")).")
        case (.decimal, .text(let text)):
            return isDecimal(text) ? .success(text) : bad("invalid_amount", "Write the amount as digits with an optional point, like 12.50.")
        case (.currency, .text(let text)):
            let upper = text.uppercased()
            return upper.utf8.count == 3 && upper.allSatisfy({ $0.isASCII && $0.isLetter })
                ? .success(upper) : bad("invalid_currency", "Give a three-letter ISO 4217 code, like EUR.")
        case (.integer(let range), .number(let number)):
            guard number.rounded() == number, let whole = Int(exactly: number), range.contains(whole) else {
                return bad("out_of_range", "Give a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return .success(String(whole))
        case (.integer, _):
            return bad("invalid_type", "This value is a number.")
        default:
            return bad("invalid_type", "This value is text.")
        }
    }

    static func isDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), text.utf8.count <= 30 else { return false }
        let digits = { (part: Substring) in !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        return parts.allSatisfy(digits)
    }
}
