import CustodianCore

/// What went wrong talking to the SMTP server, as far as the connection is concerned.
///
/// None of these says anything about one message: the messages of a session that fails this
/// way are tried again later. A message's own refusals (4xx/5xx to MAIL, RCPT or DATA) are
/// ``SMTPSession/Result`` values instead.
enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// Connecting failed, or the server closed the connection.
    case connection(String)
    /// No reply within the configured time.
    case timeout(stage: String)
    /// The server answered a session command (greeting, EHLO, STARTTLS, AUTH, RSET) with a refusal.
    case refused(stage: String, code: Int)
    /// The server's reply was not SMTP.
    case malformedReply
    /// The TLS handshake failed (certificate not trusted, name mismatch, protocol error).
    case tls(String)
    /// STARTTLS is required but the server does not offer it.
    case startTLSNotOffered
    /// Credentials are configured but cannot be used safely (no TLS) or at all (no AUTH PLAIN).
    case authenticationUnavailable(String)

    /// A stable code for the outbox and logs; never the server's text, which may echo an address.
    var code: String {
        switch self {
        case .connection: "smtp_connection"
        case .timeout: "smtp_timeout"
        case .refused(let stage, _): "smtp_refused_" + stage
        case .malformedReply: "smtp_malformed_reply"
        case .tls: "smtp_tls"
        case .startTLSNotOffered: "smtp_starttls_not_offered"
        case .authenticationUnavailable: "smtp_auth_unavailable"
        }
    }

    /// The reply code behind the failure, when there was one.
    var replyCode: Int? {
        if case .refused(_, let code) = self { return code }
        return nil
    }

    var description: String {
        switch self {
        case .connection(let detail): "SMTP connection failed: \(detail)"
        case .timeout(let stage): "SMTP server did not answer \(stage) in time"
        case .refused(let stage, let code): "SMTP server refused \(stage) with \(code)"
        case .malformedReply: "SMTP server sent a malformed reply"
        case .tls(let detail): "TLS with the SMTP server failed: \(detail)"
        case .startTLSNotOffered: "the SMTP server does not offer STARTTLS, which is required"
        case .authenticationUnavailable(let detail): "SMTP authentication is not possible: \(detail)"
        }
    }
}
