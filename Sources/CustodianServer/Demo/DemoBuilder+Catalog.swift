import CustodianCore
import Foundation

extension DemoBuilder {
    /// Articles, videos and products about the demo's topics, grouped into stories of a few
    /// items each, published over the demo's span (more of them lately), with a few hits.
    func makeCatalog(_ state: inout DemoState) async throws {
        var random = DemoRandom(seed: configuration.seed, stream: "catalog")
        let span = state.configuration.end - state.start
        var drafts: [CatalogDraft] = []
        var items: [DemoItem] = []
        var story = 0
        var storyLeft = 0
        var storyTopic = 0
        var storyKind = DemoWorld.ItemKind.article
        var storyTime: Int64 = 0
        for index in 0..<configuration.items {
            if storyLeft == 0 {
                story += 1
                storyLeft = 2 + random.int(0..<6)
                storyTopic = random.int(0..<DemoWorld.topics.count)
                storyKind = DemoWorld.ItemKind.allCases[random.weighted(DemoWorld.ItemKind.allCases.map { DemoWorld.kindShare[$0] ?? 0 })]
                // Stories start from a month before the history to its last day, more of them late.
                storyTime = state.start - 30 * 86_400_000 + Int64(random.unit().squareRoot() * Double(span + 30 * 86_400_000))
            }
            storyLeft -= 1
            let topic = DemoWorld.topics[storyTopic]
            guard let service = DemoWorld.services.first(where: { $0.publishes == storyKind }), let registered = state.service(service.name) else {
                throw DemoError.rejected("no service publishes \(storyKind.rawValue)s")
            }
            let noun = topic.nouns[story % topic.nouns.count]
            let angle = random.pick(DemoWorld.angles[storyKind] ?? ["news"])
            let title = "\(noun): \(angle)"
            let slug = Self.slug(title) + "-\(index + 1)"
            let path = storyKind == .product ? "products" : storyKind == .video ? "watch" : "articles"
            let published = min(storyTime + Int64(random.int(0..<72)) * 3_600_000, state.configuration.end - 3_600_000)
            var tags = [topic.tag, storyKind.rawValue]
            if random.chance(0.3) { tags.append(DemoWorld.topics[random.int(0..<DemoWorld.topics.count)].tag) }
            drafts.append(CatalogDraft(
                id: "\(storyKind.rawValue)-\(index + 1)", service: registered.id, title: title,
                url: "https://\(service.host)/\(path)/\(topic.tag)/\(slug)", tags: tags, published: ISOTimestamp.string(published)))
            // Appeal is heavy-tailed: most items are read a little, a few a lot.
            let appeal = 0.2 + random.exponential(1) * (random.chance(0.05) ? 6 : 1)
            items.append(DemoItem(
                item: CatalogItem(id: "", service: registered.id, title: title, url: "", tags: [], published: published, createdAt: 0, updatedAt: 0),
                topic: storyTopic, story: story, kind: storyKind, appeal: appeal))
        }
        var position = 0
        for chunk in stride(from: 0, to: drafts.count, by: 1_000).map({ Array(drafts[$0..<min(drafts.count, $0 + 1_000)]) }) {
            let created = try await catalog.create(chunk, defaultService: nil)
            for item in created {
                items[position].item = item
                position += 1
            }
        }
        state.items = items
    }

    /// Lower-case ASCII words joined by hyphens.
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var out = ""
        for scalar in folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-"), !out.isEmpty {
                out += "-"
            }
        }
        return out.hasSuffix("-") ? String(out.dropLast()) : out
    }
}
