import Testing
@testable import CustodianCore

@Suite("custodian inspect email|phone")
struct InspectLineTests {
    func answer(_ line: String, _ kind: String, explain: Bool = false) throws -> String {
        let inspector = try #require(InspectKinds.make(kind))
        return InspectLine.answer(line, kind: inspector, explain: explain)
    }

    @Test func validEmail() throws {
        #expect(try answer(#"{"id":1,"input":"Jörg@Bücher.Example"}"#, "email") == #"{"id":1,"valid":true,"normalized":"Jörg@bücher.example"}"#)
    }

    @Test func invalidEmail() throws {
        #expect(try answer(#"{"id":"a","input":"nope"}"#, "email") == #"{"id":"a","valid":false,"normalized":null}"#)
    }

    @Test func explainAddsTheReason() throws {
        #expect(try answer(#"{"id":2,"input":"a@localhost"}"#, "email", explain: true)
            .hasPrefix(#"{"id":2,"valid":false,"normalized":null,"code":"invalid_domain","message":"#))
        #expect(try answer(#"{"id":3,"input":"+44 20 7946 0958"}"#, "phone", explain: true)
            == #"{"id":3,"valid":true,"e164":"+442079460958","region":"GB","type":"fixed_line"}"#)
    }

    @Test func phoneUsesTheLinesRegionForNationalNumbers() throws {
        #expect(try answer(#"{"id":1,"input":"020 7946 0958","region":"GB"}"#, "phone") == #"{"id":1,"valid":true,"e164":"+442079460958"}"#)
        #expect(try answer(#"{"id":2,"input":"020 7946 0958"}"#, "phone") == #"{"id":2,"valid":false,"e164":null}"#)
        #expect(try answer(#"{"id":3,"input":"(201) 555-0123","region":null}"#, "phone") == #"{"id":3,"valid":false,"e164":null}"#)
    }

    @Test func idIsEchoedWhateverItsType() throws {
        #expect(try answer(#"{"id":{"b":[1,2.5,true],"a":null},"input":"+1 201 555 0123"}"#, "phone")
            == #"{"id":{"a":null,"b":[1,2.5,true]},"valid":true,"e164":"+12015550123"}"#)
        #expect(try answer(#"{"input":"+1 201 555 0123"}"#, "phone") == #"{"id":null,"valid":true,"e164":"+12015550123"}"#)
        #expect(try answer(#"{"id":"q\"\\\n\u0001","input":"x"}"#, "email") == #"{"id":"q\"\\\n\u0001","valid":false,"normalized":null}"#)
    }

    @Test func malformedLinesAnswerWithAnError() throws {
        #expect(try answer("not json", "email") == #"{"error":"the line is not JSON"}"#)
        #expect(try answer("[1,2]", "email") == #"{"error":"the line is not a JSON object"}"#)
        #expect(try answer(#"{"id":7}"#, "email") == #"{"id":7,"error":"\"input\" must be a string"}"#)
        #expect(try answer(#"{"id":8,"input":42}"#, "phone") == #"{"id":8,"error":"\"input\" must be a string"}"#)
        #expect(try answer(#"{"id":9,"input":"1","region":44}"#, "phone") == #"{"id":9,"error":"\"region\" must be a string"}"#)
    }

    @Test func unknownKindsAreNotMade() {
        #expect(InspectKinds.make("shoesize") == nil)
        #expect(InspectKinds.names == ["email", "phone", "ip", "useragent", "url"])
    }
}
