import CustodianCore
import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// One message as SMTP carries it: the envelope's addresses and the RFC 5322 text.
struct MailEnvelope: Sendable {
    /// The reverse path (`MAIL FROM`), where bounces go.
    var from: String
    /// The forward path (`RCPT TO`).
    var to: String
    /// The message, before dot-stuffing.
    var message: [UInt8]
    /// Whether an address needs SMTPUTF8.
    var needsUTF8: Bool
}

/// A conversation with an SMTP server over one connection: greeting, EHLO (HELO when EHLO is
/// not understood), STARTTLS, AUTH PLAIN, then any number of messages.
///
/// Used by one task at a time; not `Sendable`.
final class SMTPSession {
    /// What became of one message.
    enum Result: Sendable, Equatable {
        /// The server took responsibility for the message (2xx after the final dot).
        case accepted(code: Int)
        /// A 4xx: try again later.
        case deferred(stage: String, code: Int)
        /// A 5xx: this message will never be accepted as it is.
        case rejected(stage: String, code: Int)
        /// The server cannot carry this message (an address that needs SMTPUTF8).
        case unsupported(reason: String)
    }

    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let configuration: MailConfiguration.SMTP
    private let tls: NIOSSLContext?
    private let timeout: TimeAmount
    private(set) var extensions: [String: String] = [:]
    private(set) var isEncrypted: Bool

    init(
        channel: any Channel, inbound: NIOAsyncChannelInboundStream<SMTPReply>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        configuration: MailConfiguration.SMTP, tls: NIOSSLContext?
    ) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.configuration = configuration
        self.tls = tls
        self.timeout = .seconds(Int64(configuration.timeoutSeconds))
        self.isEncrypted = configuration.implicitTLS
    }

    /// Greeting, EHLO, STARTTLS and AUTH: ready for messages afterwards.
    func open() async throws {
        try await expect(try await read(stage: "greeting"), stage: "greeting")
        try await hello()
        if !isEncrypted, configuration.startTLS != .off {
            if extensions["STARTTLS"] != nil {
                try await startTLS()
            } else if configuration.startTLS == .require {
                throw SMTPError.startTLSNotOffered
            }
        }
        if let user = configuration.username {
            try await authenticate(user: user, password: configuration.password ?? "")
        }
    }

    /// Sends one message; the session stays usable for the next whatever the server answered.
    func send(_ envelope: MailEnvelope) async throws -> Result {
        for address in [envelope.from, envelope.to] where !Self.isSafePath(address) {
            return .unsupported(reason: "unsafe_address")
        }
        var parameters = ""
        if envelope.needsUTF8 {
            guard extensions["SMTPUTF8"] != nil else { return .unsupported(reason: "needs_smtputf8") }
            parameters = " SMTPUTF8"
        }
        for (stage, line) in [("mail", "MAIL FROM:<\(envelope.from)>\(parameters)"), ("rcpt", "RCPT TO:<\(envelope.to)>")] {
            let reply = try await command(line, stage: stage)
            if !reply.isPositive { return try await abandon(stage: stage, reply) }
        }
        let ready = try await command("DATA", stage: "data")
        guard ready.code == 354 else { return try await abandon(stage: "data", ready) }
        try await write(SMTPData.stuffed(envelope.message))
        // RFC 5321 §4.5.3.2.6 gives the final reply ten minutes; twice the usual wait here.
        let final = try await read(stage: "data_end", timeout: timeout * 2)
        if final.isPositive { return .accepted(code: final.code) }
        return final.isTransient ? .deferred(stage: "data_end", code: final.code) : .rejected(stage: "data_end", code: final.code)
    }

    /// Says goodbye; failures here change nothing about what was sent.
    func quit() async {
        _ = try? await command("QUIT", stage: "quit")
    }

    // MARK: - Session commands

    private func hello() async throws {
        let reply = try await command("EHLO \(configuration.heloName)", stage: "ehlo")
        if reply.isPositive {
            extensions = reply.extensions
            return
        }
        // 500/502: an old server without ESMTP.
        guard reply.code == 500 || reply.code == 502 else { throw SMTPError.refused(stage: "ehlo", code: reply.code) }
        try await expect(try await command("HELO \(configuration.heloName)", stage: "helo"), stage: "helo")
        extensions = [:]
    }

    private func startTLS() async throws {
        let reply = try await command("STARTTLS", stage: "starttls")
        guard reply.code == 220 else {
            if configuration.startTLS == .require { throw SMTPError.refused(stage: "starttls", code: reply.code) }
            return
        }
        guard let tls else { throw SMTPError.tls("no TLS context") }
        let host = configuration.host
        try await channel.eventLoop.submit { [channel] in
            let handler = try NIOSSLClientHandler(context: tls, serverHostname: Self.serverName(host))
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
        isEncrypted = true
        // RFC 3207: everything learnt before the upgrade is forgotten; ask again.
        extensions = [:]
        do {
            try await hello()
        } catch SMTPError.connection(let detail) {
            // A refused handshake closes the channel; whether the TLS alert or the closed channel
            // reaches us first is a race, so a close right after the upgrade is the handshake's failure.
            throw SMTPError.tls("the connection closed during the TLS handshake (\(detail))")
        }
    }

    private func authenticate(user: String, password: String) async throws {
        guard isEncrypted || configuration.isLoopback else {
            throw SMTPError.authenticationUnavailable("the connection is not encrypted, and credentials are only sent over TLS")
        }
        let mechanisms = (extensions["AUTH"] ?? "").uppercased().split(separator: " ")
        guard mechanisms.contains("PLAIN") else { throw SMTPError.authenticationUnavailable("the server does not offer AUTH PLAIN") }
        let token = MIMEBody.base64(Array(("\u{0}" + user + "\u{0}" + password).utf8), wrap: false)
        var reply = try await command("AUTH PLAIN \(token)", stage: "auth")
        if reply.code == 334 {
            // A server that wants the initial response on its own line.
            reply = try await command(token, stage: "auth")
        }
        guard reply.code == 235 else { throw SMTPError.refused(stage: "auth", code: reply.code) }
    }

    /// After a refused MAIL, RCPT or DATA: reset the transaction so the next message starts clean.
    private func abandon(stage: String, _ reply: SMTPReply) async throws -> Result {
        try await expect(try await command("RSET", stage: "rset"), stage: "rset")
        return reply.isTransient ? .deferred(stage: stage, code: reply.code) : .rejected(stage: stage, code: reply.code)
    }

    // MARK: - Wire

    private func expect(_ reply: SMTPReply, stage: String) async throws {
        guard reply.isPositive else { throw SMTPError.refused(stage: stage, code: reply.code) }
    }

    /// Sends one command line and reads its reply. Command lines are never logged (AUTH carries
    /// the password).
    private func command(_ line: String, stage: String) async throws -> SMTPReply {
        guard !line.contains("\r"), !line.contains("\n") else { throw SMTPError.connection("a command would carry a line break") }
        try await write(Array((line + "\r\n").utf8))
        return try await read(stage: stage)
    }

    private func write(_ bytes: [UInt8]) async throws {
        do {
            try await outbound.write(ByteBuffer(bytes: bytes))
        } catch {
            throw Self.map(error)
        }
    }

    private func read(stage: String, timeout: TimeAmount? = nil) async throws -> SMTPReply {
        let expired = Flag()
        let scheduled = channel.eventLoop.scheduleTask(in: timeout ?? self.timeout) { [channel] in
            expired.set()
            channel.close(promise: nil)
        }
        defer { scheduled.cancel() }
        do {
            guard let reply = try await inbound.next() else {
                throw expired.isSet ? SMTPError.timeout(stage: stage) : SMTPError.connection("the server closed the connection")
            }
            return reply
        } catch let error as SMTPError {
            throw error
        } catch {
            if expired.isSet { throw SMTPError.timeout(stage: stage) }
            throw Self.map(error)
        }
    }

    static func map(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if error is NIOSSLError || error is BoringSSLError { return .tls(String(describing: error)) }
        return .connection(String(describing: type(of: error)))
    }

    /// SNI and certificate checks need a host name; for an IP address NIOSSL checks the address itself.
    static func serverName(_ host: String) -> String? {
        host.contains(":") || host.split(separator: ".").allSatisfy({ Int($0) != nil }) ? nil : host
    }

    /// Whether `address` can go between `<` and `>` on a command line.
    static func isSafePath(_ address: String) -> Bool {
        !address.isEmpty && address.contains("@")
            && !address.unicodeScalars.contains { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0.value == 0x7F }
    }
}

/// A flag set from the event loop and read from the session's task.
private final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
