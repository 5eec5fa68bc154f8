// A reusable AES-256-GCM context over the BoringSSL that swift-crypto already links.
//
// swift-crypto's `AES.GCM` builds a fresh BoringSSL AEAD context (AES key schedule and GHASH
// tables) on every call. Sealed fields are opened and sealed many times under the same person's
// key, so Custodian keeps one context per data key and calls BoringSSL's EVP_AEAD functions on it
// directly. Nothing here is new cryptography: these are BoringSSL's own functions, reached through
// the `CCryptoBoringSSL_` prefix under which swift-crypto vendors them (Linux only; on Apple
// platforms swift-crypto uses CryptoKit and this target is not built).
#ifndef CCUSTODIAN_CRYPTO_H
#define CCUSTODIAN_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An opaque AES-256-GCM context with a 16-byte tag; safe to use from several threads at once.
typedef struct custodian_aead custodian_aead;

/// A context for the 32-byte `key`, or NULL when BoringSSL refuses it.
custodian_aead *_Nullable custodian_aead_new(const uint8_t *_Nonnull key, size_t key_len);

/// Frees `ctx` (its key material is cleansed by BoringSSL).
void custodian_aead_free(custodian_aead *_Nullable ctx);

/// Seals `in` into `out` (ciphertext ‖ tag, `in_len + 16` bytes). Returns 1 on success.
int custodian_aead_seal(const custodian_aead *_Nonnull ctx, uint8_t *_Nonnull out, size_t *_Nonnull out_len, size_t max_out_len,
                        const uint8_t *_Nonnull nonce, size_t nonce_len, const uint8_t *_Nullable in, size_t in_len,
                        const uint8_t *_Nullable ad, size_t ad_len);

/// Opens `in` (ciphertext ‖ tag) into `out`. Returns 1 when the tag verifies, 0 otherwise.
int custodian_aead_open(const custodian_aead *_Nonnull ctx, uint8_t *_Nonnull out, size_t *_Nonnull out_len, size_t max_out_len,
                        const uint8_t *_Nonnull nonce, size_t nonce_len, const uint8_t *_Nullable in, size_t in_len,
                        const uint8_t *_Nullable ad, size_t ad_len);

#ifdef __cplusplus
}
#endif

#endif
