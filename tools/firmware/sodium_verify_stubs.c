/* The few libsodium helpers the verify-only device build needs, written
 * here instead of compiling libsodium's utils.c/core.c/sign.c (which pull
 * in randombytes, mlock, sodium_init and the signing code). Contracts are
 * libsodium's: sodium_memzero is not optimized away, sodium_memcmp runs in
 * time independent of the contents, the hash init is the non-prehashed
 * Ed25519 one (prehashed Ed25519ph is not used by newsdigest). */
#include <stddef.h>
#include <stdint.h>

#include "crypto_hash_sha512.h"

void sodium_memzero(void* const pnt, const size_t len) {
  volatile unsigned char* p = (volatile unsigned char*)pnt;
  size_t i;
  for (i = 0; i < len; ++i) p[i] = 0;
}

int sodium_memcmp(const void* const b1_, const void* const b2_, size_t len) {
  const volatile unsigned char* b1 = (const volatile unsigned char*)b1_;
  const volatile unsigned char* b2 = (const volatile unsigned char*)b2_;
  unsigned char d = 0;
  size_t i;
  for (i = 0; i < len; ++i) d |= (unsigned char)(b1[i] ^ b2[i]);
  return (int)((1 & ((d - 1) >> 8)) - 1);
}

void _crypto_sign_ed25519_ref10_hinit(crypto_hash_sha512_state* hs, int prehashed);
void _crypto_sign_ed25519_ref10_hinit(crypto_hash_sha512_state* hs, int prehashed) {
  (void)prehashed; /* never set on the verify path newsdigest uses */
  crypto_hash_sha512_init(hs);
}

/* 1 when n[0 .. nlen) is all zero, else 0; constant time. */
int sodium_is_zero(const unsigned char* n, const size_t nlen) {
  unsigned char d = 0;
  size_t i;
  for (i = 0; i < nlen; ++i) d |= n[i];
  return 1 & ((d - 1) >> 8);
}
