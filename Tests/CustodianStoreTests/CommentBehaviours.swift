import Crypto
import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// Comments in the store, written once and run on every engine (see ``CommentSQLiteTests`` and
/// ``CommentPostgresTests``).
enum CommentBehaviours {
    static func draft(
        name: String = "Grace Commenter", email: String = "Grace.Commenter@Example.net", website: String? = "https://grace.example.net/",
        body: String = "A thoughtful remark about retention.", page: String = "/privacy", person: String? = nil, flagged: Bool = false
    ) -> CommentDraft {
        CommentDraft(
            page: page, name: name, email: email, emailLookup: email.lowercased(), website: website, body: body, person: person, flagged: flagged)
    }

    /// The gate's access to a comment's content, as the server asks for it.
    static func opener(_ consent: ConsentService) -> @Sendable (CommentSummary) -> Access? {
        let gate = consent.gate
        return { summary in
            try? gate.authorize(
                subject: summary.keySubject, consent: [:], purpose: CommentRules.purpose, categories: [CommentRules.contentCategory],
                signals: .none, hasAccount: true).get()
        }
    }

    static func sealedAtRestAndOpenedOnlyWithAccess(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, _) async throws in
            let comments = store.repositories.comments
            let created = try await comments.create(draft(), actor: "anonymous")
            #expect(created.keySubject == "comment:\(created.id)")
            #expect(created.status == .pending)

            // Nothing readable at rest: not the name, address, website or body.
            let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM comments")) }
            #expect(rows.count == 1)
            for value in rows[0].values {
                let bytes: [UInt8] = switch value {
                case .blob(let bytes): bytes
                case .text(let text): Array(text.utf8)
                default: []
                }
                for secret in ["Grace", "grace.commenter", "Example.net", "grace.example", "thoughtful"] {
                    #expect(!StoreBehaviours.contains(bytes, Array(secret.utf8)), "plaintext at rest: \(secret)")
                }
            }

            // Opened with the gate's access: name, website and body — the type has no email.
            let opened = try await comments.list(page: "/privacy", limit: 10, access: opener(consent))
            #expect(opened.first?.content == CommentContent(name: "Grace Commenter", website: "https://grace.example.net/", body: "A thoughtful remark about retention."))
            // Without an access, or with another subject's, nothing opens.
            #expect(try await comments.list(limit: 10, access: { _ in nil }).first?.content == nil)
            let other = try consent.gate.authorize(
                subject: "comment:another", consent: [:], purpose: CommentRules.purpose, categories: [CommentRules.contentCategory],
                signals: .none, hasAccount: true).get()
            #expect(try await comments.list(limit: 10, access: { _ in other }).first?.content == nil)

            let audited = try await store.repositories.audit.entries().filter { $0.action == "comment.create" }
            #expect(audited.count == 1 && audited[0].subject == created.keySubject)
        }
    }

    static func firstCommentsAreHeldAndApprovedAddressesGoStraightUp(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let comments = store.repositories.comments
            let first = try await comments.create(draft(), actor: "anonymous")
            clock.advance(1)
            // Still waiting: a second comment of an address with nothing approved is held too.
            #expect(try await comments.create(draft(body: "Another."), actor: "anonymous").status == .pending)
            let approved = try #require(try await comments.setStatus(first.id, to: .approved, actor: "staff"))
            #expect(approved.status == .approved)
            clock.advance(1)
            // The same address in another case is the same commenter; another page too.
            #expect(try await comments.create(draft(email: "grace.commenter@example.NET", page: "/about"), actor: "anonymous").status == .approved)
            // A flagged link is never approved on its own, whoever posts it.
            #expect(try await comments.create(draft(flagged: true), actor: "anonymous").status == .spam)
            // A rejected first comment approves nothing.
            let other = try await comments.create(draft(email: "other@example.net"), actor: "anonymous")
            _ = try await comments.setStatus(other.id, to: .rejected, actor: "staff")
            #expect(try await comments.create(draft(email: "other@example.net"), actor: "anonymous").status == .pending)

            let moves = try await store.repositories.audit.entries().filter { $0.action == "comment.status" }
            #expect(moves.count == 2 && moves[0].details.contains(#""from":"pending""#) && moves[0].details.contains(#""to":"approved""#))
            #expect(try await comments.setStatus("missing", to: .approved, actor: "staff") == nil)
        }
    }

    static func listsArePagedNewestFirstByPageAndStatus(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let comments = store.repositories.comments
            var ids: [String] = []
            for index in 0..<5 {
                let made = try await comments.create(draft(email: "c\(index)@example.net", body: "Comment \(index)"), actor: "anonymous")
                _ = try await comments.setStatus(made.id, to: .approved, actor: "staff")
                ids.append(made.id)
                clock.advance(10)
            }
            _ = try await comments.create(draft(email: "waiting@example.net"), actor: "anonymous")
            _ = try await comments.create(draft(email: "elsewhere@example.net", page: "/about"), actor: "anonymous")

            let firstPage = try await comments.list(page: "/privacy", status: .approved, limit: 2, access: opener(consent))
            #expect(firstPage.map(\.summary.id) == [ids[4], ids[3]])
            let cursor = PageCursor(createdAt: firstPage[1].summary.createdAt, id: firstPage[1].summary.id)
            let secondPage = try await comments.list(page: "/privacy", status: .approved, limit: 2, after: cursor, access: opener(consent))
            #expect(secondPage.map(\.summary.id) == [ids[2], ids[1]])
            #expect(secondPage.map { $0.content?.body } == ["Comment 2", "Comment 1"])
            #expect(try await comments.count(page: "/privacy", status: .approved) == 5)
            #expect(try await comments.count(page: "/privacy", status: .pending) == 1)
            #expect(try await comments.list(status: .pending, limit: 10, access: opener(consent)).count == 2)
            #expect(try await comments.list(page: "/about", limit: 10, access: opener(consent)).count == 1)
        }
    }

    static func erasingShredsTheKeyByIdAndByAddress(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, _) async throws in
            let comments = store.repositories.comments
            let one = try await comments.create(draft(), actor: "anonymous")
            _ = try await comments.create(draft(body: "Second."), actor: "anonymous")
            let kept = try await comments.create(draft(email: "kept@example.net"), actor: "anonymous")

            #expect(try await comments.erase(one.id, actor: "staff"))
            #expect(try await comments.erase(one.id, actor: "staff") == false)
            let key = try await store.database.read { try await $0.first(SQL("SELECT person_id FROM person_keys WHERE person_id = ?", [.text(one.keySubject)])) }
            #expect(key == nil, "the comment's key is shredded")

            #expect(try await comments.erase(fromEmail: "grace.commenter@example.net", actor: "staff") == 1)
            let left = try await comments.list(limit: 10, access: opener(consent))
            #expect(left.map(\.summary.id) == [kept.id])
            let actions = try await store.repositories.audit.entries().map(\.action)
            #expect(actions.filter { $0 == "comment.erase" }.count == 2)
        }
    }

    static func erasingAPersonRemovesTheirCommentsSignedInAndOut(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, _) async throws in
            let comments = store.repositories.comments
            // Issue3Stores.person registers ada@example.com.
            let person = try await Issue3Stores.person(store.repositories)
            let linked = try await comments.create(draft(email: "someone@example.org", person: person), actor: "person:\(person)")
            #expect(linked.personId == person)
            let signedOut = try await comments.create(draft(name: "Ada", email: "ADA@example.com"), actor: "anonymous")
            let stranger = try await comments.create(draft(email: "stranger@example.net"), actor: "anonymous")

            #expect(try await store.repositories.people.erase(person, actor: "person:\(person)"))
            let left = try await comments.list(limit: 10, access: opener(consent)).map(\.summary.id)
            #expect(left == [stranger.id])
            for subject in [linked.keySubject, signedOut.keySubject] {
                let key = try await store.database.read { try await $0.first(SQL("SELECT person_id FROM person_keys WHERE person_id = ?", [.text(subject)])) }
                #expect(key == nil, "\(subject) shredded")
            }
            let erase = try #require(try await store.repositories.audit.entries().last { $0.action == "person.erase" })
            #expect(erase.details.contains(#""commentsErased":"2""#), "\(erase.details)")
        }
    }
}
