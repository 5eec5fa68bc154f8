/// A problem with one field of submitted input: the path of the field (`answers[2].value`), a
/// stable snake_case code and a sentence for people. The server reports it as a 422 field error.
///
/// Messages never repeat what was submitted: it may be personal data.
public struct FieldProblem: Error, Sendable, Equatable {
    public var field: String
    public var code: String
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// Input refused by validation, with every problem found.
public struct InvalidInput: Error, Sendable, Equatable {
    public var problems: [FieldProblem]

    public init(_ problems: [FieldProblem]) {
        self.problems = problems
    }
}
