import Hummingbird

/// Security headers set on every response.
struct SecurityHeaders: Sendable {
    /// Whether clients reach us over TLS; only then is HSTS sent (it would lock out plain-HTTP
    /// development setups otherwise).
    var servedOverTLS: Bool

    /// No inline script anywhere; pages, forms and the SDK are served from our own origin.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func apply(to headers: inout HTTPFields, path: String) {
        headers[.xContentTypeOptions] = "nosniff"
        headers[.xFrameOptions] = "DENY"
        headers[.referrerPolicy] = "no-referrer"
        headers[.crossOriginOpenerPolicy] = "same-origin"
        headers[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        // Responses about people must not be kept by shared caches or the browser.
        if headers[.cacheControl] == nil {
            headers[.cacheControl] = "no-store"
        }
        if servedOverTLS {
            headers[.strictTransportSecurity] = "max-age=63072000; includeSubDomains"
        }
    }
}
