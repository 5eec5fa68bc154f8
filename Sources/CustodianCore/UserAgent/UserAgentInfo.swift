/// What a user-agent string says about the browser, the operating system and the device.
///
/// Family names follow uap-core's spelling (`Chrome Mobile`, `Mobile Safari`, `Mac OS X`);
/// `Other` means unknown, as in uap-core.
public struct UserAgentInfo: Sendable, Hashable {
    /// The browser, app, library or crawler, e.g. `Chrome Mobile` or `Googlebot`.
    public var browserFamily: String
    public var browserMajor: String?
    public var browserMinor: String?
    /// The operating system, e.g. `Android`, `iOS`, `Windows`, `Mac OS X`.
    public var osFamily: String
    public var osMajor: String?
    public var osMinor: String?
    public var deviceType: UserAgentDeviceType
    /// The maker, e.g. `Apple`, `Samsung`; nil when unknown.
    public var deviceBrand: String?
    /// The model, e.g. `iPhone`, `SM-G973F`; nil when unknown.
    public var deviceModel: String?

    /// True for crawlers, monitors and other software that is not a person's browser.
    public var isBot: Bool { deviceType == .bot }

    public init(
        browserFamily: String = "Other", browserMajor: String? = nil, browserMinor: String? = nil,
        osFamily: String = "Other", osMajor: String? = nil, osMinor: String? = nil,
        deviceType: UserAgentDeviceType = .other, deviceBrand: String? = nil, deviceModel: String? = nil
    ) {
        self.browserFamily = browserFamily
        self.browserMajor = browserMajor
        self.browserMinor = browserMinor
        self.osFamily = osFamily
        self.osMajor = osMajor
        self.osMinor = osMinor
        self.deviceType = deviceType
        self.deviceBrand = deviceBrand
        self.deviceModel = deviceModel
    }
}

/// The kind of device behind a user agent (CONTRACT.md: desktop/mobile/tablet/bot/other).
public enum UserAgentDeviceType: String, Sendable, Hashable, CaseIterable {
    case desktop, mobile, tablet, bot, other
}

/// A browser or OS family with its version, as one classification step answers it.
struct UserAgentFamily: Sendable, Hashable {
    var family: String
    var major: String?
    var minor: String?
}

/// A device as uap-core names it: family (`Spider` for crawlers), brand and model.
struct UserAgentDevice: Sendable, Hashable {
    var family: String
    var brand: String?
    var model: String?
}
