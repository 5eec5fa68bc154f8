/// What the person using the app chose, as the app tells the client (``CustodianClient/setConsent(_:)``).
public struct Consent: Sendable, Equatable, Codable {
    /// Whether usage analytics may be collected. When false, events are not queued (or only
    /// minimal ones, see ``CustodianClient/Configuration/whenAnalyticsRefused``) and whatever
    /// was still queued is discarded.
    public var analytics: Bool
    /// An opt-out signal, the app's counterpart of Global Privacy Control: "do not sell or
    /// share", or tracking refused at the system's prompt. Events are still sent, but without a
    /// device id and with an anonymous id that lasts only until the app quits; they are marked
    /// `context.privacy.gpc`.
    public var optOut: Bool

    public init(analytics: Bool = true, optOut: Bool = false) {
        self.analytics = analytics
        self.optOut = optOut
    }
}
