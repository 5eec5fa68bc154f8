import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// Privacy requests in the store, written once and run on every engine (see
/// ``PrivacyRequestSQLiteTests`` and ``PrivacyRequestPostgresTests``).
enum PrivacyRequestBehaviours {
    static let day: Int64 = 86_400_000

    /// An audit entry's details, decoded.
    static func details(_ entry: AuditEntry) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(entry.details.utf8))) ?? [:]
    }

    static func draft(_ kind: PrivacyRequestKind = .access, email: String = "Grace@Example.net", days: Int = 15, person: String? = nil) -> PrivacyRequestDraft {
        PrivacyRequestDraft(
            kind: kind, channel: "api", email: email, emailLookup: email.lowercased(), details: "Please correct my birth date to 1990-02-03.",
            verifiedPerson: person, deadlineDays: days)
    }

    static func filedRequestsAreSealedDueAfterTheirDeadlineAndReadOnlyWithTheirToken(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let requests = store.repositories.privacyRequests
            let filed = try await requests.create(draft(days: 15), actor: "anonymous", requestId: "req-1")
            #expect(filed.summary.status == .identityUnverified && filed.summary.personId == nil)
            #expect(filed.summary.dueAt == filed.summary.createdAt + 15 * day)
            #expect(filed.token.hasPrefix("prq_") && filed.code?.count == 6)
            let short = try await requests.create(draft(days: 3), actor: "anonymous")
            #expect(short.summary.dueAt == short.summary.createdAt + 3 * day)

            // Nothing readable at rest: not the address, not the details, not the token or code.
            let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM privacy_requests")) }
            #expect(rows.count == 2)
            for row in rows {
                for value in row.values {
                    let bytes: [UInt8]
                    switch value {
                    case .blob(let blob): bytes = blob
                    case .text(let text): bytes = Array(text.utf8)
                    default: continue
                    }
                    for secret in ["Grace@Example.net", "grace@example.net", "1990-02-03", filed.token, filed.code ?? "-"] {
                        #expect(!StoreBehaviours.contains(bytes, Array(secret.utf8)), "plaintext at rest: \(secret)")
                    }
                }
            }

            // The token opens its own request only; a wrong or foreign token is the same nil as no request.
            #expect(try await requests.summary(filed.summary.id, token: filed.token)?.id == filed.summary.id)
            #expect(try await requests.summary(filed.summary.id, token: short.token) == nil)
            #expect(try await requests.summary(filed.summary.id, token: "prq_made-up") == nil)
            #expect(try await requests.summary("no-such-request", token: filed.token) == nil)

            // The contact details open with the subject access of the request's own key subject, not another's.
            let own = consent.gate.subjectAccess(subject: PrivacyRequestStore.keySubject(filed.summary.id))
            let contact = try #require(try await requests.contact(filed.summary.id, access: own))
            #expect(contact.email == "Grace@Example.net" && contact.details == "Please correct my birth date to 1990-02-03.")
            let other = consent.gate.subjectAccess(subject: PrivacyRequestStore.keySubject(short.summary.id))
            #expect(try await requests.contact(filed.summary.id, access: other) == nil)

            // Audited with the request id, never the address.
            let entries = try await store.repositories.audit.entries().filter { $0.action == "privacy_request.create" }
            #expect(entries.count == 2 && entries.first.map(details)?["request"] == filed.summary.id && entries.first?.requestId == "req-1")
            for entry in try await store.repositories.audit.entries() {
                #expect(!entry.details.lowercased().contains("grace@example.net"))
            }
            _ = clock
        }
    }

    static func aCodeVerifiesOnceWithinItsLifeAndAttempts(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let requests = store.repositories.privacyRequests
            let person = try await Issue3Stores.person(store.repositories)
            let filed = try await requests.create(draft(), actor: "anonymous")
            let code = try #require(filed.code)
            let wrong = code == "000000" ? "111111" : "000000"
            #expect(try await requests.verify(filed.summary.id, code: wrong, person: person, actor: "requester") == .wrong)
            guard case .verified(let verified) = try await requests.verify(filed.summary.id, code: code, person: person, actor: "requester") else {
                Issue.record("the right code did not verify")
                return
            }
            #expect(verified.status == .pending && verified.personId == person && verified.verifiedAt != nil)
            #expect(try await requests.summary(filed.summary.id)?.personId == person)
            // Spent: the same code again is refused.
            #expect(try await requests.verify(filed.summary.id, code: code, person: person, actor: "requester") == .invalid)

            // Five wrong codes spend a code; even the right one is refused after; a new code works.
            let guessed = try await requests.create(draft(), actor: "anonymous")
            let guessedCode = try #require(guessed.code)
            let miss = guessedCode == "000000" ? "111111" : "000000"
            for _ in 0..<PrivacyRequestStore.maxAttempts {
                #expect(try await requests.verify(guessed.summary.id, code: miss, person: nil, actor: "requester") == .wrong)
            }
            #expect(try await requests.verify(guessed.summary.id, code: guessedCode, person: nil, actor: "requester") == .invalid)
            let renewed = try await requests.renewCode(guessed.summary.id, actor: "requester")
            guard case .verified(let nobody) = try await requests.verify(guessed.summary.id, code: renewed.code, person: nil, actor: "requester") else {
                Issue.record("a renewed code did not verify")
                return
            }
            #expect(nobody.personId == nil && nobody.status == .pending)

            // A code expires after its lifetime.
            let late = try await requests.create(draft(), actor: "anonymous")
            clock.advance(PrivacyRequestStore.codeLifetimeMillis + 1)
            #expect(try await requests.verify(late.summary.id, code: try #require(late.code), person: nil, actor: "requester") == .invalid)

            // A request takes a bounded number of codes; a verified one takes none.
            for _ in 1..<PrivacyRequestStore.maxCodes { _ = try await requests.renewCode(late.summary.id, actor: "requester") }
            await #expect(throws: PrivacyRequestError.tooManyCodes) { try await requests.renewCode(late.summary.id, actor: "requester") }
            await #expect(throws: PrivacyRequestError.invalidTransition(from: .pending, to: .pending)) {
                try await requests.renewCode(filed.summary.id, actor: "requester")
            }
            let verifies = try await store.repositories.audit.entries(limit: 500).filter { $0.action == "privacy_request.verify" }
            #expect(verifies.filter { $0.outcome == "ok" }.count == 2)
            #expect(verifies.filter { $0.outcome == "denied" }.count == 9)
        }
    }

    static func transitionsFollowTheStatusesAndAreRecorded(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let requests = store.repositories.privacyRequests
            let person = try await Issue3Stores.person(store.repositories)
            let later = try await requests.create(draft(.objection, days: 20, person: person), actor: "person:\(person)")
            let sooner = try await requests.create(draft(.correction, days: 10), actor: "anonymous")
            #expect(later.summary.status == .pending && later.code == nil)
            // Staff cannot verify for the requester, nor skip steps.
            await #expect(throws: PrivacyRequestError.invalidTransition(from: .identityUnverified, to: .approved)) {
                try await requests.transition(sooner.summary.id, to: .approved, note: nil, actor: "apikey:staff")
            }
            await #expect(throws: PrivacyRequestError.invalidTransition(from: .pending, to: .complete)) {
                try await requests.transition(later.summary.id, to: .complete, note: nil, actor: "apikey:staff")
            }
            await #expect(throws: PrivacyRequestError.invalidTransition(from: .identityUnverified, to: .pending)) {
                try await requests.transition(sooner.summary.id, to: .pending, note: nil, actor: "apikey:staff")
            }
            await #expect(throws: PrivacyRequestError.notFound) {
                try await requests.transition("nope", to: .approved, note: nil, actor: "apikey:staff")
            }
            let approved = try await requests.transition(later.summary.id, to: .approved, note: "Identity matches the account.", actor: "apikey:staff")
            #expect(approved.status == .approved && approved.completedAt == nil)
            clock.advance(1_000)
            _ = try await requests.transition(later.summary.id, to: .inProgress, note: nil, actor: "apikey:staff")
            let done = try await requests.transition(
                later.summary.id, to: .complete, note: "Marketing consent withdrawn.", fulfilment: .init(outcome: "recorded"), actor: "apikey:staff")
            #expect(done.status == .complete && done.outcome == "recorded" && done.completedAt != nil)
            await #expect(throws: PrivacyRequestError.invalidTransition(from: .complete, to: .denied)) {
                try await requests.transition(later.summary.id, to: .denied, note: nil, actor: "apikey:staff")
            }

            let history = try await requests.history(later.summary.id, access: consent.gate.subjectAccess(subject: later.summary.keySubject))
            #expect(history.map(\.to) == [.pending, .approved, .inProgress, .complete])
            #expect(history.map(\.from) == [nil, .pending, .approved, .inProgress])
            #expect(history.map(\.note) == [nil, "Identity matches the account.", nil, "Marketing consent withdrawn."])
            #expect(history.dropFirst().allSatisfy { $0.actor == "apikey:staff" })
            // Without the request's own access the notes stay sealed.
            let blind = try await requests.history(later.summary.id, access: consent.gate.subjectAccess(subject: person))
            #expect(blind.allSatisfy { $0.note == nil } && blind.count == 4)

            // The queue is ordered by due date; overdue is open and past due.
            #expect(try await requests.list().map(\.id) == [sooner.summary.id, later.summary.id])
            #expect(try await requests.list(status: .complete).map(\.id) == [later.summary.id])
            let open = try #require(try await requests.summary(sooner.summary.id))
            #expect(!open.isOverdue(at: clock.now()) && open.isOverdue(at: open.dueAt + 1))
            #expect(!done.isOverdue(at: done.dueAt + 1))
            let transitions = try await store.repositories.audit.entries().filter { $0.action == "privacy_request.transition" }
            #expect(transitions.map { details($0)["to"] } == ["approved", "in_progress", "complete"])
            #expect(transitions.allSatisfy { details($0)["request"] == later.summary.id && $0.subject == person })
        }
    }

    static func anExportIsSealedForThePersonAndErasureShredsTheContact(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let requests = store.repositories.privacyRequests
            let person = try await Issue3Stores.person(store.repositories)
            let access = try await requests.create(draft(.access, person: person), actor: "person:\(person)")
            _ = try await requests.transition(access.summary.id, to: .approved, note: nil, actor: "apikey:staff")
            let export = Array(#"{"tables":{"people":[]}}"#.utf8)
            let done = try await requests.transition(
                access.summary.id, to: .complete, note: nil,
                fulfilment: .init(outcome: "exported", result: export, resultExpiresAt: clock.now() + 7 * day), actor: "apikey:staff")
            #expect(done.hasResult && done.resultExpiresAt == clock.now() + 7 * day)
            let mine = consent.gate.subjectAccess(subject: person)
            #expect(try await requests.result(access.summary.id, access: mine) == export)
            #expect(try await requests.result(access.summary.id, access: consent.gate.subjectAccess(subject: "someone-else")) == nil)

            // Erasure: the request survives the person, the export and the contact details do not.
            let erasure = try await requests.create(draft(.erasure, person: person), actor: "person:\(person)")
            _ = try await requests.transition(erasure.summary.id, to: .approved, note: nil, actor: "apikey:staff")
            #expect(try await store.repositories.people.erase(person, actor: "apikey:staff"))
            let erased = try await requests.transition(
                erasure.summary.id, to: .complete, note: "Erased.", fulfilment: .init(outcome: "erased", shredContact: true), actor: "apikey:staff")
            #expect(erased.status == .complete && erased.outcome == "erased")
            #expect(try await requests.result(access.summary.id, access: mine) == nil, "the export went with the person's key")
            let contact = try await requests.contact(erasure.summary.id, access: consent.gate.subjectAccess(subject: erasure.summary.keySubject))
            #expect(contact?.email == nil && contact?.details == nil)
            #expect(try await requests.requests(of: person).count == 2, "the record of the requests is kept")
            let history = try await requests.history(erasure.summary.id, access: consent.gate.subjectAccess(subject: erasure.summary.keySubject))
            #expect(history.map(\.to) == [.pending, .approved, .complete] && history.allSatisfy { $0.note == nil })
            clock.advance(8 * day)
        }
    }
}
