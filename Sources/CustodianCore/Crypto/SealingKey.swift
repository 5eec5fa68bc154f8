import Crypto

#if canImport(CCustodianCrypto)
import CCustodianCrypto
#endif

/// A data key ready to seal and open many values: the key, and on Linux a BoringSSL AES-256-GCM
/// context built once for it.
///
/// swift-crypto's `AES.GCM` rebuilds the cipher context (key schedule, GHASH tables) on every
/// call, which was most of the cost of sealing a short field. A person's key seals and opens
/// many fields, so the keyring keeps one of these per key instead.
public final class SealingKey: @unchecked Sendable {
    // @unchecked: the only stored state is the immutable key and a BoringSSL context that is
    // never mutated after creation; BoringSSL documents EVP_AEAD_CTX_seal/open as safe to call
    // concurrently on one context. It is freed once, in deinit, when no reference remains.

    /// The key itself (for wrapping, and for platforms without the context).
    public let key: SymmetricKey
    #if canImport(CCustodianCrypto)
    let context: OpaquePointer
    #endif

    /// Prepares `key`, which must be 256 bits.
    public init(_ key: SymmetricKey) {
        precondition(key.bitCount == 256, "sealing keys are 256-bit")
        self.key = key
        #if canImport(CCustodianCrypto)
        guard let context = key.withUnsafeBytes({ raw in
            custodian_aead_new(raw.bindMemory(to: UInt8.self).baseAddress!, raw.count)
        }) else {
            preconditionFailure("BoringSSL refused a 256-bit AES-GCM key")
        }
        self.context = context
        #endif
    }

    deinit {
        #if canImport(CCustodianCrypto)
        custodian_aead_free(context)
        #endif
    }
}
