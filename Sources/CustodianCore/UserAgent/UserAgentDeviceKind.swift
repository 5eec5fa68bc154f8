/// Decides desktop, mobile, tablet, bot or other from what the classifier already found.
enum UserAgentDeviceKind {
    /// Browser families uap-core gives to crawlers, monitors and HTTP libraries.
    private static let botBrowsers: Set<String> = [
        "Googlebot", "Googlebot-Image", "Googlebot-News", "Googlebot-Video", "bingbot", "BingPreview",
        "FacebookBot", "Twitterbot", "Pinterestbot", "PingdomBot", "HeadlessChrome", "Applebot",
        "YandexBot", "Baiduspider", "DuckDuckBot", "AhrefsBot", "SemrushBot", "MJ12bot", "msnbot",
        "Slurp", "Python Requests", "Python-urllib", "curl", "Wget", "okhttp", "Apache-HttpClient",
        "Go-http-client", "Java", "libwww-perl", "WebPageTest.org bot", "GooglePlusBot", "GmailImageProxy",
    ]

    private static let desktopSystems: Set<String> = [
        "Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "Fedora", "Debian", "FreeBSD", "OpenBSD",
        "NetBSD", "Red Hat", "SUSE", "Gentoo", "CentOS", "Mint", "Arch Linux", "Slackware", "Solaris",
        "Mandriva", "Kubuntu", "Xubuntu",
    ]

    private static let mobileSystems: Set<String> = [
        "iOS", "Android", "Windows Phone", "BlackBerry OS", "KaiOS", "Symbian OS", "Nokia Series 40",
        "Windows Mobile", "Firefox OS", "Tizen", "HarmonyOS", "Sailfish", "webOS", "Bada", "MeeGo",
    ]

    /// The device type for one classified string.
    static func type(
        ua: String, tokens: UserAgentTokens, browser: String, os: String, device: UserAgentDevice
    ) -> UserAgentDeviceType {
        if device.family == "Spider" || botBrowsers.contains(browser) { return .bot }
        let model = device.model ?? ""
        if device.family.contains("Tablet") || model == "iPad" || os == "BlackBerry Tablet OS"
            || device.brand == "Amazon" || ua.contains("Tablet") || ua.contains("iPad") {
            return .tablet
        }
        if os == "Android" {
            return ua.contains("Mobile") ? .mobile : .tablet
        }
        if mobileSystems.contains(os) || model == "iPhone" || model == "iPod" { return .mobile }
        if desktopSystems.contains(os) { return .desktop }
        return .other
    }
}
