import CustodianCore
import Foundation
import Synchronization

/// The process's co-visitation model behind a lock: learning, serving and catalogue changes
/// each hold it for a short, bounded time (a few hundred views at a time, one list, one item).
///
/// While the model is rebuilt from the store, views learned live are also kept aside
/// (``beginRebuild(watermark:)``) and replayed into the rebuilt model before it replaces this one,
/// so that nothing collected during the rebuild is lost.
final class LiveModel: Sendable {
    struct State {
        var model: CoVisitationModel
        /// False until the first build from the store has finished.
        var ready = false
        /// Popularity rankings by service ("" for all), recomputed at most once a second.
        var popular: [String: (ranking: [UInt32], at: ContinuousClock.Instant)] = [:]
        /// While a rebuild runs: views received at or after its watermark, learned live.
        var replay: [ItemView]?
        var replayWatermark: Int64 = 0
        var replayOverflow = false
        /// While a rebuild runs: catalogue changes made through this process, to apply again.
        var catalogChanges: [CatalogChange] = []
    }

    enum CatalogChange {
        case upsert(CatalogItem)
        case remove(String)
    }

    let state: Mutex<State>
    let settings: CoVisitationSettings
    /// Views kept for replay while a rebuild runs; beyond it the rebuild is abandoned.
    let replayCapacity: Int
    /// The popularity ranking's length: enough to fill any list after leaving out a full history.
    var rankingLength: Int { 100 + settings.historyPerPerson }

    init(settings: CoVisitationSettings, now: Int64, replayCapacity: Int = 2_000_000) {
        self.settings = settings
        self.replayCapacity = replayCapacity
        self.state = Mutex(State(model: CoVisitationModel(settings: settings, origin: now)))
    }

    var isReady: Bool { state.withLock { $0.ready } }

    /// Learns views whose item is named by `reference`; returns how many taught the model something.
    func learn(_ views: [(person: String, reference: ItemReference, at: Int64, receivedAt: Int64)]) -> Int {
        state.withLock { state in
            var learned = 0
            for view in views {
                guard let item = state.model.catalog.resolve(view.reference) else { continue }
                if state.model.record(person: view.person, item: item, at: view.at) { learned += 1 }
                if let kept = state.replay?.count, view.receivedAt >= state.replayWatermark {
                    if kept < replayCapacity {
                        state.replay?.append(ItemView(person: view.person, item: item, at: view.at))
                    } else {
                        state.replayOverflow = true
                    }
                }
            }
            return learned
        }
    }

    /// Forgets a person who may no longer be personalised (opted out, erased).
    func forget(_ person: String) {
        state.withLock { $0.model.forget(person: person) }
    }

    /// A list for `person`; the popularity ranking is cached per service for a second.
    func recommend(person: String, service: String?, limit: Int, mode: RecommendationMode) -> (RecommendationList, [CatalogItem?]) {
        state.withLock { state in
            let key = service ?? ""
            let now = ContinuousClock.now
            let ranking: [UInt32]
            if let cached = state.popular[key], now - cached.at < .seconds(1) {
                ranking = cached.ranking
            } else {
                ranking = state.model.topPopular(service: service, count: rankingLength)
                if state.popular.count > 1_000 { state.popular.removeAll() }
                state.popular[key] = (ranking, now)
            }
            let list = state.model.recommend(person: person, service: service, limit: limit, mode: mode, popular: ranking)
            return (list, list.items.map { state.model.catalog[$0.item] })
        }
    }

    /// The items `person`'s remembered views name, latest first (for tests and diagnostics).
    func history(of person: String) -> [String] {
        state.withLock { state in state.model.history(of: person).compactMap { state.model.catalog[$0.item]?.id } }
    }

    /// A catalogue item was created or changed.
    func upsert(_ item: CatalogItem) {
        state.withLock { state in
            state.model.upsert(item)
            state.popular.removeAll()
            if state.replay != nil { state.catalogChanges.append(.upsert(item)) }
        }
    }

    /// A catalogue item was deleted.
    func remove(itemId: String) {
        state.withLock { state in
            state.model.remove(itemId: itemId)
            state.popular.removeAll()
            if state.replay != nil { state.catalogChanges.append(.remove(itemId)) }
        }
    }

    /// The live item with `id`, if the model knows it.
    func item(_ id: String) -> CatalogItem? {
        state.withLock { state in state.model.catalog.resolve(.id(id)).flatMap { state.model.catalog[$0] } }
    }

    /// The live items references name (the profile's recent views), nil where none.
    func items(_ references: [ItemReference?]) -> [CatalogItem?] {
        state.withLock { state in
            references.map { reference in reference.flatMap { state.model.catalog.resolve($0) }.flatMap { state.model.catalog[$0] } }
        }
    }

    /// Starts keeping live views received at or after `watermark` for replay.
    func beginRebuild(watermark: Int64) {
        state.withLock { state in
            state.replay = []
            state.replayWatermark = watermark
            state.replayOverflow = false
            state.catalogChanges = []
        }
    }

    /// Replaces the model with `rebuilt` after replaying the views learned live since the rebuild
    /// began. Returns false (keeping the current model) when the replay buffer overflowed.
    @discardableResult
    func finishRebuild(_ rebuilt: CoVisitationModel) -> Bool {
        state.withLock { state in
            defer {
                state.replay = nil
                state.replayOverflow = false
                state.catalogChanges = []
            }
            guard !state.replayOverflow else { return false }
            var model = rebuilt
            // The rebuild read the catalogue when it began; changes made through this process
            // since then are applied again, in order.
            for change in state.catalogChanges {
                switch change {
                case .upsert(let item): model.upsert(item)
                case .remove(let id): model.remove(itemId: id)
                }
            }
            for view in state.replay ?? [] {
                guard let item = state.model.catalog[view.item], let index = model.catalog.resolve(.id(item.id)) else { continue }
                model.record(person: view.person, item: index, at: view.at)
            }
            state.model = model
            state.ready = true
            state.popular.removeAll()
            return true
        }
    }

    /// Ends a rebuild that failed: the live model, which learned everything meanwhile, keeps
    /// serving (at start-up an empty one, so everyone gets the popular list: none yet).
    func abandonRebuild() {
        state.withLock { state in
            state.replay = nil
            state.replayOverflow = false
            state.catalogChanges = []
            state.ready = true
        }
    }

    /// Figures for metrics and logs.
    func figures() -> (items: Int, people: Int, viewsLearned: Int) {
        state.withLock { ($0.model.catalog.count, $0.model.peopleCount, $0.model.viewsLearned) }
    }
}
