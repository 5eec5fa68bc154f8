import Configuration
import CustodianCore

/// How partner webhooks are delivered, read once at start-up.
///
/// | key | environment | default |
/// |---|---|---|
/// | `custodian.webhook.poll.ms` | `CUSTODIAN_WEBHOOK_POLL_MS` | `1000` (how often each node looks for due deliveries) |
/// | `custodian.webhook.backoff.base.ms` | `CUSTODIAN_WEBHOOK_BACKOFF_BASE_MS` | `5000` (delay after the first failure; doubles) |
/// | `custodian.webhook.backoff.cap.s` | `CUSTODIAN_WEBHOOK_BACKOFF_CAP_S` | `3600` (no delay is longer) |
/// | `custodian.webhook.attempts` | `CUSTODIAN_WEBHOOK_ATTEMPTS` | `12` (then the delivery is failed; an admin may retry it) |
/// | `custodian.webhook.timeout.s` | `CUSTODIAN_WEBHOOK_TIMEOUT_S` | `10` (per attempt) |
/// | `custodian.webhook.allow.http` | `CUSTODIAN_WEBHOOK_ALLOW_HTTP` | `false` (`http://` URLs other than loopback) |
public struct WebhookConfiguration: Sendable, Equatable {
    public var pollMillis: Int = 1_000
    public var backoffBaseMillis: Int = 5_000
    public var backoffCapSeconds: Int = 3_600
    public var maxAttempts: Int = 12
    public var timeoutSeconds: Int = 10
    /// Whether webhook URLs may be plain `http://` beyond loopback addresses.
    public var allowHTTP: Bool = false
    /// How many deliveries one node sends at once.
    public var concurrency: Int = 8

    public init() {}

    init(reader config: ConfigReader) {
        pollMillis = config.int(forKey: "webhook.poll.ms", default: pollMillis)
        backoffBaseMillis = config.int(forKey: "webhook.backoff.base.ms", default: backoffBaseMillis)
        backoffCapSeconds = config.int(forKey: "webhook.backoff.cap.s", default: backoffCapSeconds)
        maxAttempts = config.int(forKey: "webhook.attempts", default: maxAttempts)
        timeoutSeconds = config.int(forKey: "webhook.timeout.s", default: timeoutSeconds)
        allowHTTP = config.bool(forKey: "webhook.allow.http", default: allowHTTP)
    }

    func validate() throws {
        guard (10...60_000).contains(pollMillis) else { throw ConfigurationError.invalid("the webhook poll interval must be 10 to 60000 ms") }
        guard (10...3_600_000).contains(backoffBaseMillis) else { throw ConfigurationError.invalid("the webhook backoff base must be 10 ms to 1 hour") }
        guard (1...604_800).contains(backoffCapSeconds), backoffCapSeconds * 1_000 >= backoffBaseMillis else {
            throw ConfigurationError.invalid("the webhook backoff cap must be 1 s to 7 days, and no shorter than the base")
        }
        guard (1...100).contains(maxAttempts) else { throw ConfigurationError.invalid("webhook attempts must be 1 to 100") }
        guard (1...120).contains(timeoutSeconds) else { throw ConfigurationError.invalid("the webhook timeout must be 1 to 120 seconds") }
    }

    /// The retry schedule.
    public var backoff: WebhookBackoff {
        WebhookBackoff(baseMillis: Int64(backoffBaseMillis), capMillis: Int64(backoffCapSeconds) * 1_000, maxAttempts: maxAttempts)
    }
}
