/// `custodian inspect email`: `valid` and `normalized` (null when invalid).
public struct EmailInspectKind: InspectKind {
    public static let name = "email"

    public init() {}

    public func inspect(input: String, region: String?, explain: Bool) -> InspectAnswer {
        switch EmailValidator().validate(input) {
        case .success(let address):
            var answer = InspectAnswer([("valid", .bool(true)), ("normalized", .string(address.normalized))])
            if explain {
                answer.append("ascii", .string(address.asciiForm))
                answer.append("lookupKey", .string(address.lookupKey))
            }
            return answer
        case .failure(let error):
            var answer = InspectAnswer([("valid", .bool(false)), ("normalized", .null)])
            if explain {
                answer.append("code", .string(error.code.rawValue))
                answer.append("message", .string(error.message))
            }
            return answer
        }
    }
}
