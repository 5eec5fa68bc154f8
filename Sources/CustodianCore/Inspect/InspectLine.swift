import Foundation

/// Turns one `custodian inspect` input line into its answer line (CONTRACT.md).
///
/// Input: `{"id": any, "input": "…", "region": "…"?}`. Output: `id` (null when absent) then the
/// kind's fields; a line that cannot be read answers `id` (when one was found) and `error`.
public enum InspectLine {
    private struct Request: Decodable {
        let id: InspectValue?
        let input: InspectValue?
        let region: InspectValue?
    }

    /// The answer to `line`, as one line of JSON without the newline.
    public static func answer(_ line: String, kind: any InspectKind, explain: Bool = false) -> String {
        answerObject(line, kind: kind, explain: explain).serialized
    }

    /// The answer to `line` as an object, for tests.
    public static func answerObject(_ line: String, kind: any InspectKind, explain: Bool = false) -> InspectAnswer {
        guard let value = try? JSONDecoder().decode(InspectValue.self, from: Data(line.utf8)) else {
            return InspectAnswer([("error", .string("the line is not JSON"))])
        }
        guard case .object(let members) = value else {
            return InspectAnswer([("error", .string("the line is not a JSON object"))])
        }
        let id = members["id"] ?? .null
        guard case .string(let input)? = members["input"] else {
            return InspectAnswer([("id", id), ("error", .string("\"input\" must be a string"))])
        }
        var region: String?
        switch members["region"] {
        case nil, .null?: region = nil
        case .string(let text)?: region = text
        default: return InspectAnswer([("id", id), ("error", .string("\"region\" must be a string"))])
        }
        var answer = InspectAnswer([("id", id)])
        for member in kind.inspect(input: input, region: region, explain: explain).members {
            answer.append(member.key, member.value)
        }
        return answer
    }
}
