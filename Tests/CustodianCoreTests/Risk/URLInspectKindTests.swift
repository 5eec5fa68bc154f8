import CustodianCore
import Testing

@Suite("custodian inspect url")
struct URLInspectKindTests {
    @Test func answersTheContractsFieldsInOrder() {
        let kind = URLInspectKind(analyzer: URLAnalyzer(settings: URLRiskSettings(protectedDomains: ["paypal.com"])))
        let line = InspectLine.answer(#"{"id": 7, "input": "http://paypal.com@login.evil.co.uk/"}"#, kind: kind)
        #expect(line == #"{"id":7,"host":"login.evil.co.uk","suffix":"co.uk","domain":"evil","subdomain":"login","registrableDomain":"evil.co.uk","verdict":"suspicious","reasons":["deceptive_userinfo"]}"#)
    }

    @Test func invalidURLsAnswerNullsAndTheReason() {
        let answer = InspectLine.answerObject(#"{"id": "a", "input": "http://exa mple.com/"}"#, kind: URLInspectKind())
        #expect(answer["host"] == .null)
        #expect(answer["verdict"] == .string("suspicious"))
        #expect(answer["reasons"] == .array([.string("invalid_url")]))
    }

    @Test func explainAddsScoresAndMessages() {
        let answer = InspectLine.answerObject(#"{"id": 1, "input": "https://bit.ly/x"}"#, kind: URLInspectKind(), explain: true)
        #expect(answer["score"] == .integer(20))
        guard case .array(let details)? = answer["details"], case .object(let first)? = details.first else {
            Issue.record("no details")
            return
        }
        #expect(first["code"] == .string("url_shortener"))
        #expect(first["detail"] == .string("bit.ly"))
    }

    @Test func urlIsAKnownKind() {
        #expect(InspectKinds.names.contains("url"))
        #expect(InspectKinds.make("url") != nil)
    }
}
