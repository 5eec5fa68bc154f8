import Testing

@testable import CustodianServer
import CustodianCore

@Suite("Coarse request evidence")
struct RequestEvidenceTests {
    @Test("IP addresses keep only their network part", arguments: [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("2001:db8::1", "2001:db8::"),
        ("2001:0:abcd::1", "2001:0:abcd::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("fe80::1%eth0", "fe80::"),
    ])
    func truncates(input: String, expected: String) {
        #expect(IPTruncation.truncate(input) == expected)
    }

    @Test("text that is not an address is refused", arguments: ["", "example.com", "256.1.1.1", "1.2.3", "1:2:3:4:5:6:7:8:9", "::1::2"])
    func refuses(input: String) {
        #expect(IPTruncation.truncate(input) == nil)
    }

    @Test("user agents reduce to their uap-core browser family")
    func families() {
        #expect(UserAgentFamily.of("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0") == "Firefox")
        #expect(UserAgentFamily.of("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36") == "Chrome Mobile")
        #expect(UserAgentFamily.of("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1") == "Mobile Safari")
        #expect(UserAgentFamily.of("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0") == "Edge")
        #expect(UserAgentFamily.of("curl/8.5.0") == "curl")
        #expect(UserAgentFamily.of("Googlebot/2.1") == "Googlebot")
        #expect(UserAgentFamily.of("something") == "Other")
    }
}
