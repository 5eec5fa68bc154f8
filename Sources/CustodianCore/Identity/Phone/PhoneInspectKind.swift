/// `custodian inspect phone`: `valid` and `e164` (null when invalid); a line's `region` is the
/// default region for national numbers.
public struct PhoneInspectKind: InspectKind {
    public static let name = "phone"

    public init() {}

    public func inspect(input: String, region: String?, explain: Bool) -> InspectAnswer {
        switch PhoneNumberParser(defaultRegion: region).parse(input) {
        case .success(let number):
            var answer = InspectAnswer([("valid", .bool(true)), ("e164", .string(number.e164))])
            if explain {
                answer.append("region", .string(number.region))
                answer.append("type", .string(number.type.rawValue))
            }
            return answer
        case .failure(let error):
            var answer = InspectAnswer([("valid", .bool(false)), ("e164", .null)])
            if explain {
                answer.append("code", .string(error.code.rawValue))
                answer.append("message", .string(error.message))
            }
            return answer
        }
    }
}
