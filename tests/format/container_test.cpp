// The container and wire codecs of core/format: every structure round-trips
// and malformed bytes are classified, not misread.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "newsdigest/format/container.h"
#include "newsdigest/format/status.h"
#include "newsdigest/format/wire.h"

namespace nf = newsdigest::format;

TEST_CASE("preamble: round trip, magic, version, header size", "[format]") {
  uint8_t b[nf::kPreambleSize];
  const uint8_t header[5] = {1, 2, 3, 4, 5};
  nf::Preamble p{nf::kVersionMajor, nf::kVersionMinor, 5, 0};
  p.header_crc = nf::ComputeHeaderCrc(p, header);
  nf::EncodePreamble(p, b);
  CHECK(std::memcmp(b, "NDGF", 4) == 0);
  nf::Preamble q{};
  REQUIRE(nf::DecodePreamble(b, sizeof b, &q) == nf::PreambleParse::kOk);
  CHECK(q.header_len == 5);
  CHECK(q.header_crc == p.header_crc);
  CHECK(q.header_crc == nf::Crc32c(nf::Crc32c(0, b, 8), header, 5));
  CHECK(nf::DecodePreamble(b, 11, &q) == nf::PreambleParse::kNeedMore);
  b[4] = 2;
  CHECK(nf::DecodePreamble(b, sizeof b, &q) == nf::PreambleParse::kBadVersion);
  b[4] = nf::kVersionMajor;
  b[0] = 'X';
  CHECK(nf::DecodePreamble(b, sizeof b, &q) == nf::PreambleParse::kBadMagic);
  b[0] = 'N';
  nf::StoreLE16(b + 6, nf::kMaxHeaderSize + 1);
  CHECK(nf::DecodePreamble(b, sizeof b, &q) == nf::PreambleParse::kMalformed);
}

TEST_CASE("trailer: round trip and damage", "[format]") {
  uint8_t b[nf::kTrailerSize];
  nf::EncodeTrailer({1000, 7, 0xCAFEBABEu}, b);
  CHECK(std::memcmp(b + 20, "NDGE", 4) == 0);
  nf::Trailer t{};
  REQUIRE(nf::DecodeTrailer(b, &t));
  CHECK(t.index_offset == 1000);
  CHECK(t.digest_count == 7);
  CHECK(t.header_crc == 0xCAFEBABEu);
  for (size_t i = 0; i < sizeof b; ++i) {
    uint8_t c[nf::kTrailerSize];
    std::memcpy(c, b, sizeof c);
    c[i] ^= 0x40;
    INFO("byte " << i);
    CHECK_FALSE(nf::DecodeTrailer(c, &t));
  }
}

TEST_CASE("header padding reaches every size from plain + 2 up", "[format]") {
  for (size_t plain : {size_t{0}, size_t{10}, size_t{100}}) {
    for (size_t target = plain + 2; target < plain + 20000; target += 37) {
      size_t pad = 0;
      REQUIRE(nf::HeaderPaddingFor(plain, target, &pad));
      std::vector<uint8_t> out(target - plain + 8);
      CHECK(plain + nf::EncodeHeaderPadding(pad, out.data()) == target);
      CHECK(out[0] == 0x7A);  // field 15, length-delimited
    }
    size_t pad = 0;
    CHECK_FALSE(nf::HeaderPaddingFor(plain, plain + 1, &pad));
  }
}

TEST_CASE("record header: framing, parse results, checksums", "[format]") {
  const uint8_t payload[] = {'m', 'e', 't', 'a', 't', 'e', 'x', 't'};
  uint8_t h[nf::kMaxRecordHeaderSize];
  const size_t n = nf::FrameRecord(nf::kRecordDigest, payload, 8, 4, h);
  CHECK(n == nf::kMinRecordHeaderSize);
  nf::RecordHeader rh{};
  REQUIRE(nf::ParseRecordHeader(h, n, &rh) == nf::RecordParse::kOk);
  CHECK(rh.size == n);
  CHECK(rh.payload_len == 8);
  CHECK(rh.meta_len == 4);
  CHECK(rh.meta_crc == nf::RecordMetaCrc(rh, h, payload));
  CHECK(rh.text_crc == nf::Crc32c(0, payload + 4, 4));
  for (size_t avail = 0; avail < n; ++avail) CHECK(nf::ParseRecordHeader(h, avail, &rh) == nf::RecordParse::kNeedMore);
  uint8_t bad[nf::kMaxRecordHeaderSize];
  std::memcpy(bad, h, n);
  bad[0] = 0xD4;  // kind 4
  CHECK(nf::ParseRecordHeader(bad, n, &rh) == nf::RecordParse::kMalformed);
  const uint8_t not_minimal[] = {0xD1, 0x88, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(nf::ParseRecordHeader(not_minimal, sizeof not_minimal, &rh) == nf::RecordParse::kMalformed);
  const uint8_t meta_over[] = {0xD1, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(nf::ParseRecordHeader(meta_over, sizeof meta_over, &rh) == nf::RecordParse::kMalformed);
}

TEST_CASE("wire: varints and field walking", "[format]") {
  uint8_t b[32];
  for (uint64_t v : {uint64_t{0}, uint64_t{127}, uint64_t{128}, uint64_t{1} << 35, ~uint64_t{0}}) {
    const size_t n = nf::EncodeVarint(v, b);
    CHECK(n == nf::VarintSize(v));
    const uint8_t* p = b;
    uint64_t got = 0;
    REQUIRE(nf::DecodeVarint(&p, b + n, &got));
    CHECK(got == v);
    p = b;
    if (n > 1) CHECK_FALSE(nf::DecodeVarint(&p, b + n - 1, &got));
  }
  size_t n = nf::EncodeVarintField(nf::field::kDigestTextRef, 300, b);
  b[n++] = 0x12;  // field 2, bytes
  b[n++] = 2;
  b[n++] = 'h';
  b[n++] = 'i';
  const uint8_t* p = b;
  nf::WireField f{};
  REQUIRE(nf::WireNext(&p, b + n, &f));
  CHECK(f.number == nf::field::kDigestTextRef);
  CHECK(f.value == 300);
  REQUIRE(nf::WireNext(&p, b + n, &f));
  CHECK(f.number == 2);
  CHECK(f.type == nf::kWireBytes);
  CHECK(std::memcmp(f.data, "hi", 2) == 0);
  CHECK(p == b + n);
  p = b;
  REQUIRE(nf::WireNext(&p, b + n, &f));
  CHECK_FALSE(nf::WireNext(&p, b + n - 1, &f));  // bytes field cut short
  const uint8_t group[] = {0x0B};
  p = group;
  CHECK_FALSE(nf::WireNext(&p, group + 1, &f));
}

TEST_CASE("status codes: one list, one text table", "[format]") {
  CHECK(std::string(newsdigest::Status::OutOfMemory("x").CodeName()) == "out of memory");
  CHECK(static_cast<int>(newsdigest::Status::Code::kOutOfMemory) == 12);
  CHECK(static_cast<int>(newsdigest::Status::Code::kInternal) == 13);
  const newsdigest::Status io = newsdigest::Status::IOError("cannot open", 2);
  CHECK(io.IsIOError());
  CHECK(io.os_error() == 2);
  CHECK(newsdigest::Status::Corruption("x").os_error() == 0);
  CHECK(std::string(newsdigest::StatusCodeText(200)) == "unknown error");
}
