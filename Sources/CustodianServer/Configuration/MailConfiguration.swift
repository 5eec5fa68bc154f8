import Configuration
import CustodianCore
import Foundation

/// Outgoing mail: the SMTP server, the sender, and the outbox's pace. Read once at start-up.
///
/// | key | environment | default |
/// |---|---|---|
/// | `custodian.smtp.url` | `CUSTODIAN_SMTP_URL` | none: mail is not configured, the outbox keeps messages |
/// | `custodian.mail.from` | `CUSTODIAN_MAIL_FROM` | none; required with an SMTP URL (`Name <address>` or an address) |
/// | `custodian.smtp.starttls` | `CUSTODIAN_SMTP_STARTTLS` | `require` (`opportunistic`, `off`) |
/// | `custodian.smtp.ca.file` | `CUSTODIAN_SMTP_CA_FILE` | none (PEM certificates trusted besides the system's) |
/// | `custodian.smtp.timeout.s` | `CUSTODIAN_SMTP_TIMEOUT_S` | `30` (connect and each reply) |
/// | `custodian.smtp.helo` | `CUSTODIAN_SMTP_HELO` | the public URL's host, else `localhost` |
/// | `custodian.outbox.poll.ms` | `CUSTODIAN_OUTBOX_POLL_MS` | `2000` (how often each node looks for due messages) |
/// | `custodian.outbox.max.attempts` | `CUSTODIAN_OUTBOX_MAX_ATTEMPTS` | `10` (then a message fails for good) |
/// | `custodian.outbox.retry.ms` | `CUSTODIAN_OUTBOX_RETRY_MS` | `60000` (first retry delay; doubles, up to 6 hours) |
/// The URL's password is never logged.
public struct MailConfiguration: Sendable {
    /// Whether to upgrade a plain connection with STARTTLS.
    public enum StartTLS: String, Sendable {
        /// Refuse to send unless the server offers STARTTLS and the upgrade succeeds.
        case require
        /// Upgrade when the server offers it; otherwise send in the clear.
        case opportunistic
        /// Never upgrade (a local relay on a trusted network).
        case off
    }

    /// Where and how to reach the SMTP server.
    public struct SMTP: Sendable, Equatable {
        public var host: String
        public var port: Int
        /// `smtps://`: TLS from the first byte (port 465).
        public var implicitTLS: Bool
        public var username: String?
        public var password: String?
        public var startTLS: StartTLS = .require
        /// Extra trusted certificates (PEM), for a relay with a private CA.
        public var caFile: String?
        public var timeoutSeconds: Int = 30
        /// The name given in EHLO.
        public var heloName: String = "localhost"

        public init(host: String, port: Int, implicitTLS: Bool, username: String? = nil, password: String? = nil) {
            self.host = host
            self.port = port
            self.implicitTLS = implicitTLS
            self.username = username
            self.password = password
        }

        /// Whether the server is on this machine, where sending in the clear exposes nothing.
        public var isLoopback: Bool {
            host == "localhost" || host == "::1" || host.hasPrefix("127.")
        }

        /// Parses `smtp://[user:password@]host[:port]` (port 587 by default) or `smtps://…` (465).
        public static func parse(_ text: String) throws -> SMTP {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
                  var host = components.host, !host.isEmpty
            else {
                throw ConfigurationError.invalid("the SMTP URL must look like smtp://user:password@host:port or smtps://…")
            }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let implicitTLS = scheme == "smtps"
            let port = components.port ?? (implicitTLS ? 465 : 587)
            guard (1...65_535).contains(port) else { throw ConfigurationError.invalid("the SMTP port is out of range") }
            var smtp = SMTP(host: host, port: port, implicitTLS: implicitTLS, username: components.user, password: components.password)
            if smtp.username?.isEmpty == true { smtp.username = nil }
            return smtp
        }
    }

    /// The SMTP server; nil when mail is not configured.
    public var smtp: SMTP?
    /// The sender of every message.
    public var from: Mailbox?
    public var outboxPollMillis: Int = 2_000
    public var maxAttempts: Int = 10
    /// The delay before the first retry.
    public var retryBaseMillis: Int = 60_000

    public init(smtp: SMTP? = nil, from: Mailbox? = nil) {
        self.smtp = smtp
        self.from = from
    }

    /// Whether messages can be sent: a server and a sender are configured.
    public var isConfigured: Bool { smtp != nil && from != nil }

    /// Reads the mail keys of `config` (already scoped to `custodian`).
    init(reader config: ConfigReader, publicURL: String?) throws {
        self.init()
        if let url = config.string(forKey: "smtp.url", isSecret: true), !url.isEmpty {
            var smtp = try SMTP.parse(url)
            let mode = config.string(forKey: "smtp.starttls", default: StartTLS.require.rawValue)
            guard let startTLS = StartTLS(rawValue: mode) else {
                throw ConfigurationError.invalid("CUSTODIAN_SMTP_STARTTLS '\(mode)' is not require, opportunistic or off")
            }
            smtp.startTLS = startTLS
            smtp.caFile = config.string(forKey: "smtp.ca.file").flatMap { $0.isEmpty ? nil : $0 }
            smtp.timeoutSeconds = config.int(forKey: "smtp.timeout.s", default: smtp.timeoutSeconds)
            let publicHost = publicURL.flatMap { URL(string: $0)?.host }
            smtp.heloName = config.string(forKey: "smtp.helo", default: publicHost ?? smtp.heloName)
            self.smtp = smtp
        }
        if let from = config.string(forKey: "mail.from"), !from.isEmpty {
            guard let mailbox = Mailbox(parsing: from) else {
                throw ConfigurationError.invalid("CUSTODIAN_MAIL_FROM must be an address or 'Name <address>'")
            }
            self.from = mailbox
        }
        outboxPollMillis = config.int(forKey: "outbox.poll.ms", default: outboxPollMillis)
        maxAttempts = config.int(forKey: "outbox.max.attempts", default: maxAttempts)
        retryBaseMillis = config.int(forKey: "outbox.retry.ms", default: retryBaseMillis)
    }

    /// Checks values that would otherwise fail later and less clearly.
    public func validate() throws {
        if smtp != nil, from == nil { throw ConfigurationError.invalid("CUSTODIAN_MAIL_FROM is required with CUSTODIAN_SMTP_URL") }
        if let smtp {
            guard (1...600).contains(smtp.timeoutSeconds) else { throw ConfigurationError.invalid("the SMTP timeout must be between 1 and 600 seconds") }
            guard !smtp.heloName.isEmpty, smtp.heloName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
                throw ConfigurationError.invalid("the EHLO name must be a host name")
            }
            if smtp.password != nil, smtp.username == nil { throw ConfigurationError.invalid("the SMTP URL has a password without a user") }
        }
        guard (50...600_000).contains(outboxPollMillis) else { throw ConfigurationError.invalid("the outbox poll interval must be between 50 and 600000 ms") }
        guard (10...86_400_000).contains(retryBaseMillis) else { throw ConfigurationError.invalid("the first retry delay must be between 10 ms and a day") }
        guard (1...100).contains(maxAttempts) else { throw ConfigurationError.invalid("the outbox's maximum attempts must be between 1 and 100") }
    }
}
