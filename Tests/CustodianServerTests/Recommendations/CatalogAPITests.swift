import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

@Suite("Catalogue API")
struct CatalogAPITests {
    @Test func itemsAreCreatedValidatedPagedCorrectedAndDeleted() async throws {
        let app = try TestApp()
        try await app.test { client in
            let world = try await RecommendationFixture.make(app)
            let missing = try await client.json(.post, "/v1/catalog/items", #"{"tags":"football"}"#, token: world.webKey)
            #expect(missing.status == .unprocessableContent)
            #expect(try missing.raw.contains(#""field":"tags""#))
            let empty = try await client.json(.post, "/v1/catalog/items", #"{"id":"has space","published":"soon"}"#, token: world.webKey)
            let fields = Set(((empty.body["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["title", "url", "id", "published"])

            let created = try await client.json(
                .post, "/v1/catalog/items",
                #"{"id":"match-report","title":"The match","url":"https://news.example/match","tags":["Football"],"published":"2026-11-29"}"#,
                token: world.webKey)
            #expect(created.status == .created, "\(created.raw)")
            #expect(created.body["service"] as? String == world.web.id)
            #expect(created.body["tags"] as? [String] == ["football"])
            #expect(created.body["published"] as? String == "2026-11-29T00:00:00.000Z")

            let sameId = try await client.json(.post, "/v1/catalog/items", #"{"id":"match-report","title":"x","url":"https://news.example/other"}"#, token: world.webKey)
            #expect(sameId.status == .unprocessableContent && sameId.raw.contains(#""code":"taken""#) && sameId.raw.contains(#""field":"id""#))
            let samePage = try await client.json(.post, "/v1/catalog/items", #"{"title":"x","url":"http://NEWS.example/match/?utm_source=feed"}"#, token: world.webKey)
            #expect(samePage.status == .unprocessableContent && samePage.raw.contains(#""field":"url""#))
            let noService = try await client.json(.post, "/v1/catalog/items", #"{"title":"x","url":"https://news.example/x","service":"nope"}"#, token: world.webKey)
            #expect(noService.raw.contains("unknown_service"))
            let serviceless = try await app.apiKey([.people])
            let needsService = try await client.json(.post, "/v1/catalog/items", #"{"title":"x","url":"https://news.example/x"}"#, token: serviceless)
            #expect(needsService.status == .unprocessableContent && needsService.raw.contains(#""field":"service""#))
            let forApp = try await client.json(
                .post, "/v1/catalog/items", #"{"title":"On the app","url":"https://news.example/app","service":"\#(world.appService.id)"}"#, token: serviceless)
            #expect(forApp.status == .created)
            #expect((forApp.body["id"] as? String)?.count == 36)

            for n in 0..<3 {
                _ = try await client.json(.post, "/v1/catalog/items", #"{"id":"p\#(n)","title":"Page \#(n)","url":"https://news.example/p\#(n)"}"#, token: world.webKey)
            }
            var seen: [String] = []
            var next: String? = ""
            while let cursor = next {
                let page = try await client.json(.get, "/v1/catalog/items?limit=2&service=\(world.web.id)" + (cursor.isEmpty ? "" : "&cursor=\(cursor)"), token: world.webKey)
                #expect(page.status == .ok)
                seen += RecommendationFixture.ids(page.body)
                next = page.body["next"] as? String
            }
            #expect(seen == ["p2", "p1", "p0", "match-report"])
            #expect(try await client.json(.get, "/v1/catalog/items?limit=0", token: world.webKey).status == .unprocessableContent)
            #expect(try await client.json(.get, "/v1/catalog/items?cursor=notacursor", token: world.webKey).status == .unprocessableContent)

            let renamed = try await client.json(.patch, "/v1/catalog/items/match-report", #"{"title":"The match, rated"}"#, token: world.webKey)
            #expect(renamed.body["title"] as? String == "The match, rated")
            let moved = try await client.json(.patch, "/v1/catalog/items/match-report", #"{"service":"\#(world.appService.id)"}"#, token: world.webKey)
            #expect(moved.status == .unprocessableContent && moved.raw.contains("immutable"))
            #expect(try await client.json(.patch, "/v1/catalog/items/nothing", #"{"title":"x"}"#, token: world.webKey).status == .notFound)

            #expect(try await client.json(.delete, "/v1/catalog/items/match-report", token: world.webKey).status == .noContent)
            let gone = try await client.json(.get, "/v1/catalog/items/match-report", token: world.webKey)
            #expect(gone.status == .notFound && gone.raw.contains("item_not_found"))

            let collectOnly = try await app.apiKey([.collect])
            #expect(try await client.json(.get, "/v1/catalog/items", token: collectOnly).status == .forbidden)
            #expect(try await client.json(.get, "/v1/catalog/items").status == .unauthorized)
        }
    }
}
