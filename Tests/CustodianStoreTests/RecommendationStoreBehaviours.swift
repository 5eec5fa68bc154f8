import CustodianCore
@testable import CustodianStore
import Foundation
import Testing

/// The catalogue and the readers the recommendation model and profiles use, written once and run
/// on every engine (see ``RecommendationStoreSQLiteTests`` and ``RecommendationStorePostgresTests``).
enum RecommendationStoreBehaviours {
    static func item(_ id: String, service: String, at time: Int64, path: String? = nil) -> CatalogItem {
        CatalogItem(
            id: id, service: service, title: "Item \(id)", url: "https://news.example/\(path ?? id)", tags: ["football", "news"], published: time,
            createdAt: time, updatedAt: time)
    }

    static func catalogueKeepsItemsPagesThemAndNamesConflicts(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let repositories = store.repositories
            let web = try await repositories.services.register(name: "web", kind: .web, actor: "test")
            let app = try await repositories.services.register(name: "app", kind: .ios, actor: "test")
            var created: [CatalogItem] = []
            for n in 0..<5 {
                let item = item("i\(n)", service: n < 3 ? web.id : app.id, at: clock.now())
                try await repositories.catalog.create([item])
                created.append(item)
                clock.advance(1_000)
            }
            #expect(try await repositories.catalog.item("i2") == created[2])
            #expect(try await repositories.catalog.item("i2")?.tags == ["football", "news"])
            // Newest first, two at a time, with a cursor.
            let first = try await repositories.catalog.list(limit: 2)
            #expect(first.map(\.id) == ["i4", "i3"])
            let second = try await repositories.catalog.list(limit: 2, after: PageCursor(createdAt: first[1].createdAt, id: first[1].id))
            #expect(second.map(\.id) == ["i2", "i1"])
            #expect(try await repositories.catalog.list(service: app.id, limit: 10).map(\.id) == ["i4", "i3"])
            #expect(try await repositories.catalog.all(pageSize: 2).map(\.id) == ["i0", "i1", "i2", "i3", "i4"])

            // The same id, the same page (compared as page views are), an unknown service: refused, nothing stored.
            await #expect(throws: CatalogError.idTaken) { try await repositories.catalog.create([item("i1", service: web.id, at: 0, path: "new")]) }
            await #expect(throws: CatalogError.urlTaken) {
                try await repositories.catalog.create([item("fresh", service: web.id, at: 0, path: "i1/?utm_source=x")])
            }
            await #expect(throws: CatalogError.unknownService) { try await repositories.catalog.create([item("lost", service: "nope", at: 0)]) }
            await #expect(throws: CatalogError.idTaken) {
                try await repositories.catalog.create([item("ok-1", service: web.id, at: 0), item("i0", service: web.id, at: 0, path: "other")])
            }
            #expect(try await repositories.catalog.count() == 5)

            let changed = try await repositories.catalog.update("i0", title: "Renamed", url: "https://news.example/renamed", tags: ["x"], published: 7)
            #expect(changed.title == "Renamed" && changed.urlKey == "news.example/renamed" && changed.published == 7)
            await #expect(throws: CatalogError.urlTaken) {
                _ = try await repositories.catalog.update("i0", title: nil, url: "https://news.example/i1", tags: nil, published: nil)
            }
            await #expect(throws: CatalogError.notFound) { _ = try await repositories.catalog.update("none", title: "x", url: nil, tags: nil, published: nil) }
            #expect(try await repositories.catalog.delete("i0"))
            #expect(!(try await repositories.catalog.delete("i0")))
            #expect(try await repositories.catalog.item("i0") == nil)
        }
    }

    static func storedViewsArePagedAndOnlyPeoplesNonBotViews(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, _, clock) async throws in
            let repositories = store.repositories
            let person = try await Issue3Stores.person(repositories)
            let now = clock.now()
            var records: [EventRecord] = []
            for n in 0..<7 {
                records.append(EventRecord(source: "web", personId: person, event: EventStoreBehaviours.event("p\(n)", at: now + Int64(n))))
            }
            var bot = EventStoreBehaviours.event("bot", at: now)
            bot.bot = true
            records.append(EventRecord(source: "web", personId: person, event: bot))
            records.append(EventRecord(source: "web", personId: nil, event: EventStoreBehaviours.event("visitor", at: now)))
            var track = EventStoreBehaviours.event("track", at: now)
            track.type = .track
            records.append(EventRecord(source: "web", personId: person, event: track))
            records.append(EventRecord(source: "web", personId: person, event: EventStoreBehaviours.event("late", at: now + 1_000)))
            try await repositories.events.append(records)

            var pages: [[StoredView]] = []
            try await repositories.events.forEachView(receivedBefore: now + 1_000, pageSize: 3) { pages.append($0) }
            #expect(pages.map(\.count) == [3, 3, 1])
            let views = pages.flatMap { $0 }
            #expect(views.allSatisfy { $0.person == person && $0.type == "page" && $0.source == "web" })
            #expect(Set(views.compactMap(\.url)) == Set((0..<7).map { "https://shop.example/p\($0)" }))
        }
    }

    static func ledgerRecordsAreReadByPurposeForEveryone(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let a = try await Issue3Stores.person(store.repositories)
            let b = try await Issue3Stores.person(store.repositories)
            for (person, state) in [(a, ConsentState.denied), (b, .denied), (a, .granted)] {
                _ = try await consent.record(
                    person: person, purpose: "personalize.content.profiled", state: state, source: .explicit, evidence: [:], actor: "test")
                _ = try await consent.record(person: person, purpose: "marketing.communications.email", state: .denied, source: .explicit, evidence: [:], actor: "test")
                clock.advance(10)
            }
            let records = try await store.repositories.consentLedger.records(purpose: "personalize.content.profiled", pageSize: 2)
            #expect(records.map(\.personId) == [a, b, a])
            #expect(records.map(\.kind) == [.denied, .denied, .granted])
        }
    }

    static func serviceAttributesAndActivityOpenOnlyWithTheirAccess(_ engine: Engine) async throws {
        try await CustomerServiceBehaviours.withGate(engine) { (store, consent, clock) async throws in
            let repositories = store.repositories
            let web = try await repositories.services.register(name: "web", kind: .web, actor: "test")
            let person = try await repositories.people.create(
                attributes: [
                    PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada Example"),
                    PersonAttribute(field: "email", category: "user.contact.email", source: "provided", value: "ada@example.com"),
                ],
                lookups: [], service: web.id, actor: "test")
            let now = clock.now()
            try await repositories.events.append([
                EventRecord(source: web.id, personId: person, event: EventStoreBehaviours.event("a", at: now)),
                EventRecord(source: web.id, personId: person, event: EventStoreBehaviours.event("b", at: now + 5)),
                EventRecord(source: "app", personId: person, event: EventStoreBehaviours.event("c", at: now + 9)),
            ])
            let names = try await consent.authorize(person: person, purpose: "essential.service", categories: ["user.name"], actor: "test").get()
            let opened = try await repositories.people.serviceAttributes(of: person, access: names)
            #expect(opened == [ServiceAttribute(attribute: PersonAttribute(field: "name", category: "user.name", source: "provided", value: "Ada Example"), service: web.id)])

            let browsing = try await consent.authorize(
                person: person, purpose: "functional.service.improve", categories: [EventStore.browsingCategory], actor: "test").get()
            let all = try await repositories.events.activity(of: person, sources: nil, access: browsing)
            #expect(all.map(\.source) == ["app", web.id].sorted())
            let own = try await repositories.events.activity(of: person, sources: [web.id], access: browsing)
            #expect(own.count == 1 && own[0].count == 2 && own[0].type == "page" && own[0].first == now && own[0].last == now + 5)
            let recent = try await repositories.events.recentViews(of: person, sources: [web.id], limit: 10, access: browsing)
            #expect(recent.map(\.url) == ["https://shop.example/b", "https://shop.example/a"])
            // An access that does not permit browsing opens none of it.
            #expect(try await repositories.events.activity(of: person, sources: nil, access: names).isEmpty)
            #expect(try await repositories.events.recentViews(of: person, sources: nil, limit: 10, access: names).isEmpty)
        }
    }
}
