import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import CustodianServer

/// Recommendations through the real router: learned from /v1/collect, asked of the gate on every
/// request.
@Suite("Recommendations end to end")
struct RecommendationsEndToEndTests {
    /// Three football readers and two cooks, then `reader` who has read f0 only.
    static func readers(_ world: RecommendationFixture, _ client: any TestClientProtocol) async throws -> String {
        try await world.catalogue(client)
        for name in ["Fa", "Fb", "Fc"] { try await world.browse(client, try await world.register(client, name), ["f0", "f1", "f2", "f3"]) }
        for name in ["Ca", "Cb"] { try await world.browse(client, try await world.register(client, name), ["c0", "c1", "c2", "c3", "c4"]) }
        let reader = try await world.register(client, "Reader")
        try await world.browse(client, reader, ["f0"], start: 60_000)
        try await RecommendationFixture.eventually("the reader's view is learned") {
            try await world.recommendations(client, reader).body["personalized"] as? Bool == true
        }
        return reader
    }

    @Test func coVisitedItemsAreRecommendedAndSeenOnesLeftOut() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            let reader = try await Self.readers(world, client)
            let answer = try await world.recommendations(client, reader, query: "?limit=5")
            #expect(answer.status == .ok, "\(answer.raw)")
            #expect(answer.body["personalized"] as? Bool == true)
            #expect(answer.body["reason"] as? String == "not_opted_out")
            #expect(answer.body["purpose"] as? String == "personalize.content.profiled")
            let ids = RecommendationFixture.ids(answer.body)
            #expect(Array(ids.prefix(3)).sorted() == ["f1", "f2", "f3"])
            #expect(!ids.contains("f0"))
            let items = try #require(answer.body["items"] as? [[String: Any]])
            #expect(items.prefix(3).allSatisfy { $0["source"] as? String == "co_visitation" })
            #expect(items.dropFirst(3).allSatisfy { $0["source"] as? String == "popular" })
            #expect(items.first?["url"] as? String == "https://news.example/\(ids[0])")
            #expect(items.count == 5)

            // Only the app's items: it has none.
            let appOnly = try await world.recommendations(client, reader, query: "?service=\(world.appService.id)")
            #expect(appOnly.status == .ok && RecommendationFixture.ids(appOnly.body).isEmpty)
            #expect(try await world.recommendations(client, reader, query: "?limit=0").status == .unprocessableContent)
            let badService = try await world.recommendations(client, reader, query: "?service=nope")
            #expect(badService.status == .unprocessableContent && badService.raw.contains("unknown_service"))
            let nobody = try await world.recommendations(client, "no-such-person")
            #expect(nobody.status == .notFound && nobody.raw.contains("person_not_found"))
            let collectOnly = try await app.apiKey([.collect])
            #expect(try await client.json(.get, "/v1/people/\(reader)/recommendations", token: collectOnly).status == .forbidden)
        }
    }

    @Test func anOptOutCountsFromTheNextRequestAndIsInTheLedger() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            let reader = try await Self.readers(world, client)
            let path = "/v1/people/\(reader)/consents/personalize.content.profiled"
            let out = try await client.json(.put, path, #"{"state":"denied","source":"explicit"}"#, token: world.consentKey)
            #expect(out.status == .ok, "\(out.raw)")

            let next = try await world.recommendations(client, reader)
            #expect(next.body["personalized"] as? Bool == false)
            #expect(next.body["reason"] as? String == "opted_out")
            let items = try #require(next.body["items"] as? [[String: Any]])
            #expect(!items.isEmpty && items.allSatisfy { $0["source"] as? String == "popular" })
            // The non-personalised list is everyone's: the same as for someone the model never saw.
            let stranger = try await world.register(client, "Stranger")
            #expect(RecommendationFixture.ids(next.body) == RecommendationFixture.ids(try await world.recommendations(client, stranger).body))

            // The ledger has the choice; the audit trail has the refusal.
            let consents = try await client.json(.get, "/v1/people/\(reader)/consents", token: world.consentKey)
            let history = try #require(consents.body["history"] as? [[String: Any]])
            #expect(history.contains { $0["purpose"] as? String == "personalize.content.profiled" && $0["kind"] as? String == "denied" && $0["source"] as? String == "explicit" })
            let audit = try await app.store.repositories.audit.entries(after: 0, limit: 10_000)
            #expect(audit.contains { $0.action == "gate.deny" && $0.subject == reader && $0.purpose == "personalize.content.profiled" })

            // What they view while opted out is not learned, and what was known of them is forgotten.
            try await world.browse(client, reader, ["c0", "c1"], start: 30_000)
            // Views are learned in order: once someone's later view is in, the reader's were handled.
            let sentinel = try await world.register(client, "Sentinel")
            try await world.browse(client, sentinel, ["f5"], start: 10_000)
            try await RecommendationFixture.eventually("the later view is learned") {
                try await world.recommendations(client, sentinel).body["personalized"] as? Bool == true
            }
            #expect(try await client.json(.put, path, #"{"state":"granted","source":"explicit"}"#, token: world.consentKey).status == .ok)
            let back = try await world.recommendations(client, reader)
            #expect(back.body["personalized"] as? Bool == false)
            #expect(back.body["reason"] as? String == "no_history")
        }
    }

    @Test func aVisitorUnderGPCGetsThePopularListAndTheSignalIsRecorded() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            let reader = try await Self.readers(world, client)
            let gpc = try await world.recommendations(client, reader, headers: [.init("Sec-GPC")!: "1"])
            #expect(gpc.status == .ok)
            #expect(gpc.body["personalized"] as? Bool == false)
            #expect(gpc.body["reason"] as? String == "gpc_opt_out")
            #expect((gpc.body["items"] as? [[String: Any]] ?? []).allSatisfy { $0["source"] as? String == "popular" })
            let consents = try await client.json(.get, "/v1/people/\(reader)/consents", token: world.consentKey)
            let history = try #require(consents.body["history"] as? [[String: Any]])
            #expect(history.contains { $0["purpose"] as? String == "personalize.content.profiled" && $0["source"] as? String == "gpc" })
            // The signal is remembered, as for every purpose it opts out of.
            #expect(try await world.recommendations(client, reader).body["reason"] as? String == "gpc_opt_out")
        }
    }

    @Test func botsAreNotLearnedFrom() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            try await world.catalogue(client)
            let crawled = try await world.register(client, "Crawled")
            try await world.browse(client, crawled, ["f0", "f1"], userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
            let person = try await world.register(client, "Person")
            try await world.browse(client, person, ["c0"])
            // The queue is learned in order: once the later view is in, the bot's were seen and skipped.
            try await RecommendationFixture.eventually("the person's view is learned") {
                try await world.recommendations(client, person).body["personalized"] as? Bool == true
            }
            #expect(try await world.recommendations(client, crawled).body["reason"] as? String == "no_history")
        }
    }

    @Test func aSignedInPersonAsksForTheirOwnList() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            try await world.catalogue(client)
            for name in ["Fa", "Fb"] { try await world.browse(client, try await world.register(client, name), ["f0", "f4"]) }
            let (me, token) = try await client.registerAndSignIn()
            try await world.browse(client, me, ["f0"], start: 10_000)
            try await RecommendationFixture.eventually("their view is learned") {
                try await client.json(.get, "/v1/people/me/recommendations", token: token).body["personalized"] as? Bool == true
            }
            let mine = try await client.json(.get, "/v1/people/me/recommendations?limit=1", token: token)
            #expect(RecommendationFixture.ids(mine.body) == ["f4"])
            #expect(mine.body["person"] as? String == me)
            #expect(try await client.json(.get, "/v1/people/me/recommendations").status == .unauthorized)
        }
    }

    @Test func theModelIsRebuiltFromTheStoreAtStartUp() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-rebuild-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try TestApp(folder: folder)
        let holder = ReaderHolder()
        try await first.test(keepData: true) { client in
            let world = try await RecommendationFixture.make(first)
            holder.set(try await Self.readers(world, client), key: world.webKey)
        }
        try await first.store.database.close()
        let second = try TestApp(folder: folder)
        try await second.test(keepData: true) { client in
            let (reader, key) = holder.get()
            var answer: (status: HTTPResponse.Status, body: [String: Any], raw: String) = (.serviceUnavailable, [:], "")
            try await RecommendationFixture.eventually("the model is built") {
                answer = try await client.json(.get, "/v1/people/\(reader)/recommendations?limit=3", token: key)
                return answer.status == .ok
            }
            #expect(answer.body["personalized"] as? Bool == true)
            #expect(RecommendationFixture.ids(answer.body).sorted() == ["f1", "f2", "f3"])
        }
    }
}

/// Carries the reader's id and key from the first application to the second.
final class ReaderHolder: Sendable {
    private let value = Mutex<(String, String)>(("", ""))
    func set(_ reader: String, key: String) { value.withLock { $0 = (reader, key) } }
    func get() -> (String, String) { value.withLock { $0 } }
}
