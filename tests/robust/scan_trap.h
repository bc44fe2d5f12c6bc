// Generator of the "scan trap" (issue 20 item 4): a digest file with a valid
// header and no intact record, whose record area holds a candidate record
// header every 18 bytes, each claiming a payload that runs to the end of the
// file (digest, dictionary and index kinds in turn; digests with the largest
// metadata the header allows), none with a matching checksum. A scanner that
// checksums every candidate's claimed bytes does quadratic work.
//
// Also used by tests/fuzz/fuzz_make_seeds.cc (a seed of the reader targets).
#ifndef NEWSDIGEST_TESTS_ROBUST_SCAN_TRAP_H_
#define NEWSDIGEST_TESTS_ROBUST_SCAN_TRAP_H_

#include <cstdint>
#include <vector>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/wire.h"

namespace nd_scan_trap {

inline constexpr size_t kTrapSpacing = 18;

// A FileHeader claiming `digest_count` digests and the largest limits the
// format allows for metadata and records, then the candidates, `size` bytes
// in all.
inline std::vector<uint8_t> MakeScanTrap(size_t size, uint32_t digest_count = 1000) {
  namespace f = newsdigest::format;
  uint8_t h[64];
  size_t n = 0;
  n += f::EncodeVarintField(1, digest_count, h + n);            // digest_count
  n += f::EncodeVarintField(2, 64 * 1024, h + n);               // max_text_size
  n += f::EncodeVarintField(3, 4096, h + n);                    // max_summary_size
  n += f::EncodeVarintField(4, f::kMaxMetaSize, h + n);         // max_meta_size
  n += f::EncodeVarintField(5, f::kMaxRecordPayload, h + n);    // max_record_size
  n += f::EncodeVarintField(10, f::kMaxSummarySentences, h + n);  // max_summary_sentences
  f::Preamble pre{f::kVersionMajor, f::kVersionMinor, static_cast<uint16_t>(n), 0};
  pre.header_crc = f::ComputeHeaderCrc(pre, h);
  std::vector<uint8_t> v(size, 0x5A);
  f::EncodePreamble(pre, v.data());
  for (size_t k = 0; k < n; ++k) v[f::kPreambleSize + k] = h[k];
  uint32_t kind = 0;
  for (size_t at = f::kPreambleSize + n; at + f::kMaxRecordHeaderSize < size; at += kTrapSpacing) {
    f::RecordHeader rh{};
    rh.kind = static_cast<uint8_t>(1 + kind++ % 3);
    const size_t left = size - at - f::kMaxRecordHeaderSize;
    rh.payload_len = static_cast<uint32_t>(left < f::kMaxRecordPayload ? left : f::kMaxRecordPayload);
    const uint32_t meta_cap = rh.kind == f::kRecordDigest ? f::kMaxMetaSize - (kind % 97) : rh.payload_len;
    rh.meta_len = rh.payload_len < meta_cap ? rh.payload_len : meta_cap;
    rh.meta_crc = 0x9E3779B9u * static_cast<uint32_t>(at);  // never the right one (in practice)
    rh.text_crc = 0;
    uint8_t hb[f::kMaxRecordHeaderSize];
    const size_t hs = f::EncodeRecordHeader(rh, hb);
    for (size_t k = 0; k < hs; ++k) v[at + k] = hb[k];
  }
  return v;
}

}  // namespace nd_scan_trap

#endif  // NEWSDIGEST_TESTS_ROBUST_SCAN_TRAP_H_
