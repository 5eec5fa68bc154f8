import CustodianCore
import Testing

@Suite("Links in free text")
struct URLExtractorTests {
    @Test(arguments: [
        ("Please see https://evil.example/login.", ["https://evil.example/login"]),
        ("(http://a.example/x) and <https://b.example/y>", ["http://a.example/x", "https://b.example/y"]),
        ("Go to www.paypal-secure.com/verify!", ["www.paypal-secure.com/verify"]),
        ("my site is shop.example.com/cart, thanks", ["shop.example.com/cart"]),
        ("write to me@example.com or call", []),
        ("version 1.2.3 and file.txt, e.g. this", []),
        ("javascript:alert(1) here", ["javascript:alert(1)"]),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("a\nhttp://x.example/1\thttp://y.example/2", ["http://x.example/1", "http://y.example/2"]),
        ("visit пример.рф today", ["пример.рф"]),
        ("nothing here", []),
    ])
    func findsLinksAsMailReadersDo(text: String, links: [String]) {
        #expect(URLExtractor().links(in: text) == links, "\(text)")
    }

    @Test func stopsAtTheLimit() {
        let text = (0..<100).map { "https://h\($0).example/" }.joined(separator: " ")
        #expect(URLExtractor(limit: 10).links(in: text).count == 10)
    }
}
