import Dispatch
import Foundation
import GRDB
import Synchronization

/// GRDB's writer connection, held by a block on GRDB's writer queue while there is work, running
/// the statements of SQLite write transactions — and, as a Swift `TaskExecutor`, the async code of
/// the transactions themselves.
///
/// A write transaction used to send each statement to GRDB's writer queue and wait for it to come
/// back: six hops (and thread wake-ups) for a consent write with its audit entry. Here the
/// transaction's body runs on the writer thread with this executor as its preference, so its
/// statements execute back to back where they are, and the only hops left are into the
/// transaction and out of it (and around any suspension the body makes itself).
///
/// The block drains what is queued, waits a moment for more (a burst of transactions stays on one
/// warm thread), then gives the queue back. An earlier version kept the block running for the
/// database's whole life: every open database then held a Dispatch worker thread, and a test run
/// that opened a few hundred exhausted Dispatch's pool (255 threads) and stopped dead.
///
/// SQLite work stays off the cooperative pool and off event loops: it runs on GRDB's writer queue,
/// which would be SQLite's writer anyway.
final class SQLiteWriterExecutor: TaskExecutor, Sendable {
    private enum Work {
        case job(UnownedJob)
        case closure(@Sendable () -> Void)
    }

    private enum Step {
        case work(Work)
        case linger
        case exit
    }

    private struct State {
        var queue: [Work] = []
        var head = 0
        /// A drain block is on GRDB's writer queue (queued or running).
        var draining = false
        /// The drain block is waiting for more work; a push wakes it.
        var lingering = false
        var stopping = false
        /// The running drain's thread and connection.
        var thread: pthread_t?
        var database: UnsafeTransfer<Database>?
    }

    /// How long a drain waits for more work before it gives the writer queue back.
    private static let linger: DispatchTimeInterval = .microseconds(500)

    private let state = Mutex(State())
    private let pool: DatabasePool
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// The writer connection, when called from the running drain; nil anywhere else.
    var currentDatabase: Database? {
        let me = pthread_self()
        return state.withLock { state in
            guard let thread = state.thread, pthread_equal(thread, me) != 0 else { return nil }
            return state.database?.value
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        push(.job(UnownedJob(job)))
    }

    /// Runs `work` on the writer connection: at once when already on the writer thread, else
    /// after one hop to it.
    func run<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        if let db = currentDatabase { return try work(db) }
        return try await withCheckedThrowingContinuation { continuation in
            push(.closure { [self] in
                guard let db = currentDatabase else {
                    continuation.resume(throwing: StoreError.unavailable("the SQLite writer has stopped"))
                    return
                }
                continuation.resume(with: Result { try work(db) })
            })
        }
    }

    /// Refuses new work, lets the running drain finish what is queued, and waits for it to give
    /// the writer queue back (unless called from the drain itself).
    func stop() {
        let (wait, signal) = state.withLock { state -> (Bool, Bool) in
            guard !state.stopping else { return (false, false) }
            state.stopping = true
            let signal = state.lingering
            state.lingering = false
            return (state.draining, signal)
        }
        if signal { wake.signal() }
        if wait, currentDatabase == nil { stopped.wait() }
    }

    private func push(_ work: Work) {
        let (accepted, start, signal) = state.withLock { state -> (Bool, Bool, Bool) in
            guard !state.stopping else { return (false, false, false) }
            state.queue.append(work)
            if !state.draining {
                state.draining = true
                return (true, true, false)
            }
            let signal = state.lingering
            state.lingering = false
            return (true, false, signal)
        }
        if start {
            pool.asyncWriteWithoutTransaction { [self] db in drain(db) }
        } else if signal {
            wake.signal()
        } else if !accepted {
            switch work {
            case .closure(let closure):
                // After stop the closure still runs, finds no connection and answers with an error.
                closure()
            case .job(let job):
                // A task that prefers this executor after it stopped goes on on the global pool.
                globalConcurrentExecutor.enqueue(ExecutorJob(job))
            }
        }
    }

    private func drain(_ db: Database) {
        let me = asUnownedTaskExecutor()
        let thread = pthread_self()
        state.withLock { state in
            state.thread = thread
            state.database = UnsafeTransfer(db)
        }
        var lingered = false
        while true {
            let step = state.withLock { state -> Step in
                if state.head < state.queue.count {
                    let work = state.queue[state.head]
                    state.head += 1
                    if state.head == state.queue.count {
                        state.queue.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    return .work(work)
                }
                if !lingered, !state.stopping {
                    state.lingering = true
                    return .linger
                }
                // Give the queue back; the next push starts another drain.
                state.draining = false
                state.lingering = false
                state.thread = nil
                state.database = nil
                return .exit
            }
            switch step {
            case .work(.job(let job)):
                lingered = false
                job.runSynchronously(on: me)
            case .work(.closure(let closure)):
                lingered = false
                closure()
            case .linger:
                // A push or stop that finds us lingering clears the flag and signals; a wake-up
                // left over from a push that came just after the timeout only costs a look.
                _ = wake.wait(timeout: .now() + Self.linger)
                state.withLock { $0.lingering = false }
                lingered = true
            case .exit:
                if state.withLock({ $0.stopping }) { stopped.signal() }
                return
            }
        }
    }
}

/// A non-Sendable value handed between threads under a lock that orders every use.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
