import Crypto
import Foundation

/// Wraps data keys with a master key (AES-256-GCM key wrapping with a purpose label).
public enum KeyWrap {
    /// Wraps `key` under `kek`, bound to `label` (for a person's key, their id).
    public static func wrap(_ key: SymmetricKey, with kek: SymmetricKey, label: String) -> [UInt8] {
        key.withUnsafeBytes { raw in
            FieldCipher.seal(Array(raw), key: kek, subject: label, field: "data-key")
        }
    }

    /// Unwraps a key wrapped by ``wrap(_:with:label:)``.
    public static func unwrap(_ wrapped: [UInt8], with kek: SymmetricKey, label: String) throws(FieldCipher.OpenError) -> SymmetricKey {
        let raw = try FieldCipher.open(wrapped, key: kek, subject: label, field: "data-key")
        guard raw.count == 32 else { throw .malformed }
        return SymmetricKey(data: raw)
    }

    /// A short, stable identifier of a key-encryption key, stored beside what it wrapped so a
    /// rotation can tell which master key a row still needs. Never reveals the key.
    public static func keyIdentifier(_ kek: SymmetricKey) -> String {
        let digest = kek.withUnsafeBytes { raw in
            SHA256.hash(data: Array("custodian/kek-id".utf8) + Array(raw))
        }
        return digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
