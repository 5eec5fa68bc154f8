import Synchronization

/// Classifies user-agent strings: browser, operating system, device type, brand and model.
///
/// A token scan answers mainstream browsers without any regex; the rest falls back to
/// uap-core's rules, so family names and versions follow uap-core. Recent answers are cached,
/// since real traffic repeats the same few thousand strings.
public final class UserAgentClassifier: Sendable {
    /// The process-wide classifier, with a cache of 4,096 strings.
    public static let shared = UserAgentClassifier()

    /// Strings longer than this are cut before classifying (uap-core's rules look at the start).
    static let maximumLength = 512

    private let capacity: Int
    private let cache: Mutex<[String: UserAgentInfo]>

    /// A classifier keeping up to `cacheCapacity` answers (0 turns the cache off).
    public init(cacheCapacity: Int = 4096) {
        self.capacity = max(0, cacheCapacity)
        self.cache = Mutex([:])
    }

    /// The classification of `ua`.
    public func classify(_ ua: String) -> UserAgentInfo {
        guard capacity > 0 else { return Self.compute(ua) }
        if let known = cache.withLock({ $0[ua] }) { return known }
        let info = Self.compute(ua)
        cache.withLock { entries in
            // Dropping everything when full keeps the bound without bookkeeping per hit;
            // the hot strings come back within a few requests.
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[ua] = info
        }
        return info
    }

    /// The classification of `ua` without the cache.
    static func compute(_ ua: String) -> UserAgentInfo {
        let text = ua.utf8.count > maximumLength ? String(ua.prefix(maximumLength)) : ua
        let tokens = UserAgentTokens(Substring(text))
        let fast = UserAgentFastPath.applies(text, tokens)
        let browser = (fast ? UserAgentFastPath.browser(tokens) : nil) ?? UserAgentRules.shared.browser(text)
        let system = (fast ? UserAgentFastPath.system(tokens) : nil) ?? UserAgentRules.shared.system(text)
        let device = (fast ? UserAgentFastPath.device(tokens) : nil) ?? UserAgentRules.shared.device(text)
        return UserAgentInfo(
            browserFamily: browser.family, browserMajor: browser.major, browserMinor: browser.minor,
            osFamily: system.family, osMajor: system.major, osMinor: system.minor,
            deviceType: UserAgentDeviceKind.type(ua: text, tokens: tokens, browser: browser.family, os: system.family, device: device),
            deviceBrand: Self.brand(device),
            deviceModel: device.family == "Other" || device.brand == "Spider" ? nil : device.model
        )
    }

    /// uap-core's brand, except its placeholders (`Spider`, `Generic_Android`, …), which say no maker.
    private static func brand(_ device: UserAgentDevice) -> String? {
        guard let brand = device.brand, brand != "Spider", !brand.hasPrefix("Generic") else { return nil }
        return brand
    }
}
