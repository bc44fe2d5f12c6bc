// DigestEncoder does not ignore allocation failures: when zstd cannot
// allocate its context (ZSTD_createCCtx wrapped at link time to fail on
// demand), status() and every Encode report OutOfMemory instead of crashing
// or writing garbage.
#include <catch2/catch.hpp>

#include <cstddef>

#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include "newsdigest/writer/digest_builder.h"

namespace encoder_alloc_detail {
bool g_fail_cctx = false;
}  // namespace encoder_alloc_detail

extern "C" ZSTD_CCtx* __real_ZSTD_createCCtx(void);
extern "C" ZSTD_CCtx* __wrap_ZSTD_createCCtx(void) {
  return encoder_alloc_detail::g_fail_cctx ? nullptr : __real_ZSTD_createCCtx();
}

TEST_CASE("DigestEncoder reports a failed zstd allocation", "[robust][alloc]") {
  namespace w = newsdigest::writer;
  w::EncoderOptions o;
  encoder_alloc_detail::g_fail_cctx = true;
  w::DigestEncoder enc(o);
  encoder_alloc_detail::g_fail_cctx = false;
  CHECK(enc.status().code() == newsdigest::Status::Code::kOutOfMemory);
  w::DigestInput in;
  in.id = "a";
  in.body = "Some body text.";
  w::EncodedDigest out;
  const newsdigest::Status s = enc.Encode(in, &out);
  CHECK(s.code() == newsdigest::Status::Code::kOutOfMemory);
  w::DigestEncoder ok_enc(o);
  CHECK(ok_enc.status().ok());
  CHECK(ok_enc.Encode(in, &out).ok());
}
