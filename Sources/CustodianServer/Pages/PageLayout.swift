import CustodianCore
import Foundation
import Hummingbird

/// The frame every server-rendered page shares: language, viewport, the stylesheet, a skip link,
/// site navigation.
///
/// No script and no inline style: the Content-Security-Policy forbids both. Callers pass body
/// HTML whose text they have already escaped; the title is escaped here.
enum PageLayout {
    /// - Parameter navigation: what the site navigation offers; signed-out links by default, which
    ///   carry nothing personal, so pages rendered once at start-up can use them.
    static func render(title: String, main: String, navigation: PageNavigation = .signedOut) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <link rel="stylesheet" href="\(Stylesheet.href)">
        </head>
        <body>
        <a class="skip-link" href="#main">Skip to the content</a>
        <header>
        <nav aria-label="Site">
        <ul>
        <li><a href="/privacy">Privacy policy</a></li>
        <li><a href="/privacy/versions">Earlier versions</a></li>
        <li><a href="/privacy/requests">Ask about your data</a></li>
        \(navigation.items)
        </ul>
        </nav>
        </header>
        <main id="main">
        \(main)
        </main>
        </body>
        </html>
        """
    }

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        PolicyRenderer.escapeHTML(text)
    }

    /// An HTML response.
    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// `2025-11-30` for a time in milliseconds since the Unix epoch (UTC).
    static func day(_ millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601.year().month().day())
    }

    /// Whether the client prefers HTML to JSON, from its `Accept` header.
    static func prefersHTML(_ request: Request) -> Bool {
        guard let accept = request.headers[.accept]?.lowercased() else { return false }
        guard let html = accept.range(of: "text/html") else { return false }
        guard let json = accept.range(of: "application/json") else { return true }
        return html.lowerBound < json.lowerBound
    }
}
