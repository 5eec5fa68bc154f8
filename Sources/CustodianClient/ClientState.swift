import Foundation

/// What the client keeps between launches besides the queue: its ids, the signed-in person and
/// the person's choices. Written atomically to `state.json` in the queue folder.
struct ClientState: Codable, Equatable {
    /// Stands for the person before (and besides) sign-in; lasts until ``CustodianClient/reset()``.
    var anonymousId: String
    /// The device id made by the client, used when the app gives none.
    var deviceId: String
    /// The Custodian person id given to ``CustodianClient/identify(userId:traits:)``.
    var userId: String?
    var consent: Consent

    static func load(from url: URL) -> ClientState? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(ClientState.self, from: data)
    }

    func save(to url: URL) throws {
        try JSONEncoder().encode(self).write(to: url, options: .atomic)
    }

    static func newId() -> String {
        UUID().uuidString.lowercased()
    }
}

/// The periodic flush task. A nonisolated initialiser may start it after `self` has escaped and
/// `deinit` may stop it, so it lives outside the actor's isolated state.
final class LoopHandle: @unchecked Sendable {
    // @unchecked: `task` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    func start(_ task: Task<Void, Never>) {
        lock.lock()
        defer { lock.unlock() }
        self.task?.cancel()
        self.task = task
    }

    func cancel() {
        lock.lock()
        defer { lock.unlock() }
        task?.cancel()
        task = nil
    }
}
