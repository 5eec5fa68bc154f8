import CustodianCore
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import CustodianServer

/// The SMTP client against a real SMTP server (aiosmtpd): the session, reply codes, STARTTLS with
/// a self-signed certificate, AUTH PLAIN, HELO fallback, refusals and timeouts.
@Suite("SMTP client against aiosmtpd", .enabled(if: SMTPTools.enabled, SMTPTools.missing))
struct SMTPClientTests {
    static func envelope(to: String, _ body: String = "Subject: Test\r\n\r\nHello\r\n.dot line\r\n") -> MailEnvelope {
        MailEnvelope(from: "privacy@custodian.test", to: to, message: Array(body.utf8), needsUTF8: false)
    }

    static func configuration(_ server: SMTPTestServer, startTLS: MailConfiguration.StartTLS = .opportunistic, user: String? = nil, password: String? = nil) throws -> MailConfiguration.SMTP {
        var smtp = try MailConfiguration.SMTP.parse(server.url(user: user, password: password))
        smtp.startTLS = startTLS
        // Generous: the tests share a loaded machine; the timeout itself is tested with a silent server.
        smtp.timeoutSeconds = 30
        return smtp
    }

    @Test func oneSessionCarriesSeveralMessagesAndKeepsGoingAfterRefusals() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let client = try SMTPClient(configuration: try Self.configuration(server))
        let results = try await client.withSession { session in
            var results: [SMTPSession.Result] = []
            for to in ["one@example.org", "tempfail-always@example.org", "reject@example.org", "two@example.org"] {
                results.append(try await session.send(Self.envelope(to: to)))
            }
            return results
        }
        #expect(results == [
            .accepted(code: 250), .deferred(stage: "rcpt", code: 451), .rejected(stage: "rcpt", code: 550), .accepted(code: 250),
        ])
        let mails = try server.received()
        #expect(mails.map(\.rcptTos) == [["one@example.org"], ["two@example.org"]])
        // Dot-stuffing is undone by the server: the line arrives as written.
        #expect(mails.first?.raw == "Subject: Test\r\n\r\nHello\r\n.dot line\r\n")
        #expect(mails.first?.tls == false)
    }

    @Test func anOldServerWithoutEHLOIsGreetedWithHELO() async throws {
        let server = try await SMTPTestServer.start(.init(noEHLO: true))
        defer { server.stop() }
        let client = try SMTPClient(configuration: try Self.configuration(server))
        let result = try await client.withSession { try await $0.send(Self.envelope(to: "old@example.org")) }
        #expect(result == .accepted(code: 250))
        #expect(try server.received().count == 1)
    }

    @Test(.enabled(if: SMTPTools.openssl != nil, "openssl is not installed: no certificate for the STARTTLS test"))
    func startTLSWithATrustedSelfSignedCertificateThenAuthPlain() async throws {
        let folder = try TestFolder()
        let certificate = try TestCertificate.make(in: folder.path)
        let server = try await SMTPTestServer.start(.init(certificate: certificate, requireTLS: true, auth: ("mailer", "s3cret:pass")))
        defer { server.stop() }
        var configuration = try Self.configuration(server, startTLS: .require, user: "mailer", password: "s3cret%3Apass")
        configuration.caFile = certificate.certificate
        #expect(configuration.password == "s3cret:pass", "the URL's password is percent-decoded")
        let client = try SMTPClient(configuration: configuration)
        let result = try await client.withSession { session in
            #expect(session.isEncrypted)
            return try await session.send(Self.envelope(to: "secure@example.org"))
        }
        #expect(result == .accepted(code: 250))
        let mail = try #require(try server.received().first)
        #expect(mail.tls && mail.authenticated)

        // A wrong password is the server's refusal of AUTH, for the whole session.
        var wrong = configuration
        wrong.password = "nope"
        await #expect(throws: SMTPError.self) { try await SMTPClient(configuration: wrong).withSession { _ in () } }

        // Without the CA, the self-signed certificate is not trusted and nothing is sent.
        var untrusted = configuration
        untrusted.caFile = nil
        do {
            try await SMTPClient(configuration: untrusted).withSession { _ in () }
            Issue.record("an untrusted certificate was accepted")
        } catch let error as SMTPError {
            guard case .tls = error else { Issue.record("expected a TLS failure, got \(error)"); return }
        }
        #expect(try server.received().count == 1)
    }

    @Test func requiredSTARTTLSThatIsNotOfferedSendsNothing() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        let client = try SMTPClient(configuration: try Self.configuration(server, startTLS: .require))
        do {
            try await client.withSession { _ in () }
            Issue.record("sent without the required STARTTLS")
        } catch let error as SMTPError {
            #expect(error.code == "smtp_starttls_not_offered")
        }
    }

    @Test func aServerThatNeverGreetsTimesOut() async throws {
        // A TCP listener that accepts and then says nothing.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        var configuration = MailConfiguration.SMTP(host: "127.0.0.1", port: try #require(silent.localAddress?.port), implicitTLS: false)
        configuration.startTLS = .off
        configuration.timeoutSeconds = 1
        let started = ContinuousClock.now
        do {
            try await SMTPClient(configuration: configuration).withSession { _ in () }
            Issue.record("a silent server was accepted")
        } catch let error as SMTPError {
            #expect(error.code == "smtp_timeout")
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

/// A temporary folder removed when the value goes.
final class TestFolder: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
