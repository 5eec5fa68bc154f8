/// The limits of surveys and their questions.
public enum SurveyRules {
    public static let title = FreeTextRules(maximumLength: 200, multiline: false)
    public static let description = FreeTextRules(maximumLength: 2_000, multiline: true)
    public static let prompt = FreeTextRules(maximumLength: 500, multiline: false)
    public static let optionLabel = FreeTextRules(maximumLength: 200, multiline: false)
    public static let scaleLabel = FreeTextRules(maximumLength: 100, multiline: false)
    public static let maximumQuestions = 50
    public static let optionCount = 2...30
    /// Scale ends lie within this range, and a scale spans at most `maximumScaleSpan` steps.
    public static let scaleBounds = -1_000...1_000
    public static let maximumScaleSpan = 100
    public static let defaultScale = (min: 1, max: 5)
    /// The default and the largest `maxLength` of a text question.
    public static let defaultTextLength = 2_000
    public static let textLengths = 1...10_000

    /// Ids of questions and options: letters, digits, `_` and `-`, 1 to 40 of them.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 40 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
        }
    }

    static let idMessage = "Use 1 to 40 letters, digits, '_' or '-'."

    /// The first of `prefix1`, `prefix2`, … not in `used`, starting at `start`.
    static func freshID(_ prefix: String, start: Int, used: Set<String>) -> String {
        var number = start
        while used.contains("\(prefix)\(number)") { number += 1 }
        return "\(prefix)\(number)"
    }
}

extension SurveyRules {
    /// The purpose survey answers are read under: improving the services (the default policy's
    /// `functional.service.improve`, which reads `user.content.private`).
    public static let purpose = "functional.service.improve"
    /// Survey answers are what people tell us: private content.
    public static let category = "user.content.private"
}
