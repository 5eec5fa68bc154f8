import CustodianCore
import Testing

@Suite("Client addresses behind trusted proxies")
struct ClientAddressTests {
    let resolver = ClientAddress(trustedProxies: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1"].compactMap(IPNetwork.init))

    @Test func networksMatchByPrefix() throws {
        let network = try #require(IPNetwork("10.0.0.0/8"))
        #expect(network.contains("10.200.3.4"))
        #expect(!network.contains("11.0.0.1"))
        #expect(try #require(IPNetwork("2001:db8::/32")).contains("2001:db8:ffff::1"))
        #expect(try #require(IPNetwork("192.0.2.1")).contains("192.0.2.1"))
        #expect(!(try #require(IPNetwork("192.0.2.1")).contains("192.0.2.2")))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("not-an-address") == nil)
    }

    @Test func aTrustedProxysForwardedForNamesTheClient() {
        #expect(resolver.resolve(peer: "10.1.1.1", forwardedFor: "203.0.113.9") == "203.0.113.9")
        // Right to left, skipping our own proxies; whatever the client claimed on the left is ignored.
        #expect(resolver.resolve(peer: "10.1.1.1", forwardedFor: "6.6.6.6, 198.51.100.7, 10.2.2.2") == "198.51.100.7")
    }

    @Test func anUntrustedPeerCannotForgeItsAddress() {
        #expect(resolver.resolve(peer: "198.51.100.7", forwardedFor: "10.0.0.1") == "198.51.100.7")
        #expect(resolver.resolve(peer: "10.1.1.1", forwardedFor: "garbage") == "10.1.1.1")
        #expect(resolver.resolve(peer: "10.1.1.1", forwardedFor: nil) == "10.1.1.1")
    }
}
