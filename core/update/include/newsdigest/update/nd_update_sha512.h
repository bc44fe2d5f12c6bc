/* SHA-512 for the update path: the one place the hash comes from.
 *
 * libsodium's crypto_hash_sha512_* (nd_update_sha512.cc is built with
 * NEWSDIGEST_UPDATE_LIBSODIUM): Debian's libsodium on the host, the
 * verify-only device build of tools/firmware/sodium_verify.cmake on devices
 * (the same library the signature verify uses: no second SHA-512).
 * No allocation; the state is a plain caller-owned struct.
 */
#ifndef NEWSDIGEST_UPDATE_ND_UPDATE_SHA512_H_
#define NEWSDIGEST_UPDATE_ND_UPDATE_SHA512_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Large and aligned enough for libsodium's crypto_hash_sha512_state (208
 * bytes). */
typedef struct nd_update_sha512_state {
  uint64_t opaque[32];
} nd_update_sha512_state;

void nd_update_sha512_init(nd_update_sha512_state* st);
void nd_update_sha512_update(nd_update_sha512_state* st, const void* data, size_t len);
void nd_update_sha512_final(nd_update_sha512_state* st, uint8_t out[64]);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NEWSDIGEST_UPDATE_ND_UPDATE_SHA512_H_ */
