import Foundation

/// An item-to-item co-visitation model: "people who viewed this also viewed …", weighted by how
/// recently, with a popularity ranking for people it knows nothing about.
///
/// Pure and synchronous: the server keeps one behind a lock, feeds it views as they are
/// collected and rebuilds it from the store at start-up; the evaluation command trains one on
/// the earlier part of the stored events. What it learns (``record(person:item:at:)``):
/// - the item's popularity grows by the view's weight;
/// - every other item the person viewed within ``CoVisitationSettings/windowMillis`` of this view
///   becomes a neighbour of this item, and this item of it, by the same weight;
/// - seeing the same item again within the window adds nothing (a reload is not a second vote).
///
/// Weights decay exponentially with ``CoVisitationSettings/halfLifeMillis``. Instead of decaying
/// every stored weight as time passes, a view at time `t` is added with weight
/// `2^((t − origin) / halfLife)`: later views weigh more, and because every weight is in the same
/// frame, comparing two of them compares their decayed values. When the exponent grows large the
/// whole model is rescaled and `origin` moves forward (``rescale(to:)``), so the values stay in
/// `Float` range; weights that fall below it vanish, which is the decay doing its job.
///
/// Memory is bounded (``CoVisitationSettings/memoryBound(items:)``): neighbour lists are pruned to
/// the strongest ``CoVisitationSettings/neighboursPerItem``, each person's history to their
/// latest ``CoVisitationSettings/historyPerPerson`` distinct items, and the number of people to
/// ``CoVisitationSettings/maxPeople`` (the least recently active are forgotten first).
public struct CoVisitationModel: Sendable {
    public let settings: CoVisitationSettings
    /// The catalogue items the model can recommend.
    public private(set) var catalog: ItemIndex
    /// Neighbours of each item, by item index.
    var neighbours: [[Neighbour]] = []
    /// Decayed view counts, by item index.
    var popularity: [Float] = []
    /// Person id → slot in `histories`.
    var slots: [String: UInt32] = [:]
    var histories: [PersonHistory] = []
    var freeSlots: [UInt32] = []
    /// The time a view weighs 1 at (ms since the epoch).
    public private(set) var origin: Int64
    /// Views that taught the model something (not repeats within the window).
    public private(set) var viewsLearned = 0
    /// Co-visited pairs added (each counted once, not once per direction).
    public private(set) var pairsLearned = 0

    struct Neighbour: Sendable {
        var item: UInt32
        var weight: Float
    }

    /// One remembered view: the item and when the person last viewed it.
    public struct SeenItem: Sendable, Equatable {
        public var item: UInt32
        public var at: Int64
    }

    struct PersonHistory: Sendable {
        var person: String
        var views: [SeenItem]
        var lastAt: Int64
    }

    /// An empty model over `catalog`, with weights measured from `origin` (ms since the epoch).
    public init(settings: CoVisitationSettings = CoVisitationSettings(), catalog: ItemIndex = ItemIndex(), origin: Int64) {
        self.settings = settings
        self.catalog = catalog
        self.origin = origin
        grow()
    }

    /// Exponents above this rescale the model: 2^64 leaves `Float` (max ~2^128) ample headroom
    /// for sums of many views.
    static let rescaleExponent = 64.0

    // MARK: - Catalogue

    /// Adds or replaces a catalogue item.
    @discardableResult
    public mutating func upsert(_ item: CatalogItem) -> UInt32 {
        let index = catalog.upsert(item)
        grow()
        return index
    }

    /// Removes a catalogue item: it is never recommended again (until created anew).
    @discardableResult
    public mutating func remove(itemId: String) -> Bool {
        catalog.remove(id: itemId)
    }

    private mutating func grow() {
        let capacity = catalog.capacity
        if neighbours.count < capacity {
            neighbours.append(contentsOf: repeatElement([], count: capacity - neighbours.count))
            popularity.append(contentsOf: repeatElement(0, count: capacity - popularity.count))
        }
    }

    // MARK: - Learning

    /// Learns that `person` viewed the item at `item` at `at` (ms since the epoch).
    /// - Returns: whether the view taught anything (false for a repeat within the window or an
    ///   item that is not live).
    @discardableResult
    public mutating func record(person: String, item: UInt32, at: Int64) -> Bool {
        guard catalog[item] != nil else { return false }
        let slot = slotFor(person)
        let window = settings.windowMillis
        let existing = histories[Int(slot)].views.firstIndex { $0.item == item }
        if let existing, abs(histories[Int(slot)].views[existing].at - at) <= window {
            histories[Int(slot)].views[existing].at = max(histories[Int(slot)].views[existing].at, at)
            histories[Int(slot)].lastAt = max(histories[Int(slot)].lastAt, at)
            return false
        }
        let w = weight(at: at)
        if w > 0 {
            popularity[Int(item)] += w
            for seen in histories[Int(slot)].views where seen.item != item && abs(seen.at - at) <= window {
                addNeighbour(of: seen.item, item, w)
                addNeighbour(of: item, seen.item, w)
                pairsLearned += 1
            }
        }
        if let existing {
            histories[Int(slot)].views[existing].at = at
        } else {
            if histories[Int(slot)].views.count >= settings.historyPerPerson, let oldest = oldestView(in: slot) {
                histories[Int(slot)].views.remove(at: oldest)
            }
            histories[Int(slot)].views.append(SeenItem(item: item, at: at))
        }
        histories[Int(slot)].lastAt = max(histories[Int(slot)].lastAt, at)
        viewsLearned += 1
        if slots.count > settings.maxPeople { forgetLeastRecentlyActive() }
        return true
    }

    /// Forgets `person`'s history: they no longer seed recommendations or form new pairs. What
    /// their earlier views added to items' neighbours stays until the model is rebuilt without them.
    public mutating func forget(person: String) {
        guard let slot = slots.removeValue(forKey: person) else { return }
        histories[Int(slot)] = PersonHistory(person: "", views: [], lastAt: 0)
        freeSlots.append(slot)
    }

    /// What the model remembers `person` viewing, latest first.
    public func history(of person: String) -> [SeenItem] {
        guard let slot = slots[person] else { return [] }
        return histories[Int(slot)].views.sorted { ($0.at, $1.item) > ($1.at, $0.item) }
    }

    /// How many people the model remembers.
    public var peopleCount: Int { slots.count }

    /// The weight of a view at `at` in the current frame; rescales first when `at` is far ahead.
    mutating func weight(at: Int64) -> Float {
        var exponent = Double(at - origin) / Double(settings.halfLifeMillis)
        if exponent > Self.rescaleExponent {
            rescale(to: at)
            exponent = Double(at - origin) / Double(settings.halfLifeMillis)
        }
        return Float(exp2(exponent))
    }

    /// Moves `origin` forward by whole half-lives to about `time`, dividing every weight by the
    /// same power of two, so that comparisons are unchanged and values stay in range.
    mutating func rescale(to time: Int64) {
        let halvings = (Double(time - origin) / Double(settings.halfLifeMillis)).rounded(.down)
        guard halvings >= 1 else { return }
        let factor = Float(exp2(-halvings))
        for index in popularity.indices { popularity[index] *= factor }
        for item in neighbours.indices {
            for position in neighbours[item].indices { neighbours[item][position].weight *= factor }
            neighbours[item].removeAll { $0.weight == 0 }
        }
        origin += Int64(halvings) * settings.halfLifeMillis
    }

    private mutating func addNeighbour(of item: UInt32, _ other: UInt32, _ w: Float) {
        let index = Int(item)
        if let position = neighbours[index].firstIndex(where: { $0.item == other }) {
            neighbours[index][position].weight += w
            return
        }
        neighbours[index].append(Neighbour(item: other, weight: w))
        if neighbours[index].count >= 2 * settings.neighboursPerItem {
            neighbours[index].sort { ($0.weight, $1.item) > ($1.weight, $0.item) }
            neighbours[index].removeLast(neighbours[index].count - settings.neighboursPerItem)
        }
    }

    private mutating func slotFor(_ person: String) -> UInt32 {
        if let slot = slots[person] { return slot }
        let slot: UInt32
        if let free = freeSlots.popLast() {
            slot = free
            histories[Int(slot)] = PersonHistory(person: person, views: [], lastAt: 0)
        } else {
            slot = UInt32(histories.count)
            histories.append(PersonHistory(person: person, views: [], lastAt: 0))
        }
        slots[person] = slot
        return slot
    }

    private func oldestView(in slot: UInt32) -> Int? {
        let views = histories[Int(slot)].views
        return views.indices.min { (views[$0].at, views[$0].item) < (views[$1].at, views[$1].item) }
    }

    /// Forgets the least recently active tenth of the people, so that the next many newcomers
    /// cost no further eviction.
    private mutating func forgetLeastRecentlyActive() {
        let ordered = slots.values.sorted { (histories[Int($0)].lastAt, $0) < (histories[Int($1)].lastAt, $1) }
        for slot in ordered.prefix(max(1, settings.maxPeople / 10)) { forget(person: histories[Int(slot)].person) }
    }
}
