import Testing

@testable import CustodianCore

@Suite("Out-of-scope records: schema and scrubbing")
struct OutOfScopeSchemaTests {
    @Test func aTradingRecordIsNormalised() throws {
        let values = try OutOfScopeSchema.validate(
            ["type": .text("evaluation"), "amount": .text("12.50"), "currency": .text("eur"), "rating": .number(4), "comment": .text("  Fast  seller ")],
            kind: .tradingRecords).get()
        #expect(values == ["type": "evaluation", "amount": "12.50", "currency": "EUR", "rating": "4", "comment": "Fast seller"])
    }

    @Test func everyBadFieldIsNamed() {
        let result = OutOfScopeSchema.validate(
            ["amount": .text("1,5"), "currency": .text("euro"), "rating": .number(6), "comment": .other, "colour": .text("red")],
            kind: .tradingRecords)
        guard case .failure(let invalid) = result else { Issue.record("expected problems"); return }
        #expect(Set(invalid.problems.map { "\($0.field):\($0.code)" }) == [
            "fields.colour:unknown_field", "fields.type:required", "fields.amount:invalid_amount", "fields.currency:invalid_currency",
            "fields.rating:out_of_range", "fields.comment:invalid_type",
        ])
    }

    @Test func identifyingFieldsAreMarked() {
        #expect(OutOfScopeSchema.fields(of: .businessRegistration).filter(\.identifying).map(\.name) == ["operatorName", "operatorContact"])
        #expect(OutOfScopeSchema.fields(of: .searchKeywords).filter(\.identifying).isEmpty)
    }

    @Test func theScrubberRemovesNameEmailAndPhoneAsWholeWords() {
        let scrubber = IdentifierScrubber(names: ["Ada Lovelace"], emails: ["ada.l@example.org"], phones: ["+442079460958"])
        #expect(scrubber.scrub("flights for ada lovelace to Paris") == "flights for [removed] to Paris")
        #expect(scrubber.scrub("Lovelace biography") == "[removed] biography")
        #expect(scrubber.scrub("mail ADA.L@example.org now") == "mail [removed] now")
        #expect(scrubber.scrub("call 020 7946 0958 today") == "call [removed] today")
        #expect(scrubber.scrub("call +44 20 7946 0958") == "call [removed]")
        #expect(scrubber.scrub("adage and lovelaces") == "adage and lovelaces")
        #expect(scrubber.scrub("order 12345") == "order 12345")
        #expect(IdentifierScrubber().isEmpty)
    }
}
