import CustodianCore
import Foundation
import Synchronization
import Testing

@testable import CustodianStore

/// Collected events on either engine: sealing, idempotency, erasure, retention.
enum EventStoreBehaviours {
    static let enricher = EventEnricher(geo: nil)

    static func event(_ id: String, anonymousId: String? = "anon-1", deviceId: String? = nil, ip: String = "198.51.100.23", at receivedAt: Int64) -> EnrichedEvent {
        var incoming = IncomingEvent(type: .page, messageId: id, anonymousId: anonymousId, name: "Home")
        incoming.context.pageURL = "https://shop.example/\(id)"
        incoming.context.deviceId = deviceId
        let facts = RequestFacts(
            clientIP: ip, userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0", acceptLanguage: "en",
            signals: .none, receivedAt: receivedAt)
        return enricher.enrich(incoming, facts: facts, fields: .all)
    }

    static func appendIsIdempotentAndSealsIdentifiers(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let person = try await repositories.people.create(attributes: [], lookups: [], actor: "test")
            let now = store.now()
            let records = [
                EventRecord(source: "web", personId: nil, event: event("m1", deviceId: "DEVICE-42", at: now)),
                EventRecord(source: "web", personId: person, event: event("m2", at: now)),
                EventRecord(source: "web", personId: nil, event: event("m1", at: now)),  // a duplicate inside the batch
                EventRecord(source: "app", personId: nil, event: event("m1", at: now)),  // same id, another source
            ]
            try await repositories.events.append(records)
            try await repositories.events.append(records)  // the client's retry
            #expect(try await repositories.events.count() == 3)
            #expect(try await repositories.events.contains(source: "app", messageId: "m1"))
            // Neither the raw IP nor the device id is anywhere in the clear.
            let raw = try await store.database.read { db in
                try await db.query(SQL("SELECT * FROM events"))
            }
            for row in raw {
                for value in row.values {
                    switch value {
                    case .text(let text): #expect(!text.contains("198.51.100.23") && !text.contains("DEVICE-42"))
                    case .blob(let bytes):
                        let text = String(decoding: bytes, as: UTF8.self)
                        #expect(!text.contains("198.51.100.23") && !text.contains("DEVICE-42"))
                    default: break
                    }
                }
            }
            // The person's own events open with their key; visitors' are sealed under the day's key.
            let mine = try await repositories.events.events(of: person)
            #expect(mine.map(\.messageId) == ["m2"])
            #expect(mine.first?.ip == "198.51.100.23")
            #expect(mine.first?.ipTruncated == "198.51.100.0")
            #expect(mine.first?.browserFamily == "Firefox")
            let visitorKey = try await store.database.read { db in
                try await db.first(SQL("SELECT person_id FROM person_keys WHERE person_id = ?", [.text(EventStore.visitorSubject(day: now))]))
            }
            #expect(visitorKey != nil)
            let recent = try await repositories.events.recent(limit: 10)
            #expect(recent.count == 3)
            #expect(recent.allSatisfy { $0.ip == nil && $0.ipHeld })
        }
    }

    static func erasureRemovesTheirEventsAndLinkedOnes(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let person = try await repositories.people.create(attributes: [], lookups: [], actor: "test")
            let other = try await repositories.people.create(attributes: [], lookups: [], actor: "test")
            let now = store.now()
            // Browsing before signing in, under an anonymous id and a device id…
            try await repositories.events.append([
                EventRecord(source: "web", personId: nil, event: event("before-1", anonymousId: "anon-A", at: now)),
                EventRecord(source: "app", personId: nil, event: event("before-2", anonymousId: nil, deviceId: "DEV-A", at: now)),
                EventRecord(source: "web", personId: nil, event: event("stranger", anonymousId: "anon-B", at: now)),
                EventRecord(source: "web", personId: person, event: event("after", anonymousId: "anon-A", at: now)),
                EventRecord(source: "web", personId: other, event: event("others", anonymousId: "anon-C", at: now)),
            ])
            // …then identifying links those ids; new anonymous events resolve to the person.
            try await repositories.links.link(.anonymous, value: "anon-A", to: person, service: nil)
            try await repositories.links.link(.device, value: "DEV-A", to: person, service: nil)
            try await repositories.events.adopt(anonymousId: "anon-A", deviceId: "DEV-A", person: person)
            #expect(try await repositories.events.person(forAnonymousId: "anon-A") == person)
            #expect(try await repositories.events.events(of: person).map(\.messageId).sorted() == ["after", "before-1", "before-2"])
            #expect(try await repositories.people.erase(person, actor: "test"))
            let left = try await repositories.events.recent(limit: 10).map(\.messageId).sorted()
            #expect(left == ["others", "stranger"])
        }
    }

    static func retentionExpiresRowsPartsAndVisitorKeys(_ engine: Engine) async throws {
        let day: Int64 = 86_400_000
        let now = ISOTimestamp.millis("2026-11-30T12:00:00Z")!
        try await TestDatabases.withStore(engine, now: { now }) { (store, repositories) async throws in
            let person = try await repositories.people.create(attributes: [], lookups: [], actor: "test")
            let ages: [(String, Int64)] = [("fresh", 1), ("month-old", 40), ("old", 400)]
            for (name, age) in ages {
                try await repositories.events.preparePartitions(around: now - age * day)
                try await repositories.events.append([
                    EventRecord(source: "web", personId: nil, event: event("visitor-\(name)", at: now - age * day)),
                    EventRecord(source: "web", personId: person, event: event("person-\(name)", at: now - age * day)),
                ])
            }
            let plan = EventRetentionPlan(policy: try PolicyLoader.load(yaml: DefaultPolicy.yaml))
            let report = try await repositories.events.expire(plan, at: now)
            let left = try await repositories.events.recent(limit: 10)
            #expect(left.map(\.messageId).sorted() == ["person-fresh", "person-month-old", "visitor-fresh", "visitor-month-old"])
            // The raw IP is kept for 30 days; the rest of the row for a year.
            for stored in left {
                #expect(stored.ipHeld == stored.messageId.hasSuffix("fresh"))
                #expect(stored.url != nil && stored.ipTruncated != nil)
                #expect(stored.categories.contains("user.device.ip_address") == stored.messageId.hasSuffix("fresh"))
            }
            #expect(report.cleared[.ipAddress] == 2)
            // Visitors' day keys older than 30 days are shredded; today's-ish key remains.
            #expect(report.keysShredded == 2)
            let keys = try await store.database.read { db in
                try await db.query(SQL("SELECT person_id FROM person_keys WHERE person_id LIKE 'visitors:%'")).map { try $0.text("person_id") }
            }
            #expect(keys == [EventStore.visitorSubject(day: now - day)])
            switch engine {
            case .postgres:
                // A year-old month is dropped as a partition, not deleted row by row.
                #expect(report.partitionsDropped.count == 1)
                #expect(report.rowsDeleted == 0)
            case .sqlite:
                #expect(report.rowsDeleted == 2)
            }
            // A second pass finds nothing more to do.
            let again = try await repositories.events.expire(plan, at: now)
            #expect(again.rowsDeleted == 0 && again.partitionsDropped.isEmpty && again.cleared.values.allSatisfy { $0 == 0 } && again.keysShredded == 0)
        }
    }
}

@Suite("Events on SQLite")
struct SQLiteEventStoreTests {
    @Test func appendIsIdempotentAndSealsIdentifiers() async throws { try await EventStoreBehaviours.appendIsIdempotentAndSealsIdentifiers(.sqlite) }
    @Test func erasureRemovesTheirEventsAndLinkedOnes() async throws { try await EventStoreBehaviours.erasureRemovesTheirEventsAndLinkedOnes(.sqlite) }
    @Test func retentionExpiresRowsPartsAndVisitorKeys() async throws { try await EventStoreBehaviours.retentionExpiresRowsPartsAndVisitorKeys(.sqlite) }
}

@Suite("Events on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct PostgresEventStoreTests {
    @Test func appendIsIdempotentAndSealsIdentifiers() async throws { try await EventStoreBehaviours.appendIsIdempotentAndSealsIdentifiers(.postgres) }
    @Test func erasureRemovesTheirEventsAndLinkedOnes() async throws { try await EventStoreBehaviours.erasureRemovesTheirEventsAndLinkedOnes(.postgres) }
    @Test func retentionExpiresRowsPartsAndVisitorKeys() async throws { try await EventStoreBehaviours.retentionExpiresRowsPartsAndVisitorKeys(.postgres) }
}

@Suite("Group commit")
struct GroupCommitTests {
    /// A flush that waits until the test lets it go.
    final class Gate: Sendable {
        let opened = Mutex<[CheckedContinuation<Void, Never>]>([])
        let isOpen = Mutex(false)
        func wait() async {
            await withCheckedContinuation { continuation in
                let open = isOpen.withLock { $0 }
                if open { continuation.resume() } else { opened.withLock { $0.append(continuation) } }
            }
        }
        func open() {
            isOpen.withLock { $0 = true }
            for continuation in opened.withLock({ let all = $0; $0 = []; return all }) { continuation.resume() }
        }
    }

    @Test func aFullQueueRefusesAtOnceAndDrainsAfterwards() async throws {
        let gate = Gate()
        let written = Mutex(0)
        let commit = GroupCommit<[Int], Void>(maxBatch: 100, capacity: 10, weigh: { $0.count }) { batches in
            await gate.wait()
            written.withLock { $0 += batches.reduce(0) { $0 + $1.count } }
            return batches.map { _ in () }
        }
        async let first: Void = commit.submit(Array(0..<8))
        while commit.pendingWeight < 8 { try await Task.sleep(for: .milliseconds(1)) }
        // 8 waiting; 3 more would exceed the capacity of 10.
        await #expect(throws: GroupCommit<[Int], Void>.Full.self) { try await commit.submit([1, 2, 3]) }
        async let second: Void = commit.submit([1, 2])
        while commit.pendingWeight < 10 { try await Task.sleep(for: .milliseconds(1)) }
        gate.open()
        try await first
        try await second
        #expect(written.withLock { $0 } == 10)
        #expect(commit.pendingWeight == 0)
        try await commit.submit([1, 2, 3])
        #expect(written.withLock { $0 } == 13)
    }
}
