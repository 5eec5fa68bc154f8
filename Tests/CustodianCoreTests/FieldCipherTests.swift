import Crypto
import CustodianCore
import Foundation
import Testing

/// Sealed fields: the cached cipher contexts write exactly what AES-GCM writes, and refuse
/// everything that was not sealed for the same person, field and key.
@Suite("Field cipher")
struct FieldCipherTests {
    let key = SymmetricKey(size: .bits256)
    let subject = "3f2b8c1e-6d4a-4f0e-9b7c-2a1d5e8f9c30"

    @Test(arguments: [0, 1, 15, 16, 17, 40, 255, 4_096])
    func sealsAndOpensEveryLength(length: Int) throws {
        let value = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let sealing = SealingKey(key)
        let sealed = FieldCipher.seal(value, key: sealing, subject: subject, field: "email")
        #expect(sealed.count == 1 + 12 + length + 16)
        #expect(sealed[0] == FieldCipher.version)
        #expect(try FieldCipher.open(sealed, key: sealing, subject: subject, field: "email") == value)
        // The bare-key path reads and writes the same format.
        #expect(try FieldCipher.open(sealed, key: key, subject: subject, field: "email") == value)
        let bare = FieldCipher.seal(value, key: key, subject: subject, field: "email")
        #expect(try FieldCipher.open(bare, key: sealing, subject: subject, field: "email") == value)
    }

    @Test func sealedValuesAreAESGCMAsSwiftCryptoReadsThem() throws {
        let value = Array("someone@example.org".utf8)
        let aad = FieldCipher.associatedData(subject: subject, field: "email")
        let sealed = FieldCipher.seal(value, key: SealingKey(key), subject: subject, field: "email")
        let box = try AES.GCM.SealedBox(combined: sealed[1...])
        #expect(Array(try AES.GCM.open(box, using: key, authenticating: aad)) == value)

        // And the other way round: what swift-crypto seals, the cached context opens.
        let theirs = try AES.GCM.seal(value, using: key, authenticating: aad)
        let framed = [FieldCipher.version] + Array(try #require(theirs.combined))
        #expect(try FieldCipher.open(framed, key: SealingKey(key), subject: subject, field: "email") == value)
    }

    @Test func nonceIsFreshForEverySeal() {
        let sealing = SealingKey(key)
        let nonces = Set((0..<2_000).map { _ in Array(FieldCipher.seal([1, 2, 3], key: sealing, subject: subject, field: "f")[1..<13]) })
        #expect(nonces.count == 2_000)
    }

    @Test func refusesAnotherPersonFieldOrKey() {
        let sealing = SealingKey(key)
        let sealed = FieldCipher.seal(Array("secret".utf8), key: sealing, subject: subject, field: "email")
        #expect(throws: FieldCipher.OpenError.authenticationFailed) {
            try FieldCipher.open(sealed, key: sealing, subject: "someone-else", field: "email")
        }
        #expect(throws: FieldCipher.OpenError.authenticationFailed) {
            try FieldCipher.open(sealed, key: sealing, subject: subject, field: "phone")
        }
        #expect(throws: FieldCipher.OpenError.authenticationFailed) {
            try FieldCipher.open(sealed, key: SealingKey(SymmetricKey(size: .bits256)), subject: subject, field: "email")
        }
    }

    @Test func refusesEveryAlteredByte() {
        let sealing = SealingKey(key)
        let sealed = FieldCipher.seal(Array("a value".utf8), key: sealing, subject: subject, field: "name")
        for index in 1..<sealed.count {
            var altered = sealed
            altered[index] ^= 0x01
            #expect(throws: FieldCipher.OpenError.authenticationFailed) {
                try FieldCipher.open(altered, key: sealing, subject: subject, field: "name")
            }
        }
        var truncated = sealed
        truncated.removeLast()
        #expect(throws: FieldCipher.OpenError.authenticationFailed) {
            try FieldCipher.open(truncated, key: sealing, subject: subject, field: "name")
        }
    }

    @Test func refusesShortInputAndUnknownVersions() {
        let sealing = SealingKey(key)
        #expect(throws: FieldCipher.OpenError.malformed) {
            try FieldCipher.open(Array(repeating: 1, count: 28), key: sealing, subject: subject, field: "name")
        }
        var sealed = FieldCipher.seal([9], key: sealing, subject: subject, field: "name")
        sealed[0] = 2
        #expect(throws: FieldCipher.OpenError.unsupportedVersion(2)) {
            try FieldCipher.open(sealed, key: sealing, subject: subject, field: "name")
        }
    }

    @Test func associatedDataIsLengthPrefixed() {
        #expect(FieldCipher.associatedData(subject: "ab", field: "c") != FieldCipher.associatedData(subject: "a", field: "bc"))
        let aad = FieldCipher.associatedData(subject: "é", field: "x")
        #expect(Array(aad.suffix(11)) == [0, 0, 0, 2, 0xC3, 0xA9, 0, 0, 0, 1, 0x78])
        #expect(aad.starts(with: Array("custodian/field/v1".utf8)))
    }

    @Test func contextsAreSafeToShareAcrossThreads() async throws {
        let sealing = SealingKey(key)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for round in 0..<500 {
                        let value = Array("worker \(worker) round \(round)".utf8)
                        let sealed = FieldCipher.seal(value, key: sealing, subject: "p\(worker)", field: "f")
                        let opened = try FieldCipher.open(sealed, key: sealing, subject: "p\(worker)", field: "f")
                        guard opened == value else { throw FieldCipher.OpenError.authenticationFailed }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
