// The corruption matrix on signed files: every single-byte change anywhere
// in a signed file, with the CRCs of the part it hits recomputed (what an
// attacker does), is rejected by the signature; the reader's own checks
// would have let most of them through.
#include <catch2/catch.hpp>

#include "newsdigest/format/container.h"
#include "newsdigest/format/signature.h"
#include "newsdigest/reader/nd_reader.h"
#include "sign_fixture.h"

namespace f = newsdigest::format;
namespace s = newsdigest::sign;

namespace sign_tamper_test_detail {

// Recomputes every checksum of `b` that covers byte `pos`: the header's
// (preamble and trailer copy), the record holding it (by the file's own
// framing, walked from the header), the trailer's.
void RecomputeCrcs(std::string* b, size_t pos) {
  uint8_t* p = reinterpret_cast<uint8_t*>(b->data());
  const size_t n = b->size();
  f::Preamble pre;
  if (f::DecodePreamble(p, n, &pre) != f::PreambleParse::kOk) return;
  const size_t header_end = f::kPreambleSize + pre.header_len;
  if (header_end + f::kTrailerSize > n) return;
  uint8_t* tr = p + n - f::kTrailerSize;
  if (pos < header_end) {
    pre.header_crc = f::ComputeHeaderCrc(pre, p + f::kPreambleSize);
    f::StoreLE32(p + 8, pre.header_crc);
    f::StoreLE32(tr + 8, pre.header_crc);
  }
  // Records from the header to the trailer; the signature record by the trailer.
  const size_t sig_at = f::TrailerSignatureOffset(tr);
  size_t at = header_end;
  while (at < n - f::kTrailerSize) {
    if (at == sig_at) {
      if (pos >= at && pos < at + f::kSignatureRecordSize)
        f::StoreLE32(p + at + 3, f::Crc32c(f::Crc32c(0, p + at, 3), p + at + f::kSignatureHeaderSize,
                                           f::kSignaturePayloadSize));
      at += f::kSignatureRecordSize;
      continue;
    }
    f::RecordHeader rh{};
    if (f::ParseRecordHeader(p + at, n - f::kTrailerSize - at, &rh) != f::RecordParse::kOk) break;
    const size_t end = at + rh.size + rh.payload_len;
    if (end > n - f::kTrailerSize) break;
    if (pos >= at && pos < end) {
      rh.meta_crc = f::RecordMetaCrc(rh, p + at, p + at + rh.size);
      rh.text_crc = f::RecordTextCrc(rh, p + at + rh.size);
      f::EncodeRecordHeader(rh, p + at);
    }
    at = end;
  }
  f::StoreLE32(tr + 16, f::Crc32c(0, tr, 16));
}

bool ReaderAccepts(const std::string& b) {
  nd_limits lim;
  if (nd_reader_probe(sign_fixture::U8(b), b.size(), &lim, nullptr) != ND_OK) return false;
  std::vector<uint64_t> ws((nd_reader_workspace_size(&lim) + 7) / 8);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(sign_fixture::U8(b), b.size(), ws.data(), ws.size() * 8, &r) != ND_OK) return false;
  if (nd_reader_index_damaged(r)) return false;
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    uint64_t off = 0;
    nd_meta m;
    if (nd_reader_offset(r, i, &off) != ND_OK || nd_reader_meta_at(r, off, &m) != ND_OK) return false;
  }
  return true;
}

}  // namespace sign_tamper_test_detail

TEST_CASE("sign: every tampered byte of a signed file is rejected (CRCs recomputed)", "[sign][matrix]") {
  namespace d = sign_tamper_test_detail;
  const std::string plain = sign_fixture::BuildFile(8, 11);
  const s::SecretKey key = sign_fixture::NewKey();
  std::string sf;
  REQUIRE(s::SignFile(plain, key, &sf).ok());
  const auto pk = key.public_key();
  alignas(16) uint8_t ws[ND_SIGN_WORKSPACE_MIN];
  size_t cases = 0, rejected = 0, reader_fooled = 0;
  for (size_t pos = 0; pos < sf.size(); ++pos) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}}) {
      std::string t = sf;
      t[pos] = static_cast<char>(t[pos] ^ mask);
      d::RecomputeCrcs(&t, pos);
      if (t == sf) continue;
      ++cases;
      const nd_status st = nd_verify_memory(sign_fixture::U8(t), t.size(), pk.data(), ws, sizeof ws);
      if (st != ND_OK) ++rejected;
      else FAIL_CHECK("tamper at byte " << pos << " accepted");
      if (mask == 0x01 && d::ReaderAccepts(t)) ++reader_fooled;
    }
  }
  CHECK(rejected == cases);
  // Flips of a checksum byte are undone by the recomputation; all else counts.
  CHECK(cases >= 2 * sf.size() * 9 / 10);
  // The point of signing: CRCs alone accept many of these edits.
  CHECK(reader_fooled > sf.size() / 4);
  INFO("cases " << cases << ", reader fooled " << reader_fooled);
}
