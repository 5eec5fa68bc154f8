import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The cookies a browser keeps, shared across app instances (a restart with a new policy).
final class CookieJar: Sendable {
    private let cookies = Locked<[String: String]>([:])

    subscript(_ name: String) -> String? { cookies.withLock { $0[name] } }

    /// Applies `Set-Cookie` lines: a value is kept, `Max-Age=0` removes it.
    func apply(_ lines: [String]) {
        for line in lines {
            let pair = line.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            let expired = line.lowercased().contains("max-age=0")
            cookies.withLock { $0[parts[0]] = expired ? nil : parts[1] }
        }
    }

    var header: String? {
        cookies.withLock { cookies in
            cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
    }
}

/// A browser over the router test client: keeps cookies, asks for HTML, and sends forms with
/// the CSRF token of the last page it was shown, as a person's browser does.
struct Browser {
    let client: any TestClientProtocol
    let jar: CookieJar
    private let lastPage = Locked<String>("")

    init(_ client: any TestClientProtocol, jar: CookieJar = CookieJar()) {
        self.client = client
        self.jar = jar
    }

    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
        var location: String? { headers[.location] }
        var setCookies: [String] { headers[values: .setCookie] }

        /// The `Set-Cookie` line for `name`, if the response sets it.
        func setCookie(_ name: String) -> String? { setCookies.first { $0.hasPrefix("\(name)=") } }
    }

    /// The CSRF token in the hidden field of the last page shown.
    var pageToken: String? {
        let html = lastPage.withLock { $0 }
        guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> Page {
        try await send(.get, uri, body: nil, headers: extra)
    }

    /// Posts a form; the page's CSRF token is added unless `token` says otherwise.
    func post(_ uri: String, _ fields: [(String, String)], token: String?? = .none, headers extra: HTTPFields = [:]) async throws -> Page {
        var fields = fields
        let csrf: String? = switch token { case .none: pageToken; case .some(let given): given }
        if let csrf { fields.append(("csrf_token", csrf)) }
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, uri, body: Self.encode(fields), headers: headers)
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, body: String?, headers extra: HTTPFields) async throws -> Page {
        var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", .userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"]
        for field in extra { headers[field.name] = field.value }
        if let cookie = jar.header, headers[.cookie] == nil { headers[.cookie] = cookie }
        let page = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
        jar.apply(page.setCookies)
        if page.headers[.contentType]?.hasPrefix("text/html") == true { lastPage.withLock { $0 = page.body } }
        return page
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
