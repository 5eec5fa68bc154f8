import CustodianCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A real SMTP client on SwiftNIO: connects to the configured server, speaks the session, and
/// hands the caller a ``SMTPSession`` to send messages on. TLS comes from NIOSSL, verified
/// against the system's trust store and, when configured, a private CA file.
struct SMTPClient: Sendable {
    let configuration: MailConfiguration.SMTP
    let tls: NIOSSLContext?
    let group: any EventLoopGroup

    /// Prepares the client; a CA file that does not load refuses start-up here.
    init(configuration: MailConfiguration.SMTP, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.configuration = configuration
        self.group = group
        if configuration.implicitTLS || configuration.startTLS != .off {
            var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
            tlsConfiguration.minimumTLSVersion = .tlsv12
            if let caFile = configuration.caFile {
                do {
                    tlsConfiguration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
                } catch {
                    throw ConfigurationError.invalid("the SMTP CA file \(caFile) cannot be read as PEM certificates")
                }
            }
            do {
                tls = try NIOSSLContext(configuration: tlsConfiguration)
            } catch {
                throw ConfigurationError.invalid("TLS for SMTP cannot be set up: \(error)")
            }
        } else {
            tls = nil
        }
    }

    /// Opens a session (greeting, EHLO, STARTTLS, AUTH), runs `body` on it, says QUIT and closes.
    func withSession<T: Sendable>(_ body: (SMTPSession) async throws -> T) async throws -> T {
        let configuration = configuration
        let tls = tls
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(Int64(configuration.timeoutSeconds)))
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if configuration.implicitTLS, let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: SMTPSession.serverName(configuration.host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.connection("cannot connect: \(type(of: error))")
        }
        return try await channel.executeThenClose { inbound, outbound in
            let session = SMTPSession(channel: channel.channel, inbound: inbound, outbound: outbound, configuration: configuration, tls: tls)
            try await session.open()
            let result = try await body(session)
            await session.quit()
            return result
        }
    }
}
