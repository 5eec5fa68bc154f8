import Crypto

/// The one-time codes of step-up sign-in: six random digits, kept only as a keyed digest.
///
/// A six-digit code has a million values, so a plain hash would fall to a brute-force search
/// by anyone who read the database; the HMAC key lives in the keyring, wrapped by the master key.
public struct OneTimeCode: Sendable {
    /// Digits per code.
    public static let digits = 6
    let key: SymmetricKey

    /// Codes digested with a key derived from `secret` (the keyring's `sign-in-codes` secret).
    public init(secret: SymmetricKey) {
        self.key = HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, info: Array("custodian one-time code".utf8), outputByteCount: 32)
    }

    /// A fresh code, uniformly distributed (rejection sampling over 32-bit draws).
    public static func generate() -> String {
        let range: UInt32 = 1_000_000
        let limit = UInt32.max - UInt32.max % range
        while true {
            let bytes = Identifiers.randomBytes(4)
            let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard value < limit else { continue }
            let text = String(value % range)
            return String(repeating: "0", count: digits - text.count) + text
        }
    }

    /// The digest stored for `code` of challenge `challenge` (binding it to that challenge).
    public func digest(_ code: String, challenge: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array((challenge + "\u{0}" + code).utf8), using: key))
    }

    /// Whether `code` is the one whose digest is `stored`; compared in constant time.
    public func matches(_ code: String, challenge: String, stored: [UInt8]) -> Bool {
        let normalized = code.filter { !$0.isWhitespace && $0 != "-" }
        guard normalized.count == Self.digits, normalized.allSatisfy(\.isASCII), normalized.allSatisfy(\.isNumber) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(stored, authenticating: Array((challenge + "\u{0}" + normalized).utf8), using: key)
    }
}
