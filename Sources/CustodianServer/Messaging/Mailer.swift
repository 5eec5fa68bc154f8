import CustodianStore

/// Queues the service's own messages (codes, notices) and wakes the sender at once.
struct Mailer: Sendable {
    let outbox: Outbox
    let doorbell: Doorbell
    /// Whether a mail server and sender are configured; without them messages wait in the outbox.
    let isConfigured: Bool

    @discardableResult
    func queue(_ draft: OutboxDraft, actor: String, requestId: String?) async throws -> OutboxMessage {
        let message = try await outbox.enqueue(draft, actor: actor, requestId: requestId)
        doorbell.ring()
        return message
    }
}
