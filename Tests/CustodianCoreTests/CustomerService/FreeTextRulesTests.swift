import CustodianCore
import Testing

@Suite("Free text: subjects, bodies and answers")
struct FreeTextRulesTests {
    @Test func aBodyKeepsItsLinesInOneFormAndDropsOuterWhitespace() throws {
        let rules = FreeTextRules(maximumLength: 100, multiline: true)
        #expect(try rules.normalize("  Hello\r\nthere\rfriend\n\n  ").get() == "Hello\nthere\nfriend")
        #expect(try rules.normalize("tab\tkept").get() == "tab\tkept")
        // NFC: "e" + combining acute becomes one "é".
        #expect(try rules.normalize("Cafe\u{301}").get() == "Café")
    }

    @Test func aSubjectIsOneLine() throws {
        #expect(try ContactRules.subject.normalize(" A\n  subject\tline ").get() == "A subject line")
    }

    @Test func blankControlAndLongTextsAreRefused() {
        let rules = FreeTextRules(maximumLength: 3, multiline: true)
        #expect(rules.normalize(" \n ") == .failure(.required))
        #expect(rules.normalize("a\u{0}b") == .failure(.invalidCharacter))
        #expect(rules.normalize("a\u{1B}[31m") == .failure(.invalidCharacter))
        #expect(rules.normalize("abcd") == .failure(.tooLong))
        // Length counts what people see: three flags are three characters.
        #expect(rules.normalize("🇬🇧🇫🇷🇯🇵").map(\.count) == .success(3))
    }

    @Test func surveyIdsAreGivenByPositionAroundTheOnesSent() throws {
        let survey = try SurveyDraft(title: "T", questions: [
            .init(kind: "text", prompt: "A"),
            .init(id: "q1", kind: "choice", prompt: "B", options: [.init(label: "Yes"), .init(id: "o1", label: "No")]),
        ]).validate()
        #expect(survey.questions.map(\.id) == ["q2", "q1"])
        #expect(survey.questions[1].options?.map(\.id) == ["o2", "o1"])
        #expect(survey.questions[0].maxLength == SurveyRules.defaultTextLength)
        #expect(survey.allowAnonymous == false)
    }

    @Test func answersComeBackInQuestionOrderWithChoicesInOptionOrder() throws {
        let survey = try SurveyDraft(title: "T", questions: [
            .init(kind: "multiple_choice", prompt: "A", options: [.init(label: "X"), .init(label: "Y")]),
            .init(kind: "scale", prompt: "B", required: true, min: 0, max: 10),
        ]).validate()
        let answers = try SurveySubmission(answers: [
            .init(question: "q2", value: 0), .init(question: "q1", options: ["o2", "o1"]),
        ]).validate(against: survey.questions)
        #expect(answers == [
            SurveyAnswer(questionId: "q1", value: .choices(["o1", "o2"])), SurveyAnswer(questionId: "q2", value: .scale(0)),
        ])
    }
}
