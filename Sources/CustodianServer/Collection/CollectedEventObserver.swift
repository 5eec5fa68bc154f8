import CustodianStore

/// Told about collected events once they are durable, on the request path: an observer must
/// return at once (hand the events to a bounded queue, never wait for them to be used).
protocol CollectedEventObserver: Sendable {
    func collected(_ records: [EventRecord])
}
