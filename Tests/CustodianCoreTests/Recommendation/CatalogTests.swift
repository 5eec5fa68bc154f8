import CustodianCore
import Testing

@Suite("Catalogue: URLs, validation, the view mapping")
struct CatalogTests {
    @Test func urlKeysIgnoreSchemeDefaultPortQueryFragmentAndTrailingSlash() {
        #expect(CatalogURL.key("https://News.Example:443/articles/Match/?utm_source=x#top") == "news.example/articles/Match")
        #expect(CatalogURL.key("http://news.example/articles/Match") == "news.example/articles/Match")
        #expect(CatalogURL.key("HTTP://news.example:8080/a") == "news.example:8080/a")
        #expect(CatalogURL.key("https://user:secret@news.example/") == "news.example")
        #expect(CatalogURL.key("https://news.example") == "news.example")
    }

    @Test func urlKeysRefuseWhatIsNotAnAbsoluteWebAddress() {
        #expect(CatalogURL.key("/articles/match") == nil)
        #expect(CatalogURL.key("ftp://news.example/a") == nil)
        #expect(CatalogURL.key("https:///a") == nil)
        #expect(CatalogURL.key("https://:443/a") == nil)
    }

    @Test func aNewItemNeedsTitleAndURLAndEveryProblemIsNamed() throws {
        let failure = try #require(CatalogRules.validateNew(CatalogDraft(id: "bad id!", tags: Array(repeating: "x", count: 21), published: "yesterday")).failureValue)
        let fields = Dictionary(failure.problems.map { ($0.field, $0.code) }) { first, _ in first }
        #expect(fields == ["title": "required", "url": "required", "id": "invalid_format", "tags": "too_many", "published": "invalid_date"])
    }

    @Test func aValidItemIsNormalised() throws {
        let valid = try CatalogRules.validateNew(CatalogDraft(
            id: "art-1", title: "  The   match ", url: "https://news.example/match", tags: ["Football", "football ", "Premier  League"],
            published: "2026-11-30")).get()
        #expect(valid.title == "The match")
        #expect(valid.tags == ["football", "premier league"])
        #expect(valid.published == ISOTimestamp.millis("2026-11-30T00:00:00Z"))
    }

    @Test func aCorrectionCannotMoveAnItemOrRenameIt() throws {
        let failure = try #require(CatalogRules.validateChange(CatalogDraft(id: "x", service: "s", url: "mailto:a@b")).failureValue)
        #expect(Set(failure.problems.map(\.field)) == ["id", "service", "url"])
        #expect(failure.problems.first { $0.field == "url" }?.code == "invalid_url")
    }

    @Test func pagesMapByItemIdOrURLAndOnlyViewsOfPeopleCount() {
        #expect(ViewMapping.reference(type: "page", url: "https://n.example/a?x=1", properties: nil, bot: false) == .url("n.example/a"))
        #expect(ViewMapping.reference(type: "page", url: "https://n.example/a", properties: #"{"itemId":"art-9"}"#, bot: false) == .id("art-9"))
        #expect(ViewMapping.reference(type: "screen", url: nil, properties: #"{"section":"x","itemId":"v-1"}"#, bot: false) == .id("v-1"))
        // A screen has no URL to match; a track is not a view; a bot's view is no signal.
        #expect(ViewMapping.reference(type: "screen", url: "https://n.example/a", properties: nil, bot: false) == nil)
        #expect(ViewMapping.reference(type: "track", url: "https://n.example/a", properties: #"{"itemId":"a"}"#, bot: false) == nil)
        #expect(ViewMapping.reference(type: "page", url: "https://n.example/a", properties: nil, bot: true) == nil)
        // An itemId that is not a string falls back to the URL.
        #expect(ViewMapping.reference(type: "page", url: "https://n.example/a", properties: #"{"itemId":42}"#, bot: false) == .url("n.example/a"))
    }

    @Test func theIndexFindsLiveItemsByIdAndURLAndKeepsIndexesStable() {
        var index = ItemIndex()
        let a = index.upsert(CatalogTests.item("a", service: "web"))
        let b = index.upsert(CatalogTests.item("b", service: "app"))
        #expect(index.resolve(.id("a")) == a)
        #expect(index.resolve(.url("news.example/b")) == b)
        let removed = index.remove(id: "a")
        #expect(removed)
        #expect(index.resolve(.id("a")) == nil && index.resolve(.url("news.example/a")) == nil)
        let again = index.upsert(CatalogTests.item("a", service: "web"))
        #expect(again == a)
        #expect(index.isLive(b, in: "app") && !index.isLive(b, in: "web"))
        #expect(index.itemsPerService == ["web": 1, "app": 1])
    }

    static func item(_ id: String, service: String = "web", tags: [String] = []) -> CatalogItem {
        CatalogItem(id: id, service: service, title: id, url: "https://news.example/\(id)", tags: tags, published: 0, createdAt: 0, updatedAt: 0)
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
