import Foundation

/// The rules of comments ("Leave a Reply"), shared by the API, the form under `/privacy` and the
/// demo: what a comment may hold, the page it belongs to, the commenter's website.
public enum CommentRules {
    /// A comment: line breaks kept, up to 5,000 characters.
    public static let body = FreeTextRules(maximumLength: 5_000, multiline: true)
    /// The longest website address taken.
    public static let maximumWebsiteLength = 200
    /// The longest page path taken.
    public static let maximumPageLength = 200
    /// The page comments go to when none is named: the policy page, which carries the form.
    public static let defaultPage = "/privacy"

    /// The purpose comments are published and moderated under: providing the service the
    /// commenter uses (the default policy's `essential.service`, which holds `user.content.public`).
    public static let purpose = "essential.service"
    /// A comment with the name and website given (the policy's "Comments" category).
    public static let contentCategory = "user.content.public"
    /// The commenter's email address: sealed, never published.
    public static let emailCategory = "user.contact.email"

    /// Whether `text` holds a line break or another control character: refused in a name or an
    /// email address, where it could split a mail header or a log line.
    public static func hasLineBreakOrControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0.properties.generalCategory == .control }
    }

    /// Checks a commenter's website: an absolute `http` or `https` URL with a host, no spaces or
    /// control characters, at most ``maximumWebsiteLength`` characters. Blank means none.
    /// - Returns: the URL (trimmed) or nil for none; a problem otherwise.
    public static func website(_ input: String?) -> Result<String?, FieldProblem> {
        guard let trimmed = input?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return .success(nil) }
        let field = "website"
        guard trimmed.count <= maximumWebsiteLength else {
            return .failure(FieldProblem(field: field, code: "too_long", message: "A website address can be at most \(maximumWebsiteLength) characters long."))
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            return .failure(FieldProblem(field: field, code: "invalid_character", message: "A website address has no spaces or control characters."))
        }
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return .failure(FieldProblem(field: field, code: "invalid_scheme", message: "Give a website address starting with http:// or https://."))
        }
        // Parsed as a browser would (WHATWG), so an internationalised host is taken and judged
        // by URL screening rather than refused here.
        guard case .success(let parsed) = URLParser.parse(trimmed), let host = parsed.host, !host.serialized.isEmpty, !parsed.hasCredentials,
              parsed.scheme == "http" || parsed.scheme == "https"
        else {
            return .failure(FieldProblem(field: field, code: "invalid_url", message: "This is not a website address, e.g. https://example.org."))
        }
        return .success(trimmed)
    }

    /// Checks the page a comment belongs to: a local path (one leading `/`, no query, fragment,
    /// `//`, `..` or control characters), at most ``maximumPageLength`` characters. Absent means
    /// ``defaultPage``.
    public static func page(_ input: String?, field: String = "page") -> Result<String, FieldProblem> {
        guard let input else { return .success(defaultPage) }
        let problem = FieldProblem(field: field, code: "invalid_page", message: "Name the page as a path on this site, e.g. /privacy.")
        guard !input.isEmpty, input.utf8.count <= maximumPageLength, input.hasPrefix("/"), !input.hasPrefix("//"),
              !input.contains(".."), !input.contains("?"), !input.contains("#"), !input.contains("\\"),
              input.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return .failure(problem) }
        // One form of each path: "/privacy/" and "/privacy" are the same page.
        var page = input
        while page.count > 1 && page.hasSuffix("/") { page.removeLast() }
        return .success(page)
    }
}
