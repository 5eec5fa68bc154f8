import CustodianCore
import Foundation
import Testing

/// The server's end-to-end tests read a small country database from
/// Tests/CustodianServerTests/Fixtures/test-country.mmdb; it must be exactly what the test writer
/// builds. `CUSTODIAN_REGENERATE_FIXTURES=1 swift test --filter MMDBServerFixture` rewrites it.
@Suite("The server's GeoIP fixture")
struct MMDBServerFixtureTests {
    static var path: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CustodianServerTests/Fixtures/test-country.mmdb")
    }

    @Test func theCommittedFixtureIsWhatTheWriterBuilds() throws {
        let built = MMDBFixtures.writer(ipVersion: 6, recordSize: 24).build()
        if ProcessInfo.processInfo.environment["CUSTODIAN_REGENERATE_FIXTURES"] == "1" {
            try Data(built).write(to: Self.path)
        }
        let committed = try [UInt8](Data(contentsOf: Self.path))
        #expect(committed == built)
        let reader = try MMDBReader(bytes: committed)
        #expect(reader.country(of: "203.0.113.9") == "GB")
        #expect(reader.country(of: "2001:db8::1") == "JP")
    }
}
