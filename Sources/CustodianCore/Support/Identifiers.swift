import Crypto
import Foundation

/// Random identifiers and secrets.
public enum Identifiers {
    /// A new random identifier: 128 bits, lower-case UUID text.
    public static func make() -> String {
        UUID().uuidString.lowercased()
    }

    /// `count` bytes from the system's cryptographically secure generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        // Drawing byte by byte from SystemRandomNumberGenerator cost a system call per few bytes.
        guard count > 0 else { return [] }
        return RandomPool.shared.bytes(count)
    }

    /// URL-safe base64 without padding, for tokens that travel in headers and URLs.
    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a secret, for storing tokens and API keys hashed.
    public static func secretDigest(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(secret.utf8)))
    }
}
