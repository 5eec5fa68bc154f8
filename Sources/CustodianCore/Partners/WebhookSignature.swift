import Crypto
import Foundation

/// Signs webhook deliveries: `Custodian-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, the MAC
/// taken over `"<t>.<body>"` with the partner's signing secret (its UTF-8 bytes, as shown once
/// at registration) as the key.
///
/// The timestamp inside the signed text lets receivers refuse replays older than a tolerance;
/// several `v1=` values may appear while a secret is being rotated (receivers accept any match).
public enum WebhookSignature {
    public static let header = "Custodian-Signature"

    /// The hex MAC of `body` at `timestamp`.
    public static func mac(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        var message = Array(String(timestamp).utf8)
        message.append(UInt8(ascii: "."))
        message += body
        let key = SymmetricKey(data: Array(secret.utf8))
        return Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: message, using: key)))
    }

    /// The header value for `body` signed at `timestamp` with each of `secrets`.
    public static func value(secrets: [String], timestamp: Int64, body: [UInt8]) -> String {
        (["t=\(timestamp)"] + secrets.map { "v1=" + mac(secret: $0, timestamp: timestamp, body: body) }).joined(separator: ",")
    }

    /// Why a signature is refused.
    public enum Failure: Error, Sendable, Equatable {
        case malformed
        case stale
        case mismatch
    }

    /// Verifies a header as a receiver would: the timestamp within `tolerance` seconds of `now`,
    /// and some `v1` equal (in constant time) to the MAC computed with `secret`.
    public static func verify(_ headerValue: String, body: [UInt8], secret: String, now: Int64, tolerance: Int64 = 300) -> Result<Void, Failure> {
        var timestamp: Int64?
        var candidates: [String] = []
        for part in headerValue.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return .failure(.malformed) }
            if pair[0] == "t" { timestamp = Int64(pair[1]) } else if pair[0] == "v1" { candidates.append(pair[1]) }
        }
        guard let timestamp, !candidates.isEmpty else { return .failure(.malformed) }
        guard abs(now - timestamp) <= tolerance else { return .failure(.stale) }
        let expected = Array(mac(secret: secret, timestamp: timestamp, body: body).utf8)
        for candidate in candidates where constantTimeEqual(Array(candidate.utf8), expected) { return .success(()) }
        return .failure(.mismatch)
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
