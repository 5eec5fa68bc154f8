/// Why events could not be sent (they stay queued unless said otherwise).
public enum CustodianClientError: Error, Sendable, Equatable {
    /// The configuration cannot work (given at creation).
    case invalidConfiguration(String)
    /// No answer: offline, DNS, TLS, timeout.
    case network(String)
    /// 401 or 403: the write key is missing, wrong or lacks the `collect` scope. Retried at the
    /// longest backoff, in case the key is fixed on the server.
    case unauthorized(status: Int)
    /// 429, 5xx, or another unexpected status: retried with backoff.
    case server(status: Int)
    /// 400 or 422: the server will never take these events; they were dropped.
    case rejected(status: Int)
}

/// What one ``CustodianClient/flush()`` achieved.
public struct FlushResult: Sendable, Equatable {
    /// Events the server stored.
    public var accepted = 0
    /// Events the server already had (a retry of a batch it stored).
    public var duplicates = 0
    /// Events the server refused as invalid; they are not retried.
    public var rejected = 0
    /// Events still waiting.
    public var remaining = 0
    /// Why sending stopped early, if it did.
    public var error: CustodianClientError?

    public init() {}
}

/// Counters since the client was created (``dropped`` since the queue folder was made).
public struct ClientStatistics: Sendable, Equatable {
    /// Events waiting to be sent.
    public var queued = 0
    public var accepted = 0
    public var duplicates = 0
    /// Refused by the server as invalid, or too large to send.
    public var rejected = 0
    /// The oldest events, dropped because the queue was full.
    public var dropped = 0
    /// Not queued, or discarded, because the person refused analytics.
    public var refusedByConsent = 0
    /// Events that did not reach the disk (they were still sent from memory).
    public var storageFailures = 0
    /// The last failure to send, cleared by a successful send.
    public var lastError: CustodianClientError?

    public init() {}
}
