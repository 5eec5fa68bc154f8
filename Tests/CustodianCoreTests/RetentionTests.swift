import Testing

@testable import CustodianCore

@Suite("Retention")
struct RetentionTests {
    @Test func accountMeansWhileTheAccountExists() {
        #expect(Retention("account") == .whileAccountExists)
    }

    @Test(arguments: [("P30D", "30 days"), ("P1Y6M", "1 year and 6 months"), ("PT24H", "24 hours"), ("P2W", "2 weeks")])
    func durationsParseAndRead(text: String, label: String) throws {
        let retention = try #require(Retention(text))
        #expect(retention.label == label)
    }

    @Test(arguments: ["", "P", "30D", "P30", "PT", "P0D", "P1DT", "P1H", "P1D1D", "forever"])
    func malformedDurationsAreRejected(text: String) {
        #expect(Retention(text) == nil)
    }
}
