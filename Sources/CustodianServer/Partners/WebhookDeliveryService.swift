import CustodianCore
import CustodianStore
import Foundation
import Logging
import ServiceLifecycle

/// Delivers the partner webhook outbox: every node runs one; each pass claims due deliveries
/// (a lease, `FOR UPDATE SKIP LOCKED` on PostgreSQL), sends them a few at a time, and records
/// each outcome; failures come back after an exponential backoff with jitter, up to a cap, until
/// the attempts run out and the delivery is `failed` (an administrator may retry it).
///
/// A share (`person.shared`) is read through the purpose gate when it is sent, not when it was
/// queued: if the person withdrew meanwhile, it is cancelled. It is written to the share log the
/// first time its body may have reached the partner (an answer of any status, or a connection
/// that broke after sending).
struct WebhookDeliveryService: Service {
    let outbox: PartnerOutbox
    let registry: PartnerRegistry
    let disclosure: PartnerDisclosure
    let sender: WebhookSender
    let configuration: WebhookConfiguration
    let logger: Logger
    /// This process, in the attempt log and the claim lease.
    let node: String
    let now: @Sendable () -> Int64
    /// Fired once the store is migrated; delivery starts after it.
    var storeReady: StartSignal? = nil

    init(
        outbox: PartnerOutbox, registry: PartnerRegistry, disclosure: PartnerDisclosure, configuration: WebhookConfiguration, logger: Logger,
        now: @escaping @Sendable () -> Int64
    ) {
        self.outbox = outbox
        self.registry = registry
        self.disclosure = disclosure
        self.sender = WebhookSender(timeoutSeconds: configuration.timeoutSeconds)
        self.configuration = configuration
        self.logger = logger
        // Not the host name: resolving it may block on DNS, and this runs on a cooperative thread.
        self.node = "node-\(ProcessInfo.processInfo.processIdentifier)-\(Identifiers.make().prefix(8))"
        self.now = now
    }

    /// A claim outlives the slowest attempt of a batch by a margin.
    var leaseMillis: Int64 { Int64(configuration.timeoutSeconds) * 3_000 + 30_000 }

    func run() async throws {
        if let storeReady {
            await cancelWhenGracefulShutdown { await storeReady.wait() }
        }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                // A full batch suggests more is due: go again at once.
                while try await pass() == configuration.concurrency, !Task.isShuttingDownGracefully {}
            } catch {
                logger.error("webhook delivery pass failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(configuration.pollMillis)) }
        }
        await sender.shutdown()
    }

    /// Claims and delivers one batch; returns how many were claimed.
    @discardableResult
    func pass() async throws -> Int {
        guard try await outbox.hasDue(at: now()) else { return 0 }
        let batch = try await outbox.claim(node: node, limit: configuration.concurrency, leaseMillis: leaseMillis)
        await withTaskGroup(of: Void.self) { group in
            for delivery in batch { group.addTask { await deliver(delivery) } }
        }
        return batch.count
    }

    func deliver(_ delivery: WebhookDelivery) async {
        do {
            try await attempt(delivery)
        } catch {
            logger.error(
                "webhook delivery failed to record",
                metadata: ["custodian.webhook": .string(delivery.id), "custodian.error": .string(String(describing: type(of: error)))])
        }
    }

    private func attempt(_ delivery: WebhookDelivery) async throws {
        guard let partner = try await registry.find(id: delivery.partnerId) else {
            try await outbox.complete(delivery.id, node: node, outcome: .cancelled(reason: "partner unknown"), durationMillis: 0)
            return
        }
        let payload: WebhookEvent.Payload
        var shared: [String] = []
        switch delivery.type {
        case .personShared:
            guard partner.status == .active, let person = delivery.personId, let purpose = delivery.purpose else {
                try await outbox.complete(delivery.id, node: node, outcome: .cancelled(reason: "partner disabled"), durationMillis: 0)
                return
            }
            switch try await disclosure.disclose(person: person, ref: delivery.ref, partner: partner, purpose: purpose, actor: "system", requestId: nil) {
            case .success(let disclosed):
                payload = .shared(disclosed)
                shared = disclosed.categories
            case .failure(let refusal):
                try await outbox.complete(
                    delivery.id, node: node, outcome: .cancelled(reason: "basis no longer holds: \(Self.code(refusal))"), durationMillis: 0)
                return
            }
        case .consentWithdrawn:
            payload = .withdrawn(ref: delivery.ref, purpose: delivery.purpose ?? "")
        case .personErased:
            payload = .erased(ref: delivery.ref)
        }
        guard let url = partner.webhookURL, let secret = try await registry.signingSecret(of: partner.id) else {
            try await outbox.complete(
                delivery.id, node: node, outcome: .failed(status: nil, error: "no webhook URL or secret", retryAt: retryAt(delivery)),
                durationMillis: 0)
            return
        }
        let started = now()
        let result = await sender.send(url: url, event: WebhookEvent(delivery, partner: partner, data: payload), secret: secret, at: started / 1000)
        let duration = max(0, now() - started)
        let outcome: WebhookOutcome
        var reached = false
        switch result {
        case .response(let status) where (200..<300).contains(status):
            outcome = .delivered(status: status)
            reached = true
        case .response(let status):
            outcome = .failed(status: status, error: "HTTP \(status)", retryAt: retryAt(delivery))
            reached = true
        case .transport(let reason, let maybeReceived):
            outcome = .failed(status: nil, error: reason, retryAt: retryAt(delivery))
            reached = maybeReceived
        }
        let share = reached && !shared.isEmpty ? (partner: partner, categories: shared) : nil
        try await outbox.complete(delivery.id, node: node, outcome: outcome, durationMillis: duration, share: share)
        logger.info("webhook attempt", metadata: [
            "custodian.webhook": .string(delivery.id), "custodian.webhook.type": .string(delivery.type.rawValue),
            "custodian.partner": .string(partner.id), "custodian.webhook.attempt": .stringConvertible(delivery.attempts + 1),
            "custodian.webhook.outcome": .string(Self.describe(outcome)),
        ])
    }

    /// When the next attempt is due after this one fails; nil when none is left.
    func retryAt(_ delivery: WebhookDelivery) -> Int64? {
        configuration.backoff.delay(afterAttempts: delivery.attempts + 1, unit: Double.random(in: 0...1)).map { now() + $0 }
    }

    static func code(_ refusal: PartnerDisclosure.Refusal) -> String {
        switch refusal {
        case .notRegistered: "purpose_not_registered"
        case .ambiguousPurpose: "purpose_ambiguous"
        case .denied(_, let decision): decision.reason.code.rawValue
        }
    }

    static func describe(_ outcome: WebhookOutcome) -> String {
        switch outcome {
        case .delivered: "delivered"
        case .failed(_, _, let retryAt): retryAt == nil ? "failed" : "retrying"
        case .cancelled: "cancelled"
        }
    }
}
