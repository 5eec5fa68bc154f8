import Foundation

/// A coarse browser or client family from a `User-Agent` header, for evidence.
///
/// Deliberately small: the full classifier (uap-core families, versions, devices) belongs to
/// `custodian inspect useragent`; evidence only needs the family.
enum UserAgentFamily {
    /// The family of `userAgent`, e.g. `Firefox`, `Chrome Mobile`, `Mobile Safari`, or `Other`.
    static func of(_ userAgent: String) -> String {
        let ua = userAgent
        let mobile = ua.contains("Mobile")
        if ua.range(of: "bot", options: .caseInsensitive) != nil || ua.contains("Spider") || ua.contains("crawler") { return "Bot" }
        if ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/") { return mobile ? "Edge Mobile" : "Edge" }
        if ua.contains("OPR/") || ua.contains("Opera") { return mobile ? "Opera Mobile" : "Opera" }
        if ua.contains("Firefox/") || ua.contains("FxiOS/") { return mobile ? "Firefox Mobile" : "Firefox" }
        if ua.contains("CriOS/") { return "Chrome Mobile iOS" }
        if ua.contains("Chrome/") { return mobile ? "Chrome Mobile" : "Chrome" }
        if ua.contains("Safari/") && ua.contains("Version/") { return mobile ? "Mobile Safari" : "Safari" }
        if ua.hasPrefix("curl/") { return "curl" }
        return "Other"
    }
}
