import CustodianStore
import Synchronization

/// Which service ids are registered, remembered once seen: services are never removed, so a
/// positive answer stays true and the recommendation path asks the database only for ids it has
/// not met (a caller's mistake, answered 422).
final class KnownServices: Sendable {
    let registry: ServiceRegistry
    private let known = Mutex<Set<String>>([])

    init(registry: ServiceRegistry) {
        self.registry = registry
    }

    func exists(_ id: String) async throws -> Bool {
        if known.withLock({ $0.contains(id) }) { return true }
        guard try await registry.find(id: id) != nil else { return false }
        known.withLock { known in
            if known.count > 10_000 { known.removeAll() }
            known.insert(id)
        }
        return true
    }
}
