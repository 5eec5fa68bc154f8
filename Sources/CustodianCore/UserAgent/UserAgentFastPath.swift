/// The fast path: mainstream browsers and systems recognised from their tokens, no regex.
///
/// Each function answers nil when the string holds anything it does not know; the caller then
/// asks uap-core's rules. The answers here were checked against uap-core on the test set.
enum UserAgentFastPath {
    /// Product tokens the fast path knows; any other token sends the string to the rules.
    private static let knownProducts: Set<Substring> = [
        "Mozilla", "AppleWebKit", "Chrome", "Safari", "Version", "Mobile", "Gecko", "Firefox",
        "Edg", "EdgA", "EdgiOS", "OPR", "SamsungBrowser", "CriOS", "FxiOS", "like",
    ]

    /// First comment items of mainstream platforms; `compatible` and the like go to the rules.
    private static let knownPlatforms: Set<Substring> = ["Macintosh", "X11", "Linux", "iPhone", "iPad", "iPod", "iPod touch"]

    /// Words that mark crawlers and tools, which uap-core's rules name one by one.
    private static let botMarkers = ["bot", "Bot", "BOT", "spider", "Spider", "crawl", "Crawl", "scrape", "Scrape"]

    /// True when the fast path may judge `tokens` at all.
    static func applies(_ ua: String, _ tokens: UserAgentTokens) -> Bool {
        guard tokens.products.first?.name == "Mozilla", let platform = tokens.comment.first else { return false }
        guard tokens.version(of: "AppleWebKit") != nil || tokens.version(of: "Gecko") != nil else { return false }
        guard knownPlatforms.contains(platform) || platform.hasPrefix("Windows NT ") else { return false }
        if platform == "X11" {
            guard tokens.comment.count == 2, tokens.comment[1].hasPrefix("Linux ") || tokens.comment[1].hasPrefix("CrOS ") else { return false }
        }
        guard tokens.products.allSatisfy({ knownProducts.contains($0.name) }) else { return false }
        guard tokens.laterComments.allSatisfy({ $0 == "KHTML, like Gecko" }) else { return false }
        return !botMarkers.contains { ua.contains($0) }
    }

    /// The browser, or nil when unsure.
    static func browser(_ tokens: UserAgentTokens) -> UserAgentFamily? {
        let mobile = tokens.version(of: "Mobile") != nil
        func named(_ family: String, _ version: Substring) -> UserAgentFamily? {
            let parts = version.versionParts
            // uap-core's rules want major.minor; a bare major goes to them.
            guard parts.major != nil, parts.minor != nil else { return nil }
            return UserAgentFamily(family: family, major: parts.major, minor: parts.minor)
        }
        if let version = tokens.version(of: "EdgA") ?? tokens.version(of: "EdgiOS") { return named("Edge Mobile", version) }
        if let version = tokens.version(of: "Edg") { return named("Edge", version) }
        if let version = tokens.version(of: "OPR") { return named(mobile ? "Opera Mobile" : "Opera", version) }
        if let version = tokens.version(of: "SamsungBrowser") { return named("Samsung Internet", version) }
        if let version = tokens.version(of: "CriOS") { return named("Chrome Mobile iOS", version) }
        if let version = tokens.version(of: "FxiOS") { return named("Firefox iOS", version) }
        if let version = tokens.version(of: "Firefox") {
            guard tokens.version(of: "Gecko") != nil, version.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            let handheld = tokens.comment.contains { $0 == "Mobile" || $0 == "Tablet" }
            return named(handheld ? "Firefox Mobile" : "Firefox", version)
        }
        if let version = tokens.version(of: "Chrome") {
            guard tokens.version(of: "Version") == nil else { return nil }
            if tokens.comment.contains("wv") { return named("Chrome Mobile WebView", version) }
            return named(mobile ? "Chrome Mobile" : "Chrome", version)
        }
        if let version = tokens.version(of: "Version"), tokens.version(of: "Safari") != nil {
            if tokens.commentHas(prefix: "iPhone") || tokens.commentHas(prefix: "iPad") || tokens.commentHas(prefix: "iPod") {
                return mobile ? named("Mobile Safari", version) : nil
            }
            if tokens.comment.first == "Macintosh" { return named("Safari", version) }
        }
        return nil
    }

    /// The operating system, or nil when unsure.
    static func system(_ tokens: UserAgentTokens) -> UserAgentFamily? {
        if let nt = tokens.commentValue(after: "Windows NT ") {
            guard !tokens.comment.contains("ARM") else { return nil }
            switch nt {
            case "10.0": return UserAgentFamily(family: "Windows", major: "10")
            case "6.3": return UserAgentFamily(family: "Windows", major: "8", minor: "1")
            case "6.2": return UserAgentFamily(family: "Windows", major: "8")
            case "6.1": return UserAgentFamily(family: "Windows", major: "7")
            case "5.1": return UserAgentFamily(family: "Windows", major: "XP")
            default: return nil
            }
        }
        if let version = tokens.commentValue(after: "Android ") {
            let parts = version.versionParts
            guard parts.major != nil, tokens.comment.first == "Linux" else { return nil }
            return UserAgentFamily(family: "Android", major: parts.major, minor: parts.minor)
        }
        if let first = tokens.comment.first, first == "iPhone" || first == "iPad" || first == "iPod" || first == "iPod touch" {
            guard let item = tokens.comment.first(where: { $0.hasPrefix("CPU ") }),
                  let range = item.range(of: "OS "), item.hasSuffix(" like Mac OS X")
            else { return nil }
            let parts = item[range.upperBound...].versionParts
            guard parts.major != nil else { return nil }
            return UserAgentFamily(family: "iOS", major: parts.major, minor: parts.minor)
        }
        if tokens.comment.first == "Macintosh", let version = tokens.commentValue(after: "Intel Mac OS X ") {
            let parts = version.versionParts
            guard parts.major != nil else { return nil }
            return UserAgentFamily(family: "Mac OS X", major: parts.major, minor: parts.minor)
        }
        if tokens.comment == ["X11", "Linux x86_64"] { return UserAgentFamily(family: "Linux") }
        if let cros = tokens.commentValue(after: "CrOS ") {
            let words = cros.split(separator: " ")
            guard words.count == 2 else { return nil }
            let parts = words[1].versionParts
            return parts.major == nil ? nil : UserAgentFamily(family: "Chrome OS", major: parts.major, minor: parts.minor)
        }
        return nil
    }

    /// The device where the comment names it plainly, or nil when unsure.
    static func device(_ tokens: UserAgentTokens) -> UserAgentDevice? {
        switch tokens.comment.first {
        case "iPhone"?: return UserAgentDevice(family: "iPhone", brand: "Apple", model: "iPhone")
        case "iPad"?: return UserAgentDevice(family: "iPad", brand: "Apple", model: "iPad")
        case "Macintosh"?: return UserAgentDevice(family: "Mac", brand: "Apple", model: "Mac")
        case "X11"?: return UserAgentDevice(family: "Other")
        default: break
        }
        if tokens.commentHas(prefix: "Windows NT ") { return UserAgentDevice(family: "Other") }
        if tokens.comment.count == 3, tokens.comment[0] == "Linux", tokens.comment[1].hasPrefix("Android ") {
            let model = tokens.comment[2]
            // Chrome's reduced user agent hides the model as `K`.
            if model == "K" {
                let brand = tokens.version(of: "Mobile") != nil ? "Generic_Android" : "Generic_Android_Tablet"
                return UserAgentDevice(family: "K", brand: brand, model: "K")
            }
            // Without `Mobile` uap-core calls it a generic Android tablet, whatever the model.
            if tokens.version(of: "Mobile") != nil, model.hasPrefix("SM-"), model.dropFirst(3).allSatisfy({ $0.isLetter || $0.isNumber }) {
                return UserAgentDevice(family: "Samsung " + model, brand: "Samsung", model: String(model))
            }
        }
        return nil
    }
}
