import Foundation
import Testing

@testable import CustodianCore

@Suite("RFC 5322 messages and MIME bodies")
struct MIMEWriterTests {
    static let from = Mailbox(name: "Custodian", address: "privacy@custodian.test")
    static let date = Date(timeIntervalSince1970: 1_796_000_000)

    static func message(subject: String = "Hello", text: String = "Hi", html: String? = nil, to: String = "ada@example.org") -> MailMessage {
        MailMessage(from: from, to: Mailbox(address: to), subject: subject, text: text, html: html, date: date, messageID: "<m1@custodian.test>")
    }

    static func render(_ message: MailMessage) throws -> String {
        String(decoding: try MIMEWriter.render(message, boundary: "BOUNDARY"), as: UTF8.self)
    }

    @Test func headersComeFirstWithCRLFAndTheDateIsRFC5322() throws {
        let text = try Self.render(Self.message())
        #expect(text.hasPrefix("Date: Mon, 30 Nov 2026 00:53:20 +0000\r\nFrom: Custodian <privacy@custodian.test>\r\nTo: <ada@example.org>\r\nSubject: Hello\r\nMessage-ID: <m1@custodian.test>\r\nMIME-Version: 1.0\r\n"), "\(text)")
        #expect(text.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
    }

    @Test func nonASCIISubjectsAndNamesBecomeEncodedWords() throws {
        var message = Self.message(subject: "Grüße, Zoë — a very long subject line that must be split into several encoded words")
        message.from = Mailbox(name: "Équipe Confidentialité", address: "privacy@custodian.test")
        let text = try Self.render(message)
        let subject = text.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { !$0.hasPrefix("Message-ID") }
        #expect(subject.count > 1 && subject.allSatisfy { $0.utf8.count <= 78 && $0.utf8.allSatisfy { $0 < 0x80 } })
        let decoded = subject.joined().components(separatedBy: "=?UTF-8?B?").dropFirst().map { String($0.prefix { $0 != "?" }) }
            .map { String(decoding: Data(base64Encoded: $0) ?? Data(), as: UTF8.self) }.joined()
        #expect(decoded == "Grüße, Zoë — a very long subject line that must be split into several encoded words")
        #expect(text.contains("From: =?UTF-8?B?"))
    }

    @Test func aLineBreakInAnyHeaderValueIsRefused() throws {
        for subject in ["Hi\r\nBcc: victim@example.org", "Hi\nX: y", "Hi\rX", "Hi\u{0}", "Hi\u{2028}X"] {
            #expect(throws: MailBuildError.unsafeHeaderValue(field: "Subject")) { try MIMEWriter.render(Self.message(subject: subject)) }
        }
        var named = Self.message()
        named.from = Mailbox(name: "Evil\r\nBcc: x@example.org", address: "privacy@custodian.test")
        #expect(throws: MailBuildError.self) { try MIMEWriter.render(named) }
        var extra = Self.message()
        extra.headers = [("List-Unsubscribe", "<https://x>\r\nBcc: y@example.org")]
        #expect(throws: MailBuildError.unsafeHeaderValue(field: "List-Unsubscribe")) { try MIMEWriter.render(extra) }
        #expect(throws: MailBuildError.self) { try MIMEWriter.render(Self.message(to: "a@b.org>\r\nRCPT TO:<c@d.org")) }
    }

    @Test func quotedPrintableKeepsLinesShortAndEscapesWhatItMust() {
        let long = String(repeating: "a", count: 200) + " = é end "
        let encoded = MIMEBody.quotedPrintable(long + "\nsecond")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.contains("=3D") && encoded.contains("=C3=A9") && encoded.contains("end=20\r\nsecond"))
        #expect(MIMEBody.encoding(for: "Plain text with one é") == .quotedPrintable)
        #expect(MIMEBody.encoding(for: "日本語のメッセージです") == .base64)
    }

    @Test func anHTMLAlternativeMakesAMultipartMessage() throws {
        let text = try Self.render(Self.message(text: "Plain", html: "<p>Rich</p>"))
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"BOUNDARY\""))
        #expect(text.contains("--BOUNDARY\r\nContent-Type: text/plain; charset=utf-8"))
        #expect(text.contains("--BOUNDARY\r\nContent-Type: text/html; charset=utf-8"))
        #expect(text.hasSuffix("--BOUNDARY--\r\n"))
    }

    @Test func mailboxesAreParsedFromConfiguration() {
        #expect(Mailbox(parsing: "Custodian <privacy@custodian.test>") == Mailbox(name: "Custodian", address: "privacy@custodian.test"))
        #expect(Mailbox(parsing: "privacy@bücher.example")?.address == "privacy@xn--bcher-kva.example")
        #expect(Mailbox(parsing: "Evil <a@b.org>\r\nBcc: c@d.org") == nil)
        #expect(Mailbox(parsing: "not an address") == nil)
    }
}
