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
        // Length-prefixed so that ("ab", "c") and ("a", "bc") never collide.
        var bytes: [UInt8] = Array("custodian/field/v1".utf8)
        for part in [subject, field] {
            let utf8 = Array(part.utf8)
            bytes.append(contentsOf: withUnsafeBytes(of: UInt32(utf8.count).bigEndian, Array.init))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// Seals `plaintext` for `subject`'s `field`: `version ‖ nonce ‖ ciphertext ‖ tag`.
    public static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, subject: String, field: String) -> [UInt8] {
        let aad = associatedData(subject: subject, field: field)
        // AES.GCM.seal only throws for invalid key sizes; our keys are always 256-bit.
        guard let box = try? AES.GCM.seal(plaintext, using: key, authenticating: aad) else {
            preconditionFailure("AES-GCM sealing failed with a 256-bit key")
        }
        var out: [UInt8] = [version]
        out.reserveCapacity(1 + nonceSize + plaintext.count + tagSize)
        out.append(contentsOf: box.nonce)
        out.append(contentsOf: box.ciphertext)
        out.append(contentsOf: box.tag)
        return out
    }

    /// Opens a value sealed by ``seal(_:key:subject:field:)`` for the same subject and field.
    public static func open(_ sealed: [UInt8], key: SymmetricKey, subject: String, field: String) throws(OpenError) -> [UInt8] {
        guard sealed.count >= 1 + nonceSize + tagSize else { throw .malformed }
        guard sealed[0] == version else { throw .unsupportedVersion(sealed[0]) }
        do {
            let nonce = try AES.GCM.Nonce(data: sealed[1..<(1 + nonceSize)])
            let box = try AES.GCM.SealedBox(
                nonce: nonce,
                ciphertext: sealed[(1 + nonceSize)..<(sealed.count - tagSize)],
                tag: sealed[(sealed.count - tagSize)...]
            )
            let aad = associatedData(subject: subject, field: field)
            return Array(try AES.GCM.open(box, using: key, authenticating: aad))
        } catch {
            throw .authenticationFailed
        }
    }
}
