import CustodianCore
import CustodianServer
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Issue 8 item 2: privacy requests from people who are not signed in, verified by a code that
/// arrives at a real SMTP server, followed with a status token, handled by staff.
@Suite("Privacy requests end to end over real SMTP", .enabled(if: SMTPTools.enabled, SMTPTools.missing), .serialized)
struct PrivacyRequestsEndToEndTests {
    typealias S = PrivacyRequestsSupport

    @Test func anAccessRequestIsVerifiedByTheEmailedCodeAndDeliversTheExport() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let box = MemoryLogHandlerBox()
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test(.router, logger: Logger(label: "custodian.tests") { box.handler(label: $0) }) { client in
            let ada = try await client.register(name: "Ada Lovelace", email: "ada@example.org")
            let admin = try await app.apiKey([.admin])
            let filed = try await client.fileRequest(kind: "access", email: "ADA@example.org")
            #expect(filed.status == .accepted, "\(filed.raw)")
            #expect(filed.body["status"] as? String == "identity_unverified" && filed.body["kind"] as? String == "access")
            let id = try #require(filed.body["id"] as? String)
            let token = try #require(filed.body["statusToken"] as? String)
            let created = try #require(S.date(filed.body["createdAt"]))
            let due = try #require(S.date(filed.body["due"]))
            #expect(abs(due.timeIntervalSince(created) - 15 * 86_400) < 1, "the default deadline is 15 days")

            let mail = try #require(try await smtp.waitFor(1).last)
            #expect(mail.rcptTos == ["ada@example.org"])
            #expect(mail.header("Subject") == "Confirm your privacy request")
            let code = try S.code(in: mail)
            #expect(mail.decodedText.contains("a copy of the personal data we hold about you"))

            // Following needs the token; without it, or with another, it is a 404 like no request at all.
            #expect(try await client.json(.get, "/v1/requests/\(id)").status == .notFound)
            #expect(try await client.json(.get, "/v1/requests/\(id)", token: "prq_not-the-token").status == .notFound)
            #expect(try await client.json(.get, "/v1/requests/\(id)", token: token).body["status"] as? String == "identity_unverified")
            #expect(try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(code)"}"#).status == .notFound)

            let wrong = try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(S.wrong(code))"}"#, token: token)
            #expect(wrong.status == .unprocessableContent && S.fieldCode(wrong.body) == "invalid_code")
            let verified = try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(code)"}"#, token: token)
            #expect(verified.status == .ok && verified.body["status"] as? String == "pending", "\(verified.raw)")

            // Staff: the queue, the request, invalid steps refused, then the work.
            let queue = try await client.json(.get, "/v1/admin/requests?status=pending", token: admin)
            let item = try #require((queue.body["items"] as? [[String: Any]])?.first)
            #expect(item["id"] as? String == id && item["person"] as? String == ada && item["overdue"] as? Bool == false)
            #expect(try await client.json(.get, "/v1/admin/requests", token: try await app.apiKey([.people])).status == .forbidden)
            let skipped = try await client.staff("complete", id, key: admin)
            #expect(skipped.status == .conflict && S.error(skipped.body) == "invalid_transition", "\(skipped.raw)")
            #expect(try await client.staff("approve", id, key: admin, note: "Code verified.").body["status"] as? String == "approved")
            #expect(try await client.staff("start", id, key: admin).body["status"] as? String == "in_progress")
            let done = try await client.staff("complete", id, key: admin, note: "Export made.")
            #expect(done.status == .ok && done.body["status"] as? String == "complete" && done.body["outcome"] as? String == "exported", "\(done.raw)")
            #expect(try await client.staff("deny", id, key: admin).status == .conflict)
            let shown = try await client.json(.get, "/v1/admin/requests/\(id)", token: admin)
            let steps = try #require(shown.body["history"] as? [[String: Any]])
            #expect(steps.compactMap { $0["to"] as? String } == ["identity_unverified", "pending", "approved", "in_progress", "complete"])
            #expect(steps.compactMap { $0["note"] as? String } == ["Code verified.", "Export made."])

            // The requester's status shows the export; the export is the person's, every table of it.
            let status = try await client.json(.get, "/v1/requests/\(id)", token: token)
            let href = try #require((status.body["export"] as? [String: Any])?["href"] as? String)
            #expect(try await client.json(.get, href).status == .notFound)
            let export = try await client.json(.get, href, token: token)
            #expect(export.status == .ok && export.body["person"] as? String == ada, "\(export.raw.prefix(300))")
            let tables = try #require(export.body["tables"] as? [String: Any])
            #expect(tables["person_attributes"] != nil && tables["privacy_requests"] != nil)
            #expect(export.raw.contains("Ada Lovelace"))

            // Every step audited with the request id; the address never in an audit entry, answer or log.
            let audited = try await S.audit(app.store).filter { $0.entry.action.hasPrefix("privacy_request.") }
            #expect(Set(audited.map(\.entry.action)).isSuperset(of: ["privacy_request.create", "privacy_request.verify", "privacy_request.transition", "privacy_request.read", "privacy_request.download"]))
            #expect(audited.allSatisfy { $0.details["request"] == id })
            #expect(try await S.audit(app.store).allSatisfy { !$0.entry.details.lowercased().contains("ada@example.org") })
            for answer in [filed.raw, verified.raw, queue.raw, shown.raw, status.raw, done.raw] {
                #expect(!answer.lowercased().contains("ada@example.org"))
                #expect(!answer.contains(code))
            }
            #expect(!box.all.lowercased().contains("ada@example.org") && !box.all.contains(code) && !box.all.contains(token))
        }
    }

    @Test func anUnknownAddressIsAnsweredExactlyLikeARegisteredOne() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test { client in
            _ = try await client.register(name: "Ada Lovelace", email: "ada@example.org")
            let known = try await client.fileRequest(kind: "erasure", email: "ada@example.org")
            let unknown = try await client.fileRequest(kind: "erasure", email: "nobody@example.org")
            #expect(known.status == unknown.status && known.status == .accepted)
            #expect(Set(known.body.keys) == Set(unknown.body.keys))
            #expect(known.body["status"] as? String == unknown.body["status"] as? String)
            let pairs = try [known, unknown].map { (try #require($0.body["id"] as? String), try #require($0.body["statusToken"] as? String)) }
            var answers: [[String]] = []
            for (id, token) in pairs {
                let state = try await client.json(.get, "/v1/requests/\(id)", token: token)
                let wrong = try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"123456"}"#, token: token)
                let resent = try await client.json(.post, "/v1/requests/\(id)/code", token: token)
                answers.append([
                    "\(state.status.code)", (state.body.keys.sorted()).joined(separator: ","), state.body["status"] as? String ?? "",
                    "\(wrong.status.code)", wrong.raw.replacingOccurrences(of: #""requestId":"[^"]*""#, with: "", options: .regularExpression),
                    "\(resent.status.code)", resent.body.keys.sorted().joined(separator: ","),
                ])
            }
            #expect(answers[0] == answers[1])
            // Only the registered address's owner is written to (twice: the first code and the new one).
            let mails = try await smtp.waitFor(2)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try smtp.received().count == 2 && mails.allSatisfy { $0.rcptTos == ["ada@example.org"] })
            #expect(try smtp.received().allSatisfy { !$0.raw.contains("nobody@example.org") })
            // Staff can see why: the unsent codes are audited, by request id only.
            let unsent = try await S.audit(app.store).filter { $0.entry.action == "privacy_request.code_unsent" }
            #expect(unsent.count == 2 && unsent.allSatisfy { $0.details["request"] == pairs[1].0 })
        }
    }

    @Test func wrongCodesRunOutAndANewCodeWorks() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test { client in
            _ = try await client.register(name: "Ada Lovelace", email: "ada@example.org")
            let filed = try await client.fileRequest(kind: "access", email: "ada@example.org")
            let id = try #require(filed.body["id"] as? String)
            let token = try #require(filed.body["statusToken"] as? String)
            let first = try S.code(in: try #require(try await smtp.waitFor(1).last))
            for _ in 0..<PrivacyRequestStore.maxAttempts {
                #expect(S.fieldCode(try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(S.wrong(first))"}"#, token: token).body) == "invalid_code")
            }
            let spent = try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(first)"}"#, token: token)
            #expect(spent.status == .unprocessableContent && S.fieldCode(spent.body) == "invalid_code", "five wrong codes spend the code")
            #expect(try await client.json(.post, "/v1/requests/\(id)/verify", "{}", token: token).status == .unprocessableContent)
            #expect(try await client.json(.post, "/v1/requests/\(id)/code", token: token).status == .accepted)
            let second = try S.code(in: try #require(try await smtp.waitFor(2).last))
            let verified = try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(second)"}"#, token: token)
            #expect(verified.status == .ok && verified.body["status"] as? String == "pending", "\(verified.raw)")
            let again = try await client.json(.post, "/v1/requests/\(id)/code", token: token)
            #expect(again.status == .conflict && S.error(again.body) == "invalid_transition")
        }
    }

    @Test func aCompletedErasureRequestLeavesThePersonErased() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp)
        try await app.test { client in
            let (ada, session) = try await client.registerAndSignIn()
            let admin = try await app.apiKey([.admin])
            let filed = try await client.fileRequest(kind: "erasure", email: "ada@example.org", details: "Please erase everything.")
            let id = try #require(filed.body["id"] as? String)
            let token = try #require(filed.body["statusToken"] as? String)
            let code = try S.code(in: try #require(try await smtp.waitFor(1).last))
            #expect(try await client.json(.post, "/v1/requests/\(id)/verify", #"{"code":"\#(code)"}"#, token: token).status == .ok)
            #expect(try await client.json(.get, "/v1/people/me", token: session).status == .ok)
            #expect(try await client.staff("approve", id, key: admin).status == .ok)
            let done = try await client.staff("complete", id, key: admin, note: "Erased as asked.")
            #expect(done.body["outcome"] as? String == "erased", "\(done.raw)")
            #expect(try await app.store.repositories.people.exists(ada) == false)
            #expect(try await client.json(.get, "/v1/people/me", token: session).status == .unauthorized)
            #expect(try await client.json(.post, "/v1/sessions", #"{"email":"ada@example.org","password":"correct horse battery"}"#).status == .unauthorized)
            let erase = try #require(try await S.audit(app.store).first { $0.entry.action == "person.erase" })
            #expect(erase.entry.subject == ada && erase.entry.actor.hasPrefix("apikey:"))
            // The request is kept, its copy of the address and details shredded; the requester still sees it complete.
            let shown = try await client.json(.get, "/v1/admin/requests/\(id)", token: admin)
            #expect(shown.body["details"] == nil && (shown.body["request"] as? [String: Any])?["status"] as? String == "complete")
            let status = try await client.json(.get, "/v1/requests/\(id)", token: token)
            #expect(status.body["status"] as? String == "complete" && status.body["outcome"] as? String == "erased")
            let rows = try await app.store.database.read { try await $0.query(SQL("SELECT requester_email, email_digest, details FROM privacy_requests")) }
            #expect(rows.allSatisfy { $0["requester_email"] == .null && $0["email_digest"] == .null && $0["details"] == .null })
        }
    }

    @Test func anObjectionDeniesThePurposeAndASignedInRequestNeedsNoCode() async throws {
        let smtp = try await SMTPTestServer.start()
        defer { smtp.stop() }
        let app = try TestApp.messaging(smtp: smtp) { $0.requestDeadlineDays = 30 }
        try await app.test { client in
            let (_, session) = try await client.registerAndSignIn()
            let admin = try await app.apiKey([.admin])
            let filed = try await client.json(
                .post, "/v1/people/me/requests", #"{"kind":"objection","purpose":"marketing.communications.email","details":"No promotions."}"#, token: session)
            #expect(filed.status == .accepted && filed.body["status"] as? String == "pending", "\(filed.raw)")
            let due = try #require(S.date(filed.body["due"]))
            let created = try #require(S.date(filed.body["createdAt"]))
            #expect(abs(due.timeIntervalSince(created) - 30 * 86_400) < 1, "the configured deadline")
            let id = try #require(filed.body["id"] as? String)
            #expect(try await client.staff("approve", id, key: admin).status == .ok)
            let done = try await client.staff("complete", id, key: admin)
            #expect(done.body["outcome"] as? String == "consent_denied", "\(done.raw)")
            let consents = try await client.json(.get, "/v1/people/me/consents", token: session)
            let purposes = consents.body["purposes"] as? [[String: Any]] ?? []
            let email = try #require(purposes.first { $0["purpose"] as? String == "marketing.communications.email" })
            #expect("\(email)".contains("denied"), "\(email)")
            let mine = try await client.json(.get, "/v1/people/me/requests", token: session)
            #expect((mine.body["items"] as? [[String: Any]])?.first?["status"] as? String == "complete")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try smtp.received().isEmpty, "a signed-in person's identity is known: no code")
        }
    }

    @Test func badRequestsAreRefusedFieldByField() async throws {
        let app = try TestApp.messaging(smtp: nil)
        try await app.test { client in
            let empty = try await client.json(.post, "/v1/requests", "{}")
            #expect(empty.status == .unprocessableContent)
            let fields = ((empty.body["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(Set(fields) == ["kind", "email"], "\(empty.raw)")
            let correction = try await client.fileRequest(kind: "correction", email: "ada@example.org")
            #expect(correction.status == .unprocessableContent && correction.raw.contains("\"details\""))
            let byUse = try await client.fileRequest(kind: "objection", email: "ada@example.org", purpose: "essential.service")
            #expect(byUse.status == .unprocessableContent && byUse.raw.contains("\"purpose\""))
            let kind = try await client.fileRequest(kind: "portability", email: "not an address")
            #expect(kind.status == .unprocessableContent && kind.raw.contains("invalid_choice") && !kind.raw.contains("not an address"))
            #expect(try await client.json(.post, "/v1/requests/nope/verify", #"{"code":"123456"}"#, token: "prq_x").status == .notFound)
            #expect(try await client.json(.post, "/v1/admin/requests/nope/approve", "{}", token: try await app.apiKey([.admin])).status == .notFound)
        }
    }
}
