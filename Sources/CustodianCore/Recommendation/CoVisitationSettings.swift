/// The knobs of the co-visitation model, with the bounds that keep its memory stated.
public struct CoVisitationSettings: Sendable, Equatable {
    /// A view's weight halves every `halfLifeMillis`: last week's co-visits count more than last
    /// season's.
    public var halfLifeMillis: Int64
    /// Two items are co-visited when one person views both within this time of each other.
    public var windowMillis: Int64
    /// Neighbours kept per item: the strongest this many survive each pruning (a list is pruned
    /// when it reaches twice this).
    public var neighboursPerItem: Int
    /// Distinct items remembered per person: their seeds, and what is not recommended to them again.
    public var historyPerPerson: Int
    /// People remembered; beyond this the least recently active tenth is forgotten.
    public var maxPeople: Int
    /// The person's most recent items that recommendations start from.
    public var seedsPerRequest: Int

    public init(
        halfLifeMillis: Int64 = 14 * 86_400_000, windowMillis: Int64 = 3_600_000, neighboursPerItem: Int = 48,
        historyPerPerson: Int = 64, maxPeople: Int = 200_000, seedsPerRequest: Int = 20
    ) {
        self.halfLifeMillis = max(60_000, halfLifeMillis)
        self.windowMillis = max(1_000, windowMillis)
        self.neighboursPerItem = max(4, neighboursPerItem)
        self.historyPerPerson = max(4, historyPerPerson)
        self.maxPeople = max(10, maxPeople)
        self.seedsPerRequest = max(1, seedsPerRequest)
    }

    /// The most memory the model's own structures take, in bytes, for `items` catalogue items:
    /// each neighbour is 8 bytes (index and weight) and a list holds up to twice
    /// `neighboursPerItem` between prunings; each remembered view is 16 bytes, plus the person's
    /// id (~48 bytes with its dictionary slot). Swift's array headers add 32 bytes per list.
    public func memoryBound(items: Int) -> Int {
        let perItem = 2 * neighboursPerItem * 8 + 32 + 4
        let perPerson = historyPerPerson * 16 + 32 + 8 + 48 + 40
        return items * perItem + maxPeople * perPerson
    }
}
