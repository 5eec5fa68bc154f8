import CustodianCore
import Foundation
import Testing

@testable import CustodianStore

/// `PersonExporter.summary(of:)`, what the privacy centre's "what we hold" page is built from:
/// counts per table, attributes by category and source, and event aggregates — on both engines.
enum PersonSummaryBehaviours {
    static func summaryCountsTheRowsAndAggregatesTheEvents(_ engine: Engine) async throws {
        try await TestDatabases.withStore(engine) { (store, repositories) async throws in
            let person = try await repositories.people.create(
                attributes: [
                    PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada"),
                    PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: "ada@example.org"),
                ],
                lookups: [], actor: "test")
            let other = try await repositories.people.create(attributes: [], lookups: [], actor: "test")
            let now = store.now()
            try await repositories.events.append([
                EventRecord(source: "web", personId: person, event: EventStoreBehaviours.event("s1", deviceId: "DEVICE-1", at: now - 60_000)),
                EventRecord(source: "web", personId: person, event: EventStoreBehaviours.event("s2", at: now)),
                EventRecord(source: "web", personId: other, event: EventStoreBehaviours.event("s3", at: now)),
            ])
            let summary = try await repositories.exporter.summary(of: person)
            #expect(summary.rows("events") == 2)
            #expect(summary.rows("person_attributes") == 2)
            #expect(summary.rowsByTable["sessions"] == nil)
            #expect(Set(summary.attributes.map(\.field)) == ["name", "email"])
            #expect(summary.attributes.allSatisfy { $0.source == "provided" })
            #expect(summary.events.count == 2)
            #expect(summary.events.first == now - 60_000 && summary.events.last == now)
            #expect(summary.events.withAddress == 2)
            #expect(summary.events.withDeviceId == 1)
            #expect(summary.events.browserIdentifiers == 1)
            #expect(summary.events.browsers == ["Firefox 120"])
            #expect(summary.events.systems.first?.hasPrefix("Linux") == true)
            #expect(summary.events.languages == ["en"])
            // Nobody's rows: everything zero, nothing thrown.
            let empty = try await repositories.exporter.summary(of: "no-such-person")
            #expect(empty.rowsByTable.isEmpty && empty.events.count == 0 && empty.events.first == nil)
        }
    }
}

@Suite("Person summary on SQLite")
struct SQLitePersonSummaryTests {
    @Test func summaryCountsTheRowsAndAggregatesTheEvents() async throws { try await PersonSummaryBehaviours.summaryCountsTheRowsAndAggregatesTheEvents(.sqlite) }
}

@Suite("Person summary on PostgreSQL", .enabled(if: TestDatabases.postgresURL != nil, TestDatabases.postgresSkipReason))
struct PostgresPersonSummaryTests {
    @Test func summaryCountsTheRowsAndAggregatesTheEvents() async throws { try await PersonSummaryBehaviours.summaryCountsTheRowsAndAggregatesTheEvents(.postgres) }
}
