import Foundation

/// Collects usage events in an app and sends them to a Custodian server's `POST /v1/collect`.
///
/// ```swift
/// let client = try CustodianClient(configuration: .init(
///     endpoint: URL(string: "https://custodian.example.com")!, writeKey: key, queueDirectory: folder))
/// await client.track("Played", properties: ["title": "Blue in Green", "seconds": 337])
/// ```
///
/// Events get their `messageId` when created and wait in an on-disk queue (``Configuration/queueDirectory``)
/// until sent in batches: when ``Configuration/flushAt`` are waiting, every ``Configuration/flushInterval``,
/// or on ``flush()``. Failed sends are retried with exponential backoff and jitter, never before
/// a `Retry-After`. Consent: see ``setConsent(_:)``.
public actor CustodianClient {
    public static let libraryName = "custodian-swift"
    public static let libraryVersion = "1.0.0"

    public nonisolated let configuration: Configuration
    var queue: DiskQueue
    var state: ClientState
    let stateURL: URL
    let transport: any CustodianTransport
    let facts: Task<DeviceFacts, Never>
    /// The anonymous id while lasting ids may not be used; new each launch.
    let sessionId = ClientState.newId()
    let loop = LoopHandle()
    var pass: Task<FlushResult, Never>?
    var retryTask: Task<Void, Never>?
    var retryAt: Date?
    var failures = 0
    var counters = ClientStatistics()

    /// Opens (or makes) the queue folder and starts the periodic flush.
    ///
    /// - Throws: ``CustodianClientError/invalidConfiguration(_:)`` for impossible settings, or the
    ///   file system's error when the folder cannot be made or read.
    public init(configuration: Configuration) throws {
        try Self.validate(configuration)
        self.configuration = configuration
        let folder = configuration.queueDirectory
        queue = try DiskQueue(
            directory: folder.appendingPathComponent("events"), maxEvents: configuration.maxQueuedEvents,
            maxBytes: configuration.maxQueuedBytes)
        stateURL = folder.appendingPathComponent("state.json")
        let state = ClientState.load(from: stateURL)
            ?? ClientState(anonymousId: ClientState.newId(), deviceId: ClientState.newId(), consent: configuration.consent)
        try state.save(to: stateURL)
        self.state = state
        transport = configuration.transport ?? URLSessionTransport()
        facts = Task { await DeviceFacts.gather(configuration) }
        // Events left from an earlier launch go soon; then every flushInterval.
        let interval = configuration.flushInterval
        let first = queue.isEmpty ? interval : min(interval, 1)
        loop.start(Task { [weak self] in
            var wait = first
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                guard !Task.isCancelled, let client = self else { return }
                await client.intervalElapsed()
                wait = interval
            }
        })
    }

    deinit {
        loop.cancel()
        retryTask?.cancel()
    }

    static func validate(_ configuration: Configuration) throws {
        let problem: String? =
            if configuration.writeKey.isEmpty { "writeKey is empty" }
            else if !["http", "https"].contains(configuration.endpoint.scheme?.lowercased() ?? "") { "endpoint must be an http or https URL" }
            else if configuration.flushAt < 1 { "flushAt must be at least 1" }
            else if configuration.flushInterval <= 0 { "flushInterval must be positive" }
            else if !(1...500).contains(configuration.maxBatchEvents) { "maxBatchEvents must be 1…500 (the server's limit)" }
            else if !(1024...(512 * 1024)).contains(configuration.maxBatchBytes) { "maxBatchBytes must be 1 KiB…512 KiB (the server's limit)" }
            else if configuration.maxQueuedEvents < 1 || configuration.maxQueuedBytes < 1024 { "the queue bounds are too small" }
            else if let id = configuration.deviceId, id.isEmpty || id.utf8.count > FieldLimit.id { "deviceId must be 1…100 bytes" }
            else { nil }
        if let problem { throw CustodianClientError.invalidConfiguration(problem) }
    }

    // MARK: - Events

    /// Records a user action. Returns the event's `messageId`, or nil when it was not queued
    /// (analytics refused, or the event is too large to send).
    @discardableResult
    public func track(_ event: String, properties: [String: PropertyValue] = [:]) async -> String? {
        await record(type: "track", event: event, name: nil, properties: properties, traits: nil)
    }

    /// Records that a screen was shown.
    @discardableResult
    public func screen(_ name: String, properties: [String: PropertyValue] = [:]) async -> String? {
        await record(type: "screen", event: nil, name: name, properties: properties, traits: nil)
    }

    /// Ties this device's events to a Custodian person id from now on (kept across launches).
    /// Traits are sent but not stored by the server: profiles change through the people API.
    @discardableResult
    public func identify(userId: String, traits: [String: PropertyValue] = [:]) async -> String? {
        state.userId = FieldLimit.cut(userId, to: FieldLimit.id)
        saveState()
        return await record(type: "identify", event: nil, name: nil, properties: [:], traits: traits)
    }

    /// Forgets the person and starts a new anonymous id, for sign-out.
    public func reset() {
        state.userId = nil
        state.anonymousId = ClientState.newId()
        saveState()
    }

    // MARK: - Consent

    /// The person's choices, as last set (kept across launches).
    public var consent: Consent { state.consent }

    /// Records the person's choices. Refusing analytics also discards every event still queued.
    public func setConsent(_ consent: Consent) {
        state.consent = consent
        saveState()
        if !consent.analytics {
            counters.refusedByConsent += (try? queue.removeAll()) ?? 0
        }
    }

    /// The device id sent with events: the app's, or the one the client made. Nil under an
    /// opt-out signal or refused analytics, when none is sent.
    public var deviceId: String? {
        guard state.consent.analytics, !state.consent.optOut else { return nil }
        return configuration.deviceId ?? state.deviceId
    }

    // MARK: - Reports

    public var statistics: ClientStatistics {
        var statistics = counters
        statistics.queued = queue.count
        statistics.dropped = queue.cursor.dropped
        statistics.storageFailures = queue.storageFailures
        return statistics
    }

    /// Stops the periodic flush and waits for a send in progress; queued events stay on disk for
    /// the next launch. Call ``flush()`` first to send them now.
    public func shutdown() async {
        loop.cancel()
        retryTask?.cancel()
        retryTask = nil
        if let pass { _ = await pass.value }
    }

    // MARK: - Recording

    func record(type: String, event: String?, name: String?, properties: [String: PropertyValue], traits: [String: PropertyValue]?) async -> String? {
        if !state.consent.analytics, configuration.whenAnalyticsRefused == .drop || type == "identify" {
            counters.refusedByConsent += 1
            return nil
        }
        let facts = await self.facts.value
        // Read the choices after the wait: they may have changed meanwhile.
        let consent = state.consent
        guard consent.analytics || (configuration.whenAnalyticsRefused == .minimal && type != "identify") else {
            counters.refusedByConsent += 1
            return nil
        }
        let minimal = !consent.analytics
        let lasting = !minimal && !consent.optOut
        let outgoing = OutgoingEvent(
            type: type,
            messageId: ClientState.newId(),
            anonymousId: lasting ? state.anonymousId : sessionId,
            userId: minimal ? nil : state.userId,
            timestamp: Timestamp.string(Date()),
            event: event.map { FieldLimit.cut($0, to: FieldLimit.name) },
            name: name.map { FieldLimit.cut($0, to: FieldLimit.name) },
            properties: minimal || properties.isEmpty ? nil : properties,
            traits: minimal ? nil : traits,
            context: OutgoingEvent.Context(
                locale: facts.locale, timezone: facts.timezone, screen: facts.screen,
                device: OutgoingEvent.Device(
                    id: lasting ? (configuration.deviceId ?? state.deviceId) : nil, manufacturer: facts.manufacturer,
                    model: facts.model, type: facts.type),
                os: OutgoingEvent.OperatingSystem(name: facts.osName, version: facts.osVersion),
                app: configuration.app,
                library: OutgoingEvent.Library(name: Self.libraryName, version: Self.libraryVersion),
                privacy: OutgoingEvent.Privacy(gpc: consent.optOut, dnt: false, analytics: minimal ? false : nil)))
        guard let data = try? outgoing.encoded(), data.count + 64 <= configuration.maxBatchBytes else {
            counters.rejected += 1
            return nil
        }
        queue.append(data)
        if queue.count >= configuration.flushAt, retryAt == nil {
            _ = startPass()
        }
        return outgoing.messageId
    }

    func saveState() {
        // The in-memory state stays right; a failed write only loses it at the next launch.
        try? state.save(to: stateURL)
    }
}
