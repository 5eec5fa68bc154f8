import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// Out-of-scope records in the store, on every engine.
enum OutOfScopeBehaviours {
    static let name = "Ada Lovelace"
    static let email = "ada.lovelace@example.org"
    static let phone = "+442079460958"

    static func recordsAreSealedAndListedForTheirPerson(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let repositories = store.repositories
            let person = try await person(repositories)
            let policy = TestPolicy.policy
            let search = try await repositories.outOfScope.create(
                OutOfScopeDraft(exclusion: try exclusion("search_keywords", policy), personId: person, source: "platform", fields: ["query": "ada lovelace biography"]),
                actor: "apikey:svc")
            clock.advance(10)
            _ = try await repositories.outOfScope.create(
                OutOfScopeDraft(exclusion: try exclusion("trading_records", policy), personId: nil, source: "platform", fields: ["type": "bid", "amount": "3.00"]),
                actor: "apikey:svc")
            let rows = try await store.database.read { try await $0.query(SQL("SELECT sealed FROM out_of_scope_records")) }
            for row in rows { #expect(!StoreBehaviours.contains(try row.blob("sealed"), Array("lovelace".utf8))) }
            let mine = try await repositories.outOfScope.records(for: person)
            #expect(mine.map(\.id) == [search.id])
            #expect(mine.first?.fields == ["query": "ada lovelace biography"] && mine.first?.kind == .searchKeywords)
            #expect(try await repositories.outOfScope.list().count == 2)
            #expect(try await repositories.outOfScope.list(kind: .tradingRecords).map(\.personId) == [nil])
            await #expect(throws: StoreError.notFound) {
                try await repositories.outOfScope.create(
                    OutOfScopeDraft(exclusion: try exclusion("search_keywords", policy), personId: "nobody", source: "platform", fields: ["query": "x"]),
                    actor: "t")
            }
            #expect(try await repositories.outOfScope.erase(search.id, actor: "admin"))
            #expect(try await repositories.outOfScope.record(search.id) == nil)
            let key = try await store.database.read {
                try await $0.first(SQL("SELECT person_id FROM person_keys WHERE person_id = ?", [.text("out-of-scope:\(search.id)")]))
            }
            #expect(key == nil, "the record's key is shredded")
        }
    }

    static func erasureKeepsWhatThePolicyKeepsDetachedAndNoPersonalDataSurvives(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, _) async throws in
            let repositories = store.repositories
            let person = try await person(repositories)
            let policy = TestPolicy.policy
            let drafts: [(String, [String: String])] = [
                ("search_keywords", ["query": "Ada Lovelace flights from \(phone.dropFirst(3)) or \(email)"]),
                ("trading_records", ["type": "evaluation", "rating": "5", "comment": "Thanks, Ada Lovelace", "reference": "order-77"]),
                ("business_registration", ["companyName": "Analytical Engines Ltd", "registrationNumber": "HRB 1815", "operatorName": name]),
                ("credit_and_violations", ["type": "violation", "rule": "Listing rules § 4", "measure": "listing removed", "details": "reported by \(email)"]),
            ]
            for (key, fields) in drafts {
                _ = try await repositories.outOfScope.create(
                    OutOfScopeDraft(exclusion: try exclusion(key, policy), personId: person, source: "platform", fields: fields), actor: "t")
            }
            // The test policy keeps all but credit records.
            let kept: Set = ["search_keywords", "trading_records", "business_registration"]
            #expect(try await repositories.people.erase(person, retaining: kept, actor: "person:\(person)"))
            let remaining = try await repositories.outOfScope.list()
            #expect(Set(remaining.map(\.exclusion)) == kept)
            for record in remaining {
                #expect(record.personId == nil && record.detachedAt != nil)
                let text = record.fields.values.joined(separator: " ").lowercased()
                for secret in ["ada", "lovelace", "2079460958", email] { #expect(!text.contains(secret), "\(record.exclusion) keeps \(secret): \(text)") }
            }
            #expect(remaining.first { $0.exclusion == "business_registration" }?.fields == ["companyName": "Analytical Engines Ltd", "registrationNumber": "HRB 1815"])
            #expect(remaining.first { $0.exclusion == "trading_records" }?.fields == ["type": "evaluation", "rating": "5", "reference": "order-77"])
            #expect(remaining.first { $0.exclusion == "search_keywords" }?.fields["query"] == "[removed] flights from [removed] or [removed]")
            #expect(try await repositories.outOfScope.records(for: person).isEmpty)

            // Every table, read back raw: none of the person's identifiers, in any column.
            let tables = try await tableNames(store)
            for table in tables {
                let rows = try await store.database.read { try await $0.query(SQL("SELECT * FROM \(table)")) }
                for row in rows {
                    for value in row.values {
                        let bytes: [UInt8]
                        switch value {
                        case .text(let text): bytes = Array(text.utf8)
                        case .blob(let blob): bytes = blob
                        default: continue
                        }
                        for secret in [name, email, phone, "Lovelace", person] where table != "audit_log" || secret != person {
                            #expect(!StoreBehaviours.contains(bytes, Array(secret.utf8)), "\(table) holds \(secret)")
                        }
                    }
                }
            }
            let erase = try #require(try await repositories.audit.entries(after: 0, limit: 200).last { $0.action == "person.erase" })
            #expect(erase.details.contains("\"outOfScopeKept\":\"3\"") && erase.details.contains("\"outOfScopeErased\":\"1\""))
        }
    }

    static func erasingWithoutRulesKeepsNothing(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, _) async throws in
            let person = try await person(store.repositories)
            _ = try await store.repositories.outOfScope.create(
                OutOfScopeDraft(exclusion: try exclusion("search_keywords", TestPolicy.policy), personId: person, source: "p", fields: ["query": "q"]),
                actor: "t")
            #expect(try await store.repositories.people.erase(person, actor: "t"))
            #expect(try await store.repositories.outOfScope.list().isEmpty)
            let keys = try await store.database.read {
                try await $0.first(SQL("SELECT COUNT(*) AS n FROM person_keys WHERE person_id LIKE 'out-of-scope:%'"))?.int("n")
            }
            #expect(keys == 0)
        }
    }

    // MARK: - helpers

    enum TestPolicy {
        static let policy: Policy = {
            do { return try PolicyLoader.load(yaml: DefaultPolicy.yaml) } catch { fatalError("the default policy does not load") }
        }()
    }

    static func exclusion(_ key: String, _ policy: Policy) throws -> Exclusion {
        try #require(policy.exclusions.first { $0.key == key })
    }

    static func person(_ repositories: Repositories) async throws -> String {
        try await repositories.people.create(
            attributes: [
                PersonAttribute(field: "name", category: "user.name", source: "provided", value: name),
                PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: email),
                PersonAttribute(field: "phone", category: "user.contact.phone_number", source: "provided", value: phone),
            ],
            lookups: [LookupKey(kind: "email", value: email)], actor: "test")
    }

    static func tableNames(_ store: CustodianStore) async throws -> [String] {
        let sql = store.database.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
        return try await store.database.read { try await $0.query(SQL(sql)).map { try $0.text("name") } }
    }
}
