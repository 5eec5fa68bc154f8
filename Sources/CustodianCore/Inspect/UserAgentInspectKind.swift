/// `custodian inspect useragent`: browser, OS and device as the collection path enriches them.
public struct UserAgentInspectKind: InspectKind {
    public static let name = "useragent"

    private let classifier: UserAgentClassifier

    public init(classifier: UserAgentClassifier = .shared) {
        self.classifier = classifier
    }

    public func inspect(input: String, region: String?, explain: Bool) -> InspectAnswer {
        let info = classifier.classify(input)
        var answer = InspectAnswer([
            ("browserFamily", .string(info.browserFamily)),
            ("browserMajor", .string(orNull: info.browserMajor)),
            ("osFamily", .string(info.osFamily)),
            ("osMajor", .string(orNull: info.osMajor)),
            ("deviceType", .string(info.deviceType.rawValue)),
            ("deviceBrand", .string(orNull: info.deviceBrand)),
            ("deviceModel", .string(orNull: info.deviceModel)),
        ])
        if explain {
            answer.append("browserMinor", .string(orNull: info.browserMinor))
            answer.append("osMinor", .string(orNull: info.osMinor))
            answer.append("isBot", .bool(info.isBot))
        }
        return answer
    }
}
