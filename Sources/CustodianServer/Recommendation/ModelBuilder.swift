import CustodianCore
import CustodianStore
import Foundation

/// Builds the co-visitation model from the store: the catalogue, then every stored view of a
/// person whose consent allows personalisation (asked of the gate from their ledger), not a
/// bot's, that names a catalogue item.
public struct ModelBuilder: Sendable {
    let catalog: CatalogStore
    let events: EventStore
    let ledger: ConsentLedgerStore
    let gate: PersonalisationGate
    let settings: CoVisitationSettings

    public init(repositories: Repositories, gate: PersonalisationGate, settings: CoVisitationSettings) {
        self.catalog = repositories.catalog
        self.events = repositories.events
        self.ledger = repositories.consentLedger
        self.gate = gate
        self.settings = settings
    }

    /// What the store holds for the model: the catalogue and the eligible views received before
    /// `receivedBefore`, in time order.
    public struct Snapshot: Sendable {
        public var catalog: ItemIndex
        public var views: [ItemView]
        /// Stored page and screen events of people read (before eligibility and mapping).
        public var eventsRead: Int
    }

    /// Reads what the model learns from. Memory: one page of rows at a time, plus 32 bytes per
    /// eligible view and each person's id once.
    public func snapshot(receivedBefore: Int64) async throws -> Snapshot {
        var index = ItemIndex()
        for item in try await catalog.all() { index.upsert(item) }
        let (allowedByDefault, decided) = try await gate.eligibility(ledger)
        var views: [ItemView] = []
        var read = 0
        // One String per person, shared by all their views, instead of one per row read.
        var people: [String: String] = [:]
        let catalogIndex = index
        try await events.forEachView(receivedBefore: receivedBefore) { page in
            read += page.count
            for row in page {
                guard decided[row.person] ?? allowedByDefault,
                      let reference = ViewMapping.reference(type: row.type, url: row.url, properties: row.properties, bot: false),
                      let item = catalogIndex.resolve(reference)
                else { continue }
                let person: String
                if let known = people[row.person] {
                    person = known
                } else {
                    person = row.person
                    people[row.person] = person
                }
                views.append(ItemView(person: person, item: item, at: row.occurredAt))
            }
        }
        views.sort { ($0.at, $0.person, $0.item) < ($1.at, $1.person, $1.item) }
        return Snapshot(catalog: index, views: views, eventsRead: read)
    }

    /// A model learned from everything received before `watermark`, weights measured from it.
    public func build(watermark: Int64) async throws -> (model: CoVisitationModel, snapshot: Snapshot) {
        let snapshot = try await snapshot(receivedBefore: watermark)
        var model = CoVisitationModel(settings: settings, catalog: snapshot.catalog, origin: watermark)
        // Already in time order.
        for view in snapshot.views { model.record(person: view.person, item: view.item, at: view.at) }
        return (model, Snapshot(catalog: snapshot.catalog, views: [], eventsRead: snapshot.eventsRead))
    }
}
