import Crypto
import Foundation

#if canImport(CCustodianCrypto)
import CCustodianCrypto
#endif

/// Seals and opens personal-data values with AES-256-GCM.
///
/// The associated data binds a ciphertext to the person and the field it was written for, so a
/// sealed value copied to another person or another field fails to open instead of being
/// silently misattributed. The format is `version ‖ nonce ‖ ciphertext ‖ tag`, the same bytes
/// swift-crypto's `AES.GCM` reads and writes (tests check both ways).
public enum FieldCipher {
    /// The format version written as the first byte of every sealed value.
    public static let version: UInt8 = 1
    static let nonceSize = 12
    static let tagSize = 16
    static let overhead = 1 + nonceSize + tagSize

    /// Errors opening a sealed value; deliberately carry no plaintext or key material.
    public enum OpenError: Error, Equatable, Sendable {
        case malformed
        case unsupportedVersion(UInt8)
        case authenticationFailed
    }

    private static let label: [UInt8] = Array("custodian/field/v1".utf8)

    /// The associated data for a field of a person.
    public static func associatedData(subject: String, field: String) -> [UInt8] {
        withAssociatedData(subject: subject, field: field) { Array($0) }
    }

    /// Calls `body` with the associated data for `subject`'s `field`, built in a temporary buffer:
    /// this runs on every seal and open. Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    static func withAssociatedData<R>(subject: String, field: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let subjectCount = subject.utf8.count
        let fieldCount = field.utf8.count
        let count = label.count + 8 + subjectCount + fieldCount
        return try withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { buffer in
            var offset = 0
            func put(_ bytes: some Sequence<UInt8>) {
                for byte in bytes {
                    buffer[offset] = byte
                    offset += 1
                }
            }
            func putLength(_ length: Int) {
                let value = UInt32(length)
                for shift in stride(from: UInt32(24), through: 0, by: -8) {
                    buffer[offset] = UInt8(truncatingIfNeeded: value >> shift)
                    offset += 1
                }
            }
            label.withUnsafeBytes { raw in
                buffer.baseAddress!.copyMemory(from: raw.baseAddress!, byteCount: raw.count)
                offset = raw.count
            }
            putLength(subjectCount)
            put(subject.utf8)
            putLength(fieldCount)
            put(field.utf8)
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Seals `plaintext` for `subject`'s `field` with a prepared key.
    public static func seal(_ plaintext: some DataProtocol, key: SealingKey, subject: String, field: String) -> [UInt8] {
        let bytes: [UInt8] = (plaintext as? [UInt8]) ?? Array(plaintext)
        return withAssociatedData(subject: subject, field: field) { aad in
            seal(bytes, key: key, aad: aad)
        }
    }

    /// Seals with a bare key: builds the cipher context for this call only (master-key wrapping,
    /// one-off secrets). Per-person data goes through the keyring's ``SealingKey``s.
    public static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, subject: String, field: String) -> [UInt8] {
        seal(plaintext, key: SealingKey(key), subject: subject, field: field)
    }

    /// Opens a value sealed for the same subject and field.
    public static func open(_ sealed: [UInt8], key: SealingKey, subject: String, field: String) throws(OpenError) -> [UInt8] {
        guard sealed.count >= overhead else { throw .malformed }
        guard sealed[0] == version else { throw .unsupportedVersion(sealed[0]) }
        let opened = withAssociatedData(subject: subject, field: field) { aad in open(sealed, key: key, aad: aad) }
        guard let opened else { throw .authenticationFailed }
        return opened
    }

    /// Opens with a bare key (see ``seal(_:key:subject:field:)-(_,SymmetricKey,_,_)``).
    public static func open(_ sealed: [UInt8], key: SymmetricKey, subject: String, field: String) throws(OpenError) -> [UInt8] {
        try open(sealed, key: SealingKey(key), subject: subject, field: field)
    }

    #if canImport(CCustodianCrypto)
    private static func seal(_ plaintext: [UInt8], key: SealingKey, aad: UnsafeRawBufferPointer) -> [UInt8] {
        let total = overhead + plaintext.count
        return [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            out[0] = version
            // Nonces come from a pooled block of kernel randomness: one system call per ~340 seals.
            RandomPool.shared.fill(UnsafeMutableRawBufferPointer(start: out.baseAddress! + 1, count: nonceSize))
            let base = out.baseAddress!
            var written = 0
            let ok = plaintext.withUnsafeBufferPointer { input in
                custodian_aead_seal(
                    key.context, base + 1 + nonceSize, &written, total - 1 - nonceSize, base + 1, nonceSize,
                    input.baseAddress, input.count, aad.bindMemory(to: UInt8.self).baseAddress, aad.count)
            }
            // Sealing fails only for sizes that cannot happen here (output sized exactly).
            precondition(ok == 1 && written == plaintext.count + tagSize, "AES-GCM sealing failed")
            initialized = total
        }
    }

    private static func open(_ sealed: [UInt8], key: SealingKey, aad: UnsafeRawBufferPointer) -> [UInt8]? {
        let capacity = sealed.count - overhead
        var ok: Int32 = 0
        let plain = [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { out, initialized in
            var written = 0
            ok = sealed.withUnsafeBufferPointer { input in
                custodian_aead_open(
                    key.context, out.baseAddress!, &written, capacity, input.baseAddress! + 1, nonceSize,
                    input.baseAddress! + 1 + nonceSize, input.count - 1 - nonceSize,
                    aad.bindMemory(to: UInt8.self).baseAddress, aad.count)
            }
            initialized = ok == 1 ? written : 0
        }
        return ok == 1 ? plain : nil
    }
    #else
    private static func seal(_ plaintext: [UInt8], key: SealingKey, aad: UnsafeRawBufferPointer) -> [UInt8] {
        guard let nonce = try? AES.GCM.Nonce(data: RandomPool.shared.bytes(nonceSize)),
              let box = try? AES.GCM.seal(plaintext, using: key.key, nonce: nonce, authenticating: aad),
              let combined = box.combined
        else {
            preconditionFailure("AES-GCM sealing failed with a 256-bit key")
        }
        return [version] + Array(combined)
    }

    private static func open(_ sealed: [UInt8], key: SealingKey, aad: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed[1...]),
              let plain = try? AES.GCM.open(box, using: key.key, authenticating: aad)
        else { return nil }
        return Array(plain)
    }
    #endif
}
