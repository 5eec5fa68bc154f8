import HummingbirdBcrypt
import NIOPosix

/// bcrypt on a thread pool, never on an event loop (a hash at cost 12 takes a quarter second).
struct PasswordHasher: Sendable {
    let cost: UInt8
    /// A hash of a random password at the same cost, verified against when there is no account,
    /// so an unknown email takes as long to refuse as a wrong password.
    let decoy: String

    init(cost: UInt8) {
        self.cost = cost
        // A well-formed hash at the same cost: verifying against it costs a real bcrypt run. What
        // it hashes does not matter (a match against the decoy is never accepted), so it is built
        // rather than computed — computing one took a fifth of a second at every start.
        self.decoy = "$2b$" + (cost < 10 ? "0" : "") + String(cost) + "$" + String(repeating: "N", count: 53)
    }

    func hash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { [cost] in Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let target = hash ?? decoy
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}
