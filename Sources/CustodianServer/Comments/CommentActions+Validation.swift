import CustodianCore
import CustodianStore

extension CommentActions {
    /// Checks every field of a submission and names each problem: `body`, `name` and `email`
    /// required; `website` an http(s) URL when given; `page` a local path (default `/privacy`).
    /// A line break or control character in the name or address is refused outright (it could
    /// split a mail header or a log line), not collapsed.
    static func validate(_ submission: Submission) throws -> CommentDraft {
        var problems: [FieldProblem] = []
        var body: String?
        if let given = submission.body {
            switch CommentRules.body.check(given, field: "body") {
            case .success(let text): body = text
            case .failure(let problem): problems.append(problem.code == "required" ? required("body") : problem)
            }
        } else {
            problems.append(required("body"))
        }
        var name: String?
        if let given = submission.name, !given.trimmingCharacters(in: .whitespaces).isEmpty {
            if CommentRules.hasLineBreakOrControl(given) {
                problems.append(FieldProblem(field: "name", code: "invalid_character", message: "A name is one line, without control characters."))
            } else {
                switch NameRules().normalize(given) {
                case .success(let normalized): name = normalized
                case .failure(let error): problems.append(FieldProblem(field: "name", code: error.code.rawValue, message: error.message))
                }
            }
        } else {
            problems.append(required("name"))
        }
        var address: EmailAddress?
        if let given = submission.email, !given.trimmingCharacters(in: .whitespaces).isEmpty {
            if CommentRules.hasLineBreakOrControl(given) {
                problems.append(FieldProblem(field: "email", code: "invalid_character", message: "An email address is one line, without control characters."))
            } else {
                switch EmailValidator().validate(given) {
                case .success(let valid): address = valid
                case .failure(let error): problems.append(FieldProblem(field: "email", code: error.code.rawValue, message: error.message))
                }
            }
        } else {
            problems.append(required("email"))
        }
        var website: String?
        switch CommentRules.website(submission.website) {
        case .success(let url): website = url
        case .failure(let problem): problems.append(problem)
        }
        var page: String?
        switch CommentRules.page(submission.page) {
        case .success(let path): page = path
        case .failure(let problem): problems.append(problem)
        }
        guard problems.isEmpty, let body, let name, let address, let page else { throw AppError.validation(problems: problems) }
        return CommentDraft(page: page, name: name, email: address.normalized, emailLookup: address.lookupKey, website: website, body: body)
    }

    static func required(_ field: String) -> FieldProblem {
        let message = switch field {
        case "body": "Write your comment."
        case "name": "Give your name."
        default: "Give your email address. It will not be published."
        }
        return FieldProblem(field: field, code: "required", message: message)
    }
}
