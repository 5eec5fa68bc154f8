@testable import CustodianServer
import Testing

@Suite("Password hashing")
struct PasswordHasherTests {
    @Test func aHashVerifiesAndTheDecoyNeverMatches() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery")
        #expect(try await hasher.verify("correct horse battery", against: hash))
        #expect(try await !hasher.verify("wrong horse battery", against: hash))
        #expect(try await !hasher.verify("correct horse battery", against: nil))
        #expect(hasher.decoy.hasPrefix("$2b$04$") && hasher.decoy.count == 60)
        #expect(PasswordHasher(cost: 12).decoy.hasPrefix("$2b$12$"))
    }
}
