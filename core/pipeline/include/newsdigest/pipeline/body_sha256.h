// The content identity of an article body: its SHA-256, which build's
// de-duplication (core/pipeline) and merge's (core/edition) compare before
// two bodies share one stored text. Computed by libsodium
// (crypto_hash_sha256). Thread-safety: a pure function.
#ifndef NEWSDIGEST_PIPELINE_BODY_SHA256_H_
#define NEWSDIGEST_PIPELINE_BODY_SHA256_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace newsdigest::pipeline {

using Sha256Digest = std::array<uint8_t, 32>;

// SHA-256 (FIPS 180-4) of `data`.
Sha256Digest Sha256(std::string_view data);

}  // namespace newsdigest::pipeline

#endif  // NEWSDIGEST_PIPELINE_BODY_SHA256_H_
