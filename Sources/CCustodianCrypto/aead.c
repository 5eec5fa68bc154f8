#include "CCustodianCrypto.h"

// BoringSSL's EVP_AEAD interface (include/openssl/aead.h), under the prefix swift-crypto gives
// its vendored copy. The context type stays opaque here: it is only ever handled by pointer.
typedef struct evp_aead_st EVP_AEAD;
typedef struct evp_aead_ctx_st EVP_AEAD_CTX;

extern const EVP_AEAD *CCryptoBoringSSL_EVP_aead_aes_256_gcm(void);
extern EVP_AEAD_CTX *CCryptoBoringSSL_EVP_AEAD_CTX_new(const EVP_AEAD *aead, const uint8_t *key, size_t key_len,
                                                       size_t tag_len);
extern void CCryptoBoringSSL_EVP_AEAD_CTX_free(EVP_AEAD_CTX *ctx);
extern int CCryptoBoringSSL_EVP_AEAD_CTX_seal(const EVP_AEAD_CTX *ctx, uint8_t *out, size_t *out_len, size_t max_out_len,
                                              const uint8_t *nonce, size_t nonce_len, const uint8_t *in, size_t in_len,
                                              const uint8_t *ad, size_t ad_len);
extern int CCryptoBoringSSL_EVP_AEAD_CTX_open(const EVP_AEAD_CTX *ctx, uint8_t *out, size_t *out_len, size_t max_out_len,
                                              const uint8_t *nonce, size_t nonce_len, const uint8_t *in, size_t in_len,
                                              const uint8_t *ad, size_t ad_len);

custodian_aead *custodian_aead_new(const uint8_t *key, size_t key_len) {
    if (key_len != 32) return NULL;
    // 16 is EVP_AEAD_DEFAULT_TAG_LENGTH for AES-GCM, the same tag swift-crypto writes.
    return (custodian_aead *)CCryptoBoringSSL_EVP_AEAD_CTX_new(CCryptoBoringSSL_EVP_aead_aes_256_gcm(), key, key_len, 16);
}

void custodian_aead_free(custodian_aead *ctx) {
    if (ctx) CCryptoBoringSSL_EVP_AEAD_CTX_free((EVP_AEAD_CTX *)ctx);
}

int custodian_aead_seal(const custodian_aead *ctx, uint8_t *out, size_t *out_len, size_t max_out_len, const uint8_t *nonce,
                        size_t nonce_len, const uint8_t *in, size_t in_len, const uint8_t *ad, size_t ad_len) {
    return CCryptoBoringSSL_EVP_AEAD_CTX_seal((const EVP_AEAD_CTX *)ctx, out, out_len, max_out_len, nonce, nonce_len, in,
                                              in_len, ad, ad_len);
}

int custodian_aead_open(const custodian_aead *ctx, uint8_t *out, size_t *out_len, size_t max_out_len, const uint8_t *nonce,
                        size_t nonce_len, const uint8_t *in, size_t in_len, const uint8_t *ad, size_t ad_len) {
    return CCryptoBoringSSL_EVP_AEAD_CTX_open((const EVP_AEAD_CTX *)ctx, out, out_len, max_out_len, nonce, nonce_len, in,
                                              in_len, ad, ad_len);
}
