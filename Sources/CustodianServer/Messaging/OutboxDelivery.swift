import CustodianCore
import CustodianStore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Delivers the outbox: claims due messages in small batches, composes each (the gate decides
/// again, per message), sends a batch over one SMTP session, and records every outcome as soon
/// as the server answers — so a message the server accepted is marked sent before the next one
/// goes, and is never claimed again.
///
/// Runs as a `Service` on every node; claims are leases in the database, so nodes never send the
/// same message at once. Without a mail server it sends nothing, says so once, and messages wait.
struct OutboxDelivery: Service {
    let outbox: Outbox
    let composer: MessageComposer?
    let client: SMTPClient?
    let schedule: RetrySchedule
    let pollInterval: Duration
    let doorbell: Doorbell
    let logger: Logger
    let now: @Sendable () -> Int64
    /// This process's name on its claims.
    let worker = "node:" + Identifiers.make()
    static let batchSize = 20
    /// Long enough for a batch whose every command times out; then another node may take over.
    static let leaseMillis: Int64 = 15 * 60_000

    func run() async throws {
        guard let client, let composer else {
            logger.warning("mail is not configured; messages stay in the outbox until CUSTODIAN_SMTP_URL and CUSTODIAN_MAIL_FROM are set")
            try? await gracefulShutdown()
            return
        }
        // The first pass waits a moment (or for a message queued here): migrations run at start-up.
        await cancelWhenGracefulShutdown { await doorbell.wait(upTo: pollInterval) }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            var busy = false
            do {
                busy = try await deliverBatch(client: client, composer: composer)
            } catch {
                logger.error("outbox pass failed", metadata: ["custodian.error": .string(String(describing: type(of: error)))])
            }
            if !busy {
                await cancelWhenGracefulShutdown { await doorbell.wait(upTo: pollInterval) }
            }
        }
    }

    /// Claims, composes and sends one batch. Returns false when nothing was due.
    func deliverBatch(client: SMTPClient, composer: MessageComposer) async throws -> Bool {
        let batch = try await outbox.claim(limit: Self.batchSize, worker: worker, leaseMillis: Self.leaseMillis)
        guard !batch.isEmpty else { return false }
        var ready: [(message: OutboxMessage, envelope: MailEnvelope, categories: [String])] = []
        for message in batch {
            do {
                switch try await composer.compose(message, now: now()) {
                case .ready(let envelope, let categories): ready.append((message, envelope, categories))
                case .outcome(let outcome): try await record(outcome, message)
                }
            } catch {
                try await record(retryOrGiveUp(message, code: nil, reason: "compose_failed"), message)
            }
        }
        guard !ready.isEmpty else { return true }
        var pending = ready[...]
        do {
            try await client.withSession { session in
                while let next = pending.first {
                    let result = try await session.send(next.envelope)
                    pending.removeFirst()
                    try await record(outcome(of: result, next.message), next.message, categories: next.categories)
                }
            }
        } catch {
            let smtp = SMTPSession.map(error)
            logger.error("smtp session failed", metadata: [
                "custodian.error": .string(smtp.code), "custodian.outbox.pending": .stringConvertible(pending.count),
            ])
            // The server has not accepted these: try again later (the one in flight when a
            // connection dropped may have arrived; its Message-ID lets the receiver see a repeat).
            for item in pending {
                try await record(retryOrGiveUp(item.message, code: smtp.replyCode, reason: smtp.code), item.message)
            }
        }
        return true
    }

    /// What a reply to one message means for it.
    func outcome(of result: SMTPSession.Result, _ message: OutboxMessage) -> OutboxOutcome {
        switch result {
        case .accepted(let code): .sent(code: code)
        case .deferred(let stage, let code): retryOrGiveUp(message, code: code, reason: "smtp_deferred_" + stage)
        case .rejected(let stage, let code): .failed(code: code, reason: "smtp_rejected_" + stage)
        case .unsupported(let reason): .failed(code: nil, reason: reason)
        }
    }

    /// Another try by the schedule, or a permanent failure once attempts are used up or the
    /// message would expire before the next try.
    func retryOrGiveUp(_ message: OutboxMessage, code: Int?, reason: String) -> OutboxOutcome {
        let at = now() + schedule.delayMillis(after: message.attempts, jitter: Double.random(in: 0...1))
        guard schedule.mayRetry(after: message.attempts), message.expiresAt.map({ at < $0 }) ?? true else {
            return .failed(code: code, reason: reason + "_gave_up")
        }
        return .retry(at: at, code: code, reason: reason)
    }

    /// Records an outcome; a sent message's record is retried, because an unrecorded success
    /// would be sent again once its lease runs out.
    private func record(_ outcome: OutboxOutcome, _ message: OutboxMessage, categories: [String] = []) async throws {
        var tries = 0
        while true {
            do {
                try await outbox.record(outcome, for: message, worker: worker, categories: categories)
                Counter(label: "custodian_outbox_messages_total", dimensions: [("state", outcome.stateName)]).increment()
                return
            } catch {
                tries += 1
                guard case .sent = outcome, tries < 5 else { throw error }
                try await Task.sleep(for: .milliseconds(200 * tries))
            }
        }
    }
}

extension OutboxOutcome {
    var stateName: String {
        switch self {
        case .sent: OutboxState.sent.rawValue
        case .retry: OutboxState.failedTemporary.rawValue
        case .failed: OutboxState.failedPermanent.rawValue
        case .suppressed: OutboxState.suppressed.rawValue
        }
    }
}
