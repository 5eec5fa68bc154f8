import Crypto
import Foundation

/// Keyed, deterministic digests for exact-match lookup of sealed values (email, phone, device id)
/// without storing the values in the clear.
public struct BlindIndex: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// The digest of `value` in lookup space `kind`; callers normalise `value` first.
    public func digest(kind: String, value: String) -> [UInt8] {
        var message = Array(kind.utf8)
        message.append(0)
        message.append(contentsOf: value.utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
    }
}
