import CustodianCore
import CustodianStore

/// The cross-service profile as JSON.
enum ProfileViews {
    struct Profile: Encodable, Sendable {
        var person: String
        /// The calling service: whose slice this is, or who asked for the combined view.
        var service: String
        /// Whether attributes and activity of every service are merged in.
        var combined: Bool
        /// Why: `consent_granted`, `not_requested`, or the gate's reason for refusing.
        var reason: String
        var message: String
        /// The combination purpose that was (or would have been) asked about.
        var purpose: String
        /// The services whose data is in this view (`platform` for data no service brought).
        var services: [String]
        var attributes: [Attribute]
        var activity: Activity
        var policyVersion: String
    }

    struct Attribute: Encodable, Sendable {
        var field: String
        var value: String
        var category: String
        /// The service that brought it; nil for the platform's own pages.
        var service: String?
    }

    struct Activity: Encodable, Sendable {
        var events: Int
        var views: Int
        var firstSeen: String?
        var lastSeen: String?
        var byService: [ServiceActivityView]
        /// The latest viewed catalogue items, newest first.
        var recentItems: [RecentItem]
        /// The tags of the latest views, most frequent first.
        var topTags: [TagCount]
    }

    struct ServiceActivityView: Encodable, Sendable {
        var service: String
        var events: Int
        var views: Int
        var lastSeen: String
    }

    struct RecentItem: Encodable, Sendable {
        var id: String
        var title: String
        var service: String
        var viewedAt: String
    }

    struct TagCount: Encodable, Sendable {
        var tag: String
        var views: Int
    }

    /// Activity from the store's counts and the latest views mapped to catalogue items.
    static func activity(_ counts: [ServiceActivity], recent: [RecentView], items: [CatalogItem?]) -> Activity {
        var byService: [String: ServiceActivityView] = [:]
        var first: Int64?
        var last: Int64?
        for count in counts {
            var summary = byService[count.source] ?? ServiceActivityView(service: count.source, events: 0, views: 0, lastSeen: ISOTimestamp.string(count.last))
            summary.events += count.count
            if count.type == "page" || count.type == "screen" { summary.views += count.count }
            if ISOTimestamp.string(count.last) > summary.lastSeen { summary.lastSeen = ISOTimestamp.string(count.last) }
            byService[count.source] = summary
            first = min(first ?? count.first, count.first)
            last = max(last ?? count.last, count.last)
        }
        var recentItems: [RecentItem] = []
        var tags: [String: Int] = [:]
        var seen = Set<String>()
        for (view, item) in zip(recent, items) {
            guard let item else { continue }
            for tag in item.tags { tags[tag, default: 0] += 1 }
            if recentItems.count < 10, seen.insert(item.id).inserted {
                recentItems.append(RecentItem(id: item.id, title: item.title, service: item.service, viewedAt: ISOTimestamp.string(view.occurredAt)))
            }
        }
        let services = byService.values.sorted { $0.service < $1.service }
        return Activity(
            events: services.reduce(0) { $0 + $1.events }, views: services.reduce(0) { $0 + $1.views }, firstSeen: first.map(ISOTimestamp.string),
            lastSeen: last.map(ISOTimestamp.string), byService: services, recentItems: recentItems,
            topTags: tags.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map { TagCount(tag: $0.key, views: $0.value) })
    }
}
