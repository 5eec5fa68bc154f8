import CustodianCore
import Testing

@Suite("URL parser (WHATWG)")
struct URLParserTests {
    /// Input → host as serialised, port, path, query; after the WHATWG URL standard's examples
    /// and web-platform-tests' urltestdata cases for hosts.
    @Test(arguments: [
        ("http://paypal.com@evil.example/", "evil.example", nil, "/", nil),
        ("http://paypal.com:secure@evil.example/login", "evil.example", nil, "/login", nil),
        ("https://a@b@c.example/", "c.example", nil, "/", nil),
        ("HTTPS://EXAMPLE.COM", "example.com", nil, "", nil),
        ("https://example.com:443/x", "example.com", nil, "/x", nil),
        ("https://example.com:8443/x?q=1#f", "example.com", 8443, "/x", "q=1"),
        ("http://example.com:/", "example.com", nil, "/", nil),
        ("http:\\\\evil.example\\path", "evil.example", nil, "/path", nil),
        ("http:/\\/evil.example/", "evil.example", nil, "/", nil),
        ("http:evil.example", "evil.example", nil, "", nil),
        ("  \thttp://exa\nmple.com/a\tb  ", "example.com", nil, "/ab", nil),
        ("http://0x7f.1/", "127.0.0.1", nil, "/", nil),
        ("http://017700000001/", "127.0.0.1", nil, "/", nil),
        ("http://2130706433/", "127.0.0.1", nil, "/", nil),
        ("http://127.1/", "127.0.0.1", nil, "/", nil),
        ("http://0300.0250.0.1/", "192.168.0.1", nil, "/", nil),
        ("http://192.168.0.257/", nil, nil, nil, nil),
        ("http://4294967295/", "255.255.255.255", nil, "/", nil),
        ("http://4294967296/", nil, nil, nil, nil),
        ("http://1.2.3.4./", "1.2.3.4", nil, "/", nil),
        ("http://0x100000000/", nil, nil, nil, nil),
        ("http://1.2.3.09/", nil, nil, nil, nil),
        ("http://foo.09/", nil, nil, nil, nil),
        ("http://foo.0x4/", nil, nil, nil, nil),
        ("http://09.foo/", "09.foo", nil, "/", nil),
        ("http://[::1]/", "[::1]", nil, "/", nil),
        ("http://[2001:DB8::1]:8080/", "[2001:db8::1]", 8080, "/", nil),
        ("http://[::ffff:192.168.0.1]/", "[::ffff:c0a8:1]", nil, "/", nil),
        ("http://[1:2:3:4:5:6:7:8]/", "[1:2:3:4:5:6:7:8]", nil, "/", nil),
        ("http://[::1/", nil, nil, nil, nil),
        ("http://[1::2::3]/", nil, nil, nil, nil),
        ("http://%65vil.example/", "evil.example", nil, "/", nil),
        ("http://%30x7f.1/", "127.0.0.1", nil, "/", nil),
        ("http://ex%ample.com/", nil, nil, nil, nil),
        ("http://bücher.example/", "xn--bcher-kva.example", nil, "/", nil),
        ("http://XN--BCHER-KVA.example/", "xn--bcher-kva.example", nil, "/", nil),
        ("http://ｅｘａｍｐｌｅ．ｃｏｍ/", "example.com", nil, "/", nil),
        ("http://example。com/", "example.com", nil, "/", nil),
        ("http://faß.de/", "xn--fa-hia.de", nil, "/", nil),
        ("http://xn--a.example/", nil, nil, nil, nil),
        ("http://exa mple.com/", nil, nil, nil, nil),
        ("http://exa<mple.com/", nil, nil, nil, nil),
        ("http://a%00b.example/", nil, nil, nil, nil),
        ("http://a\u{0000}b.example/", nil, nil, nil, nil),
        ("http://example.com:99999/", nil, nil, nil, nil),
        ("http://example.com:80a/", nil, nil, nil, nil),
        ("http:///", nil, nil, nil, nil),
        ("http://user@/", nil, nil, nil, nil),
        ("www.example.com/login", "www.example.com", nil, "/login", nil),
        ("example.com:8080/x", "example.com", 8080, "/x", nil),
        ("/relative/path", nil, nil, nil, nil),
        ("", nil, nil, nil, nil),
    ] as [(String, String?, Int?, String?, String?)])
    func readsHostsAsBrowsersDo(input: String, host: String?, port: Int?, path: String?, query: String?) {
        switch URLParser.parse(input) {
        case .success(let url):
            #expect(host != nil, "\(input) should fail, parsed as \(url)")
            #expect(url.host?.serialized == host, "\(input)")
            #expect(url.port == port, "\(input)")
            #expect(url.path == path, "\(input)")
            #expect(url.query == query, "\(input)")
        case .failure(let error):
            #expect(host == nil, "\(input) failed: \(error)")
        }
    }

    @Test func theLastAtSignEndsTheCredentials() throws {
        let url = try URLParser.parse("https://paypal.com:pass@word@evil.example/").get()
        #expect(url.username == "paypal.com")
        #expect(url.password == "pass@word")
        #expect(url.host == .domain(ascii: "evil.example", unicode: "evil.example"))
        #expect(url.hasCredentials)
    }

    @Test func ipv4FormsAreTold() throws {
        #expect(try URLParser.parse("http://127.0.0.1/").get().host == .ipv4(0x7F00_0001, dotted: true))
        #expect(try URLParser.parse("http://0x7f.0.0.1/").get().host == .ipv4(0x7F00_0001, dotted: false))
        #expect(try URLParser.parse("http://2130706433/").get().host == .ipv4(0x7F00_0001, dotted: false))
        #expect(try URLParser.parse("http://127.000.0.1/").get().host == .ipv4(0x7F00_0001, dotted: false))
    }

    @Test func unicodeHostsKeepTheirUnicodeForm() throws {
        let url = try URLParser.parse("https://раураl.com/").get()
        guard case .domain(let ascii, let unicode)? = url.host else {
            Issue.record("not a domain")
            return
        }
        #expect(ascii.hasPrefix("xn--"))
        #expect(unicode == "раураl.com")
        #expect(try URLParser.parse("http://%65vil.example/").get().hostWasPercentEncoded)
    }

    @Test func nonSpecialSchemesKeepOpaquePaths() throws {
        let script = try URLParser.parse("javascript:alert(document.cookie)").get()
        #expect(script.scheme == "javascript")
        #expect(script.host == nil)
        #expect(script.path == "alert(document.cookie)")
        let data = try URLParser.parse("data:text/html;base64,PHNjcmlwdD4=").get()
        #expect(data.scheme == "data")
        let mail = try URLParser.parse("mailto:someone@example.com").get()
        #expect(mail.scheme == "mailto" && mail.host == nil)
        let other = try URLParser.parse("foo://Host.Example/x").get()
        #expect(other.host == .opaque("Host.Example"))
        let file = try URLParser.parse("file:///etc/passwd").get()
        #expect(file.host == .empty && file.path == "/etc/passwd")
    }

    @Test func registryKeysDropCredentialsAndFragments() throws {
        #expect(try URLParser.parse("HTTP://user:pw@Example.COM:80/a?b=1#c").get().registryKey == "http://example.com/a?b=1")
        #expect(try URLParser.parse("https://example.com").get().registryKey == "https://example.com/")
        #expect(try URLParser.parse("https://example.com:8443/").get().registryKey == "https://example.com:8443/")
    }

    @Test func overlongInputIsRefusedWithoutScanning() {
        let long = "http://example.com/" + String(repeating: "a", count: URLParser.maximumLength)
        #expect(throws: URLParseError.tooLong) { try URLParser.parse(long).get() }
    }
}
