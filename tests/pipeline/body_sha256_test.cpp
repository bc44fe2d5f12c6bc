// Body identity (newsdigest/pipeline/body_sha256.h): SHA-256 against the
// FIPS 180-4 examples, through the public header alone.
#include <catch2/catch.hpp>

#include <string>

#include "newsdigest/pipeline/body_sha256.h"

namespace body_sha256_test_detail {

std::string Hex(const newsdigest::pipeline::Sha256Digest& d) {
  static const char* const kDigits = "0123456789abcdef";
  std::string s;
  for (uint8_t b : d) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  return s;
}

}  // namespace body_sha256_test_detail

TEST_CASE("pipeline: SHA-256 of the standard examples", "[pipeline]") {
  namespace t = body_sha256_test_detail;
  using newsdigest::pipeline::Sha256;
  CHECK(t::Hex(Sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(t::Hex(Sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(t::Hex(Sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // Lengths around the padding boundary (55, 56, 63, 64 bytes) and a
  // million 'a's.
  CHECK(t::Hex(Sha256(std::string(1000000, 'a'))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(Sha256(std::string(55, 'x')) != Sha256(std::string(56, 'x')));
  CHECK(Sha256(std::string(63, 'x')) != Sha256(std::string(64, 'x')));
  CHECK(t::Hex(Sha256(std::string(64, 'a'))) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
