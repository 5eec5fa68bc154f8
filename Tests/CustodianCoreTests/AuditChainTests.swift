import CustodianCore
import Foundation
import Testing

@Suite("Audit chain encoding and verification")
struct AuditChainTests {
    func chain(_ count: Int) -> [AuditEntry] {
        var previous = AuditChain.genesis
        return (1...count).map { index in
            let entry = AuditChain.link(AuditEvent(actor: "test", action: "a\(index)", details: ["n": String(index)]), seq: Int64(index), at: 1_000, prevHash: previous)
            previous = entry.hash
            return entry
        }
    }

    @Test func anIntactChainVerifiesAgainstItsHead() {
        let entries = chain(5)
        var verifier = AuditChainVerifier()
        for entry in entries { #expect(verifier.consume(entry) == nil) }
        #expect(verifier.finish(head: .init(seq: 5, hash: entries[4].hash)) == nil)
        #expect(verifier.count == 5)
    }

    @Test func theEncodingIsInjectiveAcrossFieldBoundaries() {
        var first = chain(1)[0]
        var second = first
        first.actor = "ab"
        first.action = "c"
        second.actor = "a"
        second.action = "bc"
        #expect(AuditChain.canonicalEncoding(first) != AuditChain.canonicalEncoding(second))
        second.subject = nil
        first.subject = ""
        #expect(AuditChain.canonicalEncoding(first) != AuditChain.canonicalEncoding(second))
    }

    @Test func detailsAreSortedJSONThatRoundTrips() throws {
        let details = ["z": "last", "a": "quote \" backslash \\ newline \n tab \t bell \u{7}", "m": "ünïcødé"]
        let text = AuditChain.canonicalDetails(details)
        #expect(text.hasPrefix(#"{"a":"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded == details)
        #expect(AuditChain.canonicalDetails([:]) == "{}")
    }

    @Test func aChangedEntryIsNamed() {
        var entries = chain(4)
        entries[2].outcome = "denied"
        var verifier = AuditChainVerifier()
        let failure = entries.lazy.compactMap { verifier.consume($0) }.first
        #expect(failure?.entry == 3)
        #expect(failure?.description.hasPrefix("audit chain broken at entry 3: ") == true)
    }
}

@Suite("Random bytes")
struct RandomPoolTests {
    @Test func bytesAreNeverHandedOutTwice() {
        var seen = Set<[UInt8]>()
        for _ in 0..<2_000 {
            let nonce = RandomPool.shared.bytes(12)
            #expect(nonce.count == 12)
            #expect(seen.insert(nonce).inserted)
        }
        #expect(RandomPool.shared.bytes(2_000).count == 2_000)
    }
}
