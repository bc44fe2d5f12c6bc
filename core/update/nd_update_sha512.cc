// SHA-512 for the update path: libsodium's (see nd_update_sha512.h). The
// host links Debian's libsodium; devices the verify-only build of
// tools/firmware/sodium_verify.cmake (hash_sha512_cp.c).
#include "newsdigest/update/nd_update_sha512.h"

#ifndef NEWSDIGEST_UPDATE_LIBSODIUM
#error "nd_update needs libsodium's SHA-512: define NEWSDIGEST_UPDATE_LIBSODIUM and link libsodium"
#endif
#include <sodium/crypto_hash_sha512.h>

static_assert(sizeof(crypto_hash_sha512_state) <= sizeof(nd_update_sha512_state), "libsodium state too large");
static_assert(alignof(crypto_hash_sha512_state) <= alignof(nd_update_sha512_state), "libsodium state alignment");

void nd_update_sha512_init(nd_update_sha512_state* st) {
  crypto_hash_sha512_init(reinterpret_cast<crypto_hash_sha512_state*>(st));
}
void nd_update_sha512_update(nd_update_sha512_state* st, const void* data, size_t len) {
  crypto_hash_sha512_update(reinterpret_cast<crypto_hash_sha512_state*>(st), static_cast<const unsigned char*>(data),
                            len);
}
void nd_update_sha512_final(nd_update_sha512_state* st, uint8_t out[64]) {
  crypto_hash_sha512_final(reinterpret_cast<crypto_hash_sha512_state*>(st), out);
}
