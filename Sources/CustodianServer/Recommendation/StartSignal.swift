import Foundation
import Synchronization

/// A one-shot signal: tasks wait until it fires once (the store is migrated and ready).
final class StartSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [(id: UUID, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``fire()`` has been called, at once if it was, or when the task is cancelled
    /// (check `Task.isCancelled` afterwards): a start-up that fails before the store is ready
    /// must not leave a service waiting for ever, holding up the shutdown.
    func wait() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.fired || Task.isCancelled { return true }
                    state.waiters.append((id, continuation))
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }
}
