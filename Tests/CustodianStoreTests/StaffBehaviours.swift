import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// Console accounts, sessions, the audit browser's query and the data inventory, written once
/// and run on every engine (see ``StaffSQLiteTests`` and ``StaffPostgresTests``).
enum StaffBehaviours {
    static let email = "Grace.Staff@Example.org"
    static let lookup = "grace.staff@example.org"

    static func accountsAreSealedFoundByBlindIndexAndUnique(_ engine: Engine) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let staff = store.repositories.staff
            let account = try await staff.create(email: email, emailLookup: lookup, role: .support, passwordHash: "$2b$04$hash", actor: "cli")
            #expect(account.role == .support && account.mustChangePassword && account.failedAttempts == 0)
            #expect(try await staff.credential(emailLookup: lookup)?.account == account)
            #expect(try await staff.credential(emailLookup: lookup)?.passwordHash == "$2b$04$hash")
            #expect(try await staff.credential(emailLookup: "someone@example.org") == nil)
            #expect(try await staff.email(of: account.id) == email)
            await #expect(throws: StoreError.conflict) {
                try await staff.create(email: "grace.staff@example.org", emailLookup: lookup, role: .analyst, passwordHash: "x", actor: "cli")
            }
            // The address is nowhere readable at rest.
            let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM staff_accounts")) }
            #expect(rows.count == 1)
            for value in rows[0].values {
                switch value {
                case .blob(let bytes):
                    #expect(!StoreBehaviours.contains(bytes, Array("Grace.Staff".utf8)) && !StoreBehaviours.contains(bytes, Array("grace.staff".utf8)))
                case .text(let text):
                    #expect(!text.lowercased().contains("grace"))
                default: break
                }
            }
            let created = try await store.repositories.audit.entries(before: nil, limit: 10, filter: .init(action: "staff.create"))
            #expect(created.map(\.subject) == ["staff:\(account.id)"])
            #expect(created.first?.actor == "cli")
        }
    }

    static func failuresLockAndSuccessResets(_ engine: Engine) async throws {
        let clock = Issue3Stores.Clock()
        try await Issue3Stores.withStore(engine, clock: clock) { store in
            let staff = store.repositories.staff
            let rules = StaffSignInRules()
            let account = try await staff.create(email: email, emailLookup: lookup, role: .administrator, passwordHash: "h", actor: "cli")
            for attempt in 1..<rules.lockAfterFailures {
                let after = try await staff.recordFailure(id: account.id, reason: "wrong_password", rules: rules)
                #expect(after?.failedAttempts == attempt && after?.lockedUntil == nil)
            }
            let locked = try #require(try await staff.recordFailure(id: account.id, reason: "wrong_password", rules: rules))
            #expect(rules.isLocked(lockedUntil: locked.lockedUntil, now: clock.now()))
            clock.advance(rules.lockMillis + 1)
            #expect(!rules.isLocked(lockedUntil: try await staff.account(id: account.id)?.lockedUntil, now: clock.now()))
            try await staff.recordSuccess(id: account.id)
            let reset = try #require(try await staff.account(id: account.id))
            #expect(reset.failedAttempts == 0 && reset.lockedUntil == nil && reset.lastSignInAt == clock.now())
            let denials = try await store.repositories.audit.entries(before: nil, limit: 20, filter: .init(action: "staff.sign_in"))
            #expect(denials.filter { $0.outcome == "denied" }.count == rules.lockAfterFailures)
            #expect(denials.first?.outcome == "ok")
        }
    }

    static func passwordChangeClearsTheOneTimeFlag(_ engine: Engine) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let staff = store.repositories.staff
            let account = try await staff.create(email: email, emailLookup: lookup, role: .analyst, passwordHash: "one-time", actor: "cli")
            #expect(try await staff.setPassword(id: account.id, hash: "chosen", actor: account.actor))
            let changed = try #require(try await staff.credential(id: account.id))
            #expect(!changed.account.mustChangePassword && changed.passwordHash == "chosen")
            #expect(try await staff.setPassword(id: "nobody", hash: "x", actor: "cli") == false)
        }
    }

    static func sessionsAreHashedExpireAndEndWithTheAccount(_ engine: Engine) async throws {
        let clock = Issue3Stores.Clock()
        try await Issue3Stores.withStore(engine, clock: clock) { store in
            let repositories = store.repositories
            let account = try await repositories.staff.create(email: email, emailLookup: lookup, role: .support, passwordHash: "h", actor: "cli")
            let (session, token) = try await repositories.staffSessions.create(staff: account.id, lifetimeMillis: 60_000)
            #expect(token.hasPrefix(StaffSessionStore.tokenPrefix))
            #expect(try await repositories.staffSessions.authenticate(token)?.account.id == account.id)
            #expect(try await repositories.staffSessions.authenticate(token + "x") == nil)
            // Stored only as a digest.
            let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM staff_sessions")) }
            for value in rows[0].values {
                if case .text(let text) = value { #expect(!text.contains(token)) }
                if case .blob(let bytes) = value { #expect(!StoreBehaviours.contains(bytes, Array(token.utf8))) }
            }
            // A person's session token is never a console token, and the reverse.
            let person = try await Issue3Stores.person(repositories)
            let personToken = try await repositories.sessions.create(person: person, channel: "web", software: nil, network: nil, lifetimeMillis: 60_000).token
            #expect(try await repositories.staffSessions.authenticate(personToken) == nil)
            #expect(try await repositories.sessions.authenticate(token) == nil)
            // Disabling the account ends its sessions; so does expiry and revocation.
            _ = try await repositories.staff.setDisabled(id: account.id, true, actor: "cli")
            #expect(try await repositories.staffSessions.authenticate(token) == nil)
            _ = try await repositories.staff.setDisabled(id: account.id, false, actor: "cli")
            let second = try await repositories.staffSessions.create(staff: account.id, lifetimeMillis: 60_000)
            #expect(try await repositories.staffSessions.authenticate(second.token)?.session.id == second.session.id)
            clock.advance(60_001)
            #expect(try await repositories.staffSessions.authenticate(second.token) == nil)
            let third = try await repositories.staffSessions.create(staff: account.id, lifetimeMillis: 60_000)
            #expect(try await repositories.staffSessions.revoke(id: third.session.id))
            #expect(try await repositories.staffSessions.authenticate(third.token) == nil)
            #expect(session.staffId == account.id)
        }
    }

    static func auditBrowsingIsNewestFirstWithFilters(_ engine: Engine) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let audit = store.repositories.audit
            for index in 0..<6 {
                _ = try await audit.record(AuditEvent(actor: index % 2 == 0 ? "staff:a" : "staff:b", action: index < 3 ? "staff.sign_in" : "console.view", subject: "s\(index)"))
            }
            let all = try await audit.entries(before: nil, limit: 100)
            #expect(all.map(\.seq) == all.map(\.seq).sorted(by: >))
            let page = try await audit.entries(before: all[1].seq, limit: 2)
            #expect(page.map(\.seq) == [all[2].seq, all[3].seq])
            #expect(try await audit.entries(before: nil, limit: 100, filter: .init(actor: "staff:a")).map(\.subject) == ["s4", "s2", "s0"])
            #expect(try await audit.entries(before: nil, limit: 100, filter: .init(action: "staff.")).map(\.subject) == ["s2", "s1", "s0"])
            #expect(try await audit.entries(before: nil, limit: 100, filter: .init(action: "staff")).isEmpty)
            #expect(try await audit.entries(before: nil, limit: 100, filter: .init(actor: "staff:b", action: "console.view")).map(\.subject) == ["s5", "s3"])
            #expect(try await audit.entries(before: nil, limit: 100, filter: .init(subject: "s3")).count == 1)
        }
    }

    static func inventoryCountsByCategoryAndSource(_ engine: Engine) async throws {
        try await Issue3Stores.withStore(engine) { store in
            let repositories = store.repositories
            _ = try await Issue3Stores.person(repositories)
            _ = try await Issue3Stores.person(repositories)
            let counts = try await repositories.inventory.attributeCounts()
            #expect(counts.contains(DataInventory.Count(category: "user.name", source: "provided", values: 2, people: 2)))
            #expect(counts.count == 3)
            #expect(try await repositories.inventory.peopleCount() == 2)
            let totals = try await repositories.inventory.totals()
            #expect(totals["people"] == 2 && totals["events"] == 0)
        }
    }
}
