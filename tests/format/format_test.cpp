#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "newsdigest/format/format.h"
#include "newsdigest/format/status.h"

namespace nf = newsdigest::format;

TEST_CASE("CRC-32C matches the standard check values", "[format]") {
  CHECK(nf::Crc32c(0, "123456789", 9) == 0xE3069283u);
  CHECK(nf::Crc32c(0, "", 0) == 0u);
  uint8_t zeros[32] = {};
  CHECK(nf::Crc32c(0, zeros, sizeof zeros) == 0x8A9136AAu);  // RFC 3720 B.4
  uint8_t ones[32];
  std::memset(ones, 0xFF, sizeof ones);
  CHECK(nf::Crc32c(0, ones, sizeof ones) == 0x62A8AB43u);
}

TEST_CASE("CRC-32C extends incrementally, at every split and alignment", "[format]") {
  std::string s = "The quick brown fox jumps over the lazy dog, twice over.";
  const uint32_t whole = nf::Crc32c(0, s.data(), s.size());
  for (size_t cut = 0; cut <= s.size(); ++cut)
    CHECK(nf::Crc32c(nf::Crc32c(0, s.data(), cut), s.data() + cut, s.size() - cut) == whole);
}

TEST_CASE("little-endian codecs", "[format]") {
  uint8_t b[4];
  nf::StoreLE32(b, 0x11223344u);
  CHECK(b[0] == 0x44);
  CHECK(b[3] == 0x11);
  CHECK(nf::LoadLE32(b) == 0x11223344u);
  nf::StoreLE16(b, 0xBEEF);
  CHECK(nf::LoadLE16(b) == 0xBEEF);
}

TEST_CASE("Status: codes, names and messages", "[format]") {
  newsdigest::Status ok;
  CHECK(ok.ok());
  CHECK(std::string(ok.CodeName()) == "ok");
  auto c = newsdigest::Status::Corruption("bad record");
  CHECK_FALSE(c.ok());
  CHECK(c.IsCorruption());
  CHECK(std::string(c.message()) == "bad record");
  CHECK(std::string(c.CodeName()) == "corruption");
  CHECK(static_cast<int>(newsdigest::Status::DictionaryMissing("x").code()) == 10);
}
