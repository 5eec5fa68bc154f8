import Testing
@testable import CustodianCore

@Suite("custodian inspect ip")
struct IPInspectKindTests {
    func answer(_ line: String, geoIP: MMDBReader? = nil, explain: Bool = false) throws -> String {
        let inspector = try #require(InspectKinds.make("ip", options: InspectOptions(geoIP: geoIP)))
        return InspectLine.answer(line, kind: inspector, explain: explain)
    }

    @Test func countryAndTruncatedAddressFromTheDatabase() throws {
        let reader = try MMDBFixtures.reader()
        #expect(try answer(#"{"id":1,"input":"203.0.113.7"}"#, geoIP: reader) == #"{"id":1,"country":"GB","truncated":"203.0.113.0"}"#)
        #expect(try answer(#"{"id":2,"input":"2001:db8:1:2::9"}"#, geoIP: reader) == #"{"id":2,"country":"CA","truncated":"2001:db8:1::"}"#)
        #expect(try answer(#"{"id":3,"input":"::ffff:10.1.2.3"}"#, geoIP: reader) == #"{"id":3,"country":"NL","truncated":"10.1.2.0"}"#)
    }

    @Test func addressesTheDatabaseDoesNotKnowHaveNoCountry() throws {
        let reader = try MMDBFixtures.reader()
        #expect(try answer(#"{"id":1,"input":"11.0.0.1"}"#, geoIP: reader) == #"{"id":1,"country":null,"truncated":"11.0.0.0"}"#)
    }

    @Test func withoutADatabaseTheCountryIsUnknown() throws {
        #expect(try answer(#"{"id":1,"input":"203.0.113.7"}"#) == #"{"id":1,"country":null,"truncated":"203.0.113.0"}"#)
        #expect(try answer(#"{"id":1,"input":"203.0.113.7"}"#, explain: true)
            == #"{"id":1,"country":null,"truncated":"203.0.113.0","database":null}"#)
    }

    @Test func invalidAddressesAnswerNullsAndExplainWhy() throws {
        let reader = try MMDBFixtures.reader()
        #expect(try answer(#"{"id":"x","input":"203.0.113"}"#, geoIP: reader) == #"{"id":"x","country":null,"truncated":null}"#)
        #expect(try answer(#"{"id":"y","input":"not an address"}"#, geoIP: reader, explain: true)
            == #"{"id":"y","country":null,"truncated":null,"code":"invalid_address","message":"not an IPv4 or IPv6 address"}"#)
    }

    @Test func explainNamesTheDatabase() throws {
        let reader = try MMDBFixtures.reader()
        #expect(try answer(#"{"id":1,"input":"10.0.0.1"}"#, geoIP: reader, explain: true)
            == #"{"id":1,"country":"DE","truncated":"10.0.0.0","database":"Custodian-Test-Country"}"#)
    }
}
