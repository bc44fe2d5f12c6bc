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
  CHECK(std::string(c.CodeName()) == "corrupt data");
  CHECK(static_cast<int>(newsdigest::Status::DictionaryMissing("x").code()) == 10);
}

TEST_CASE("CRC-32C combine and range checksums from prefixes", "[format]") {
  std::string s;
  for (int i = 0; i < 3000; ++i) s.push_back(static_cast<char>((i * 131 + 7) ^ (i >> 3)));
  const auto* b = reinterpret_cast<const uint8_t*>(s.data());
  for (size_t cut : {size_t{0}, size_t{1}, size_t{7}, size_t{64}, size_t{1000}, size_t{2999}, size_t{3000}}) {
    const uint32_t a = nf::Crc32c(0, b, cut), c = nf::Crc32c(0, b + cut, s.size() - cut);
    CHECK(nf::Crc32cCombine(a, c, s.size() - cut) == nf::Crc32c(0, b, s.size()));
  }
  // Range [lo, hi) from prefix checksums.
  for (size_t lo : {size_t{0}, size_t{5}, size_t{333}}) {
    for (size_t hi : {size_t{400}, size_t{2048}, size_t{3000}}) {
      const uint32_t plo = nf::Crc32c(0, b, lo), phi = nf::Crc32c(0, b, hi);
      CHECK((phi ^ nf::Crc32cShift(plo, hi - lo)) == nf::Crc32c(0, b + lo, hi - lo));
    }
  }
  CHECK(nf::Crc32cShift(0, 12345) == 0u);
  CHECK(nf::Crc32cShift(0xDEADBEEFu, 0) == 0xDEADBEEFu);
}

TEST_CASE("CRC-32C shift composes across the table and power paths", "[format]") {
  const uint32_t c = 0x1234ABCDu;
  for (uint64_t a : {uint64_t{1}, uint64_t{255}, uint64_t{65537}, uint64_t{0xFFFFFFFFu}}) {
    for (uint64_t b : {uint64_t{1}, uint64_t{7}, uint64_t{300}}) {
      CHECK(nf::Crc32cShift(nf::Crc32cShift(c, a), b) == nf::Crc32cShift(c, a + b));
    }
  }
}
