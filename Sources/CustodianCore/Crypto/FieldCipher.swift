import Crypto
import Foundation

/// Seals and opens personal-data values with AES-256-GCM.
///
/// The associated data binds a ciphertext to the person and the field it was written for, so a
/// sealed value copied to another person or another field fails to open instead of being
/// silently misattributed.
public enum FieldCipher {
    /// The format version written as the first byte of every sealed value.
    public static let version: UInt8 = 1
    static let nonceSize = 12
    static let tagSize = 16

    /// Errors opening a sealed value; deliberately carry no plaintext or key material.
    public enum OpenError: Error, Equatable, Sendable {
        case malformed
        case unsupportedVersion(UInt8)
        case authenticationFailed
    }

    /// The associated data for a field of a person.
    public static func associatedData(subject: String, field: String) -> [UInt8] {
        // Length-prefixed so that ("ab", "c") and ("a", "bc") never collide. Built in one buffer:
        // this runs on every seal and open.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.count + 8 + subject.utf8.count + field.utf8.count)
        bytes.append(contentsOf: label)
        for part in [subject, field] {
            let count = UInt32(part.utf8.count)
            bytes.append(UInt8(truncatingIfNeeded: count >> 24))
            bytes.append(UInt8(truncatingIfNeeded: count >> 16))
            bytes.append(UInt8(truncatingIfNeeded: count >> 8))
            bytes.append(UInt8(truncatingIfNeeded: count))
            bytes.append(contentsOf: part.utf8)
        }
        return bytes
    }

    private static let label: [UInt8] = Array("custodian/field/v1".utf8)

    /// Seals `plaintext` for `subject`'s `field`: `version ‖ nonce ‖ ciphertext ‖ tag`.
    public static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, subject: String, field: String) -> [UInt8] {
        let aad = associatedData(subject: subject, field: field)
        // AES.GCM.seal only throws for invalid key sizes; our keys are always 256-bit.
        // Nonces come from a pooled block of kernel randomness: one system call per ~340 seals.
        guard let nonce = try? AES.GCM.Nonce(data: RandomPool.shared.bytes(nonceSize)),
              let box = try? AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
        else {
            preconditionFailure("AES-GCM sealing failed with a 256-bit key")
        }
        // `combined` is nonce ‖ ciphertext ‖ tag already (12-byte nonce).
        var out: [UInt8] = []
        out.reserveCapacity(1 + nonceSize + plaintext.count + tagSize)
        out.append(version)
        guard let combined = box.combined else { preconditionFailure("AES-GCM with a 12-byte nonce has a combined form") }
        out.append(contentsOf: combined)
        return out
    }

    /// Opens a value sealed by ``seal(_:key:subject:field:)`` for the same subject and field.
    public static func open(_ sealed: [UInt8], key: SymmetricKey, subject: String, field: String) throws(OpenError) -> [UInt8] {
        guard sealed.count >= 1 + nonceSize + tagSize else { throw .malformed }
        guard sealed[0] == version else { throw .unsupportedVersion(sealed[0]) }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed[1...])
            let aad = associatedData(subject: subject, field: field)
            return Array(try AES.GCM.open(box, using: key, authenticating: aad))
        } catch {
            throw .authenticationFailed
        }
    }
}
