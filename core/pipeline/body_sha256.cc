// Sha256 (body_sha256.h) through libsodium.
#include "newsdigest/pipeline/body_sha256.h"

#include <sodium/crypto_hash_sha256.h>

namespace newsdigest::pipeline {

static_assert(crypto_hash_sha256_BYTES == sizeof(Sha256Digest), "SHA-256 digest size");

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out;
  // crypto_hash_sha256 needs no sodium_init() and cannot fail.
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return out;
}

}  // namespace newsdigest::pipeline
