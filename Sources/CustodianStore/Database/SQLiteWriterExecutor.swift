import Dispatch
import Foundation
import GRDB
import Synchronization

/// GRDB's writer connection, held by one long-running block on GRDB's writer queue, running the
/// statements of SQLite write transactions — and, as a Swift `TaskExecutor`, the async code of
/// the transactions themselves.
///
/// A write transaction used to send each statement to GRDB's writer queue and wait for it to come
/// back: six hops (and thread wake-ups) for a consent write with its audit entry. Here the
/// transaction's body runs on the writer thread with this executor as its preference, so its
/// statements execute back to back where they are, and the only hops left are into the
/// transaction and out of it (and around any suspension the body makes itself).
///
/// SQLite work stays off the cooperative pool and off event loops: it runs on this one thread,
/// which GRDB owns and which would be SQLite's writer anyway.
final class SQLiteWriterExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `database` and `thread` are written once, by the run loop before `start`
    // returns (the semaphore orders the write before every read); every other piece of state is
    // inside the Mutex.

    private enum Work {
        case job(UnownedJob)
        case closure(@Sendable () -> Void)
    }

    private struct State {
        var queue: [Work] = []
        var head = 0
        var stopping = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private var database: Database?
    private var thread: pthread_t?

    /// Takes GRDB's writer connection for as long as this executor runs.
    init(pool: DatabasePool) {
        let started = DispatchSemaphore(value: 0)
        pool.asyncWriteWithoutTransaction { [self] db in
            database = db
            thread = pthread_self()
            started.signal()
            runLoop()
            // Leaving the block hands the connection back to GRDB, which can then close it.
            database = nil
            stopped.signal()
        }
        started.wait()
    }

    /// The writer connection, when called on the writer thread; nil anywhere else.
    var currentDatabase: Database? {
        guard let thread, pthread_equal(thread, pthread_self()) != 0 else { return nil }
        return database
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
                guard let db = database else {
                    continuation.resume(throwing: StoreError.unavailable("the SQLite writer has stopped"))
                    return
                }
                continuation.resume(with: Result { try work(db) })
            })
        }
    }

    /// Finishes what is queued, then gives the connection back to GRDB. Waits for that, unless
    /// called on the writer thread itself (the loop then ends after the current job).
    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        available.signal()
        if currentDatabase == nil { stopped.wait() }
    }

    private func push(_ work: Work) {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.queue.append(work)
            return true
        }
        if accepted {
            available.signal()
        } else if case .closure(let closure) = work {
            // After stop the closure still runs, finds no connection and answers with an error.
            closure()
        } else if case .job(let job) = work {
            // A task that prefers this executor after it stopped goes on on the global pool.
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    private func runLoop() {
        let me = asUnownedTaskExecutor()
        while true {
            available.wait()
            let next = state.withLock { state -> Work?? in
                if state.head < state.queue.count {
                    let work = state.queue[state.head]
                    state.head += 1
                    if state.head == state.queue.count {
                        state.queue.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    return .some(work)
                }
                return state.stopping ? .none : .some(nil)
            }
            guard let next else { return }
            switch next {
            case .job(let job)?: job.runSynchronously(on: me)
            case .closure(let closure)?: closure()
            case nil: continue
            }
        }
    }
}
