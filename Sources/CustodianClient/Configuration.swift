import Foundation

extension CustodianClient {
    /// Everything the client needs, given once at creation.
    public struct Configuration: Sendable {
        /// The Custodian server, e.g. `https://custodian.example.com` (events go to `/v1/collect`
        /// under it), or the full collect address.
        public var endpoint: URL
        /// An API key with the `collect` scope.
        public var writeKey: String
        /// A folder the client owns: its queue of unsent events and its ids live here.
        public var queueDirectory: URL

        /// Send as soon as this many events are queued.
        public var flushAt: Int = 20
        /// Send what is queued at least this often (seconds).
        public var flushInterval: TimeInterval = 30
        /// Most events in one request (the server takes at most 500).
        public var maxBatchEvents: Int = 100
        /// Largest request body in bytes (the server takes at most 512 KiB).
        public var maxBatchBytes: Int = 480 * 1024
        /// Most events kept waiting; beyond it the oldest are dropped and counted.
        public var maxQueuedEvents: Int = 10_000
        /// Most bytes of events kept waiting; beyond it the oldest are dropped and counted.
        public var maxQueuedBytes: Int = 4 * 1024 * 1024
        /// Waiting between failed sends.
        public var retry: RetryPolicy = RetryPolicy()

        /// A device id the app already has (e.g. `identifierForVendor`); by default the client makes
        /// one and keeps it in ``queueDirectory``. Never sent under an opt-out signal.
        public var deviceId: String?
        /// The app sending events; by default read from the main bundle where there is one.
        public var app: AppInfo? = AppInfo.mainBundle
        /// The screen, where the client cannot read it itself (it can with UIKit and AppKit).
        public var screen: ScreenInfo?
        /// A BCP 47 language tag; by default the current locale's.
        public var locale: String?
        /// `desktop`, `mobile`, `tablet` or `other`; by default judged from the platform and model.
        public var deviceType: String?
        /// Consent until the app says otherwise; a choice set later is kept in ``queueDirectory``.
        public var consent: Consent = Consent()
        /// What happens to events while analytics consent is refused.
        public var whenAnalyticsRefused: RefusedEvents = .drop
        /// How requests are sent; by default an ephemeral `URLSession` without cookies or cache.
        public var transport: (any CustodianTransport)?

        public init(endpoint: URL, writeKey: String, queueDirectory: URL) {
            self.endpoint = endpoint
            self.writeKey = writeKey
            self.queueDirectory = queueDirectory
        }

        /// The address events are posted to.
        var collectURL: URL {
            endpoint.path.hasSuffix("/v1/collect") ? endpoint : endpoint.appendingPathComponent("v1").appendingPathComponent("collect")
        }
    }

    /// What becomes of events while the person refuses analytics.
    public enum RefusedEvents: Sendable, Equatable {
        /// Not queued at all.
        case drop
        /// Queued without properties, user id, device id or lasting anonymous id: a count of use only.
        case minimal
    }
}

/// The app in `context.app`.
public struct AppInfo: Sendable, Equatable, Codable {
    public var name: String
    public var version: String?
    public var build: String?

    public init(name: String, version: String? = nil, build: String? = nil) {
        self.name = name
        self.version = version
        self.build = build
    }

    /// The main bundle's name and versions; nil where the process has no bundle information (Linux).
    public static var mainBundle: AppInfo? {
        let info = Bundle.main.infoDictionary ?? [:]
        guard let name = (info["CFBundleDisplayName"] ?? info["CFBundleName"]) as? String, !name.isEmpty else { return nil }
        return AppInfo(name: name, version: info["CFBundleShortVersionString"] as? String, build: info["CFBundleVersion"] as? String)
    }
}

/// The screen in `context.screen`: size in points (CSS pixels) and pixels per point.
public struct ScreenInfo: Sendable, Equatable, Codable {
    public var width: Int
    public var height: Int
    public var density: Double?

    public init(width: Int, height: Int, density: Double? = nil) {
        self.width = width
        self.height = height
        self.density = density
    }
}
