import Testing

@testable import CustodianCore

@Suite("SMTP replies and DATA encoding")
struct SMTPWireTests {
    @Test func multiLineRepliesAreGatheredWithTheirExtensions() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.take(Array("250-smtp.test".utf8)) == nil)
        #expect(try parser.take(Array("250-STARTTLS".utf8)) == nil)
        #expect(try parser.take(Array("250-AUTH PLAIN LOGIN".utf8)) == nil)
        let reply = try #require(try parser.take(Array("250 SMTPUTF8".utf8)))
        #expect(reply.code == 250 && reply.isPositive)
        #expect(reply.extensions == ["STARTTLS": "", "AUTH": "PLAIN LOGIN", "SMTPUTF8": ""])
        let refused = try #require(try parser.take(Array("550 5.1.1 Mailbox unavailable".utf8)))
        #expect(refused.isPermanent && refused.enhancedStatus == "5.1.1")
        #expect(try parser.take(Array("451".utf8))?.isTransient == true)
    }

    @Test func malformedRepliesAreRefused() {
        var parser = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Failure.malformed) { try parser.take(Array("hello".utf8)) }
        #expect(throws: SMTPReplyParser.Failure.malformed) { try parser.take(Array("999 no".utf8)) }
        var mixed = SMTPReplyParser()
        _ = try? mixed.take(Array("250-one".utf8))
        #expect(throws: SMTPReplyParser.Failure.malformed) { try mixed.take(Array("354 two".utf8)) }
        var long = SMTPReplyParser()
        #expect(throws: SMTPReplyParser.Failure.tooLong) { try long.take(Array(("250 " + String(repeating: "x", count: 5_000)).utf8)) }
    }

    @Test func dataIsDotStuffedWithCRLFAndTerminated() {
        let stuffed = String(decoding: SMTPData.stuffed(Array("Subject: x\r\n\r\n.one\n..two\rthree\r\n.".utf8)), as: UTF8.self)
        #expect(stuffed == "Subject: x\r\n\r\n..one\r\n...two\r\nthree\r\n..\r\n.\r\n")
        #expect(String(decoding: SMTPData.stuffed(Array("a\r\n".utf8)), as: UTF8.self) == "a\r\n.\r\n")
    }

    @Test func retriesBackOffAndStop() {
        let schedule = RetrySchedule(baseMillis: 1_000, capMillis: 10_000, maxAttempts: 4)
        #expect(schedule.delayMillis(after: 1, jitter: 0) == 1_000)
        #expect(schedule.delayMillis(after: 3, jitter: 0) == 4_000)
        #expect(schedule.delayMillis(after: 9, jitter: 0) == 10_000)
        #expect(schedule.delayMillis(after: 2, jitter: 1) == 2_400)
        #expect(schedule.mayRetry(after: 3) && !schedule.mayRetry(after: 4))
    }
}
