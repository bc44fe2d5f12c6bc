// A stand-in header for a file whose header is damaged: where the records
// start, which dictionaries are embedded, and the header bytes to patch in.
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/wire.h"
#include "repair_internal.h"

namespace newsdigest::repair {
namespace stand_in_header_detail {

namespace f = newsdigest::format;

struct Candidate {
  uint64_t at, s, e;
  uint32_t head_crc, meta_crc;
};

// The plain size and CRC of an embedded dictionary record's payload.
bool DictionaryOfPayload(const uint8_t* p, size_t len, StandInDict* out) {
  const uint8_t* end = p + len;
  f::WireField fld;
  const uint8_t* content = nullptr;
  size_t content_len = 0;
  bool compressed = false, have_id = false;
  while (p < end) {
    if (!f::WireNext(&p, end, &fld)) return false;
    if (fld.number == f::field::kDictId && fld.type == f::kWireVarint) {
      out->id = static_cast<uint32_t>(fld.value);
      have_id = true;
    } else if ((fld.number == f::field::kDictContent || fld.number == f::field::kDictCompressed) &&
               fld.type == f::kWireBytes) {
      content = fld.data;
      content_len = static_cast<size_t>(fld.value);
      compressed = fld.number == f::field::kDictCompressed;
    }
  }
  if (!have_id || content == nullptr) return false;
  out->embedded = true;
  out->compressed = compressed;
  if (!compressed) {
    out->size = static_cast<uint32_t>(content_len);
    out->crc = f::Crc32c(0, content, content_len);
    return true;
  }
  // One magic-less frame with its content size.
  ZSTD_frameHeader zh;
  if (ZSTD_getFrameHeader_advanced(&zh, content, content_len, ZSTD_f_zstd1_magicless) != 0 ||
      zh.frameContentSize == ZSTD_CONTENTSIZE_UNKNOWN || zh.frameContentSize > f::kMaxRecordPayload)
    return false;
  std::unique_ptr<uint8_t[]> plain(new uint8_t[zh.frameContentSize + 1]);
  ZSTD_DCtx* d = ZSTD_createDCtx();
  if (d == nullptr) return false;
  size_t n = ZSTD_DCtx_setParameter(d, ZSTD_d_format, ZSTD_f_zstd1_magicless);
  if (!ZSTD_isError(n)) n = ZSTD_decompressDCtx(d, plain.get(), zh.frameContentSize, content, content_len);
  ZSTD_freeDCtx(d);
  if (ZSTD_isError(n) || n != zh.frameContentSize) return false;
  out->size = static_cast<uint32_t>(n);
  out->crc = f::Crc32c(0, plain.get(), n);
  return true;
}

}  // namespace stand_in_header_detail

Status FindRecordsAfterDamagedHeader(const uint8_t* data, uint64_t size, uint64_t* first_record,
                                     std::vector<StandInDict>* dicts) {
  namespace d = stand_in_header_detail;
  namespace f = newsdigest::format;
  // Candidates where the first record may start, each with the range its
  // metadata checksum covers.
  std::vector<d::Candidate> cands;
  const uint64_t last = std::min<uint64_t>(size, f::kPreambleSize + f::kMaxHeaderSize + 1);
  for (uint64_t at = f::kPreambleSize + 1; at < last; ++at) {
    f::RecordHeader rh{};
    if (f::ParseRecordHeader(data + at, static_cast<size_t>(size - at), &rh) != f::RecordParse::kOk) continue;
    if (rh.kind == f::kRecordIndex || at + rh.size + rh.payload_len > size) continue;
    if (rh.kind == f::kRecordDigest && rh.meta_len > f::kMaxMetaSize) continue;
    if (rh.kind == f::kRecordDictionary && (rh.meta_len != rh.payload_len || rh.text_crc != 0)) continue;
    cands.push_back({at, at + rh.size, at + rh.size + rh.meta_len, f::Crc32c(0, data + at, f::RecordCrcPrefix(rh)),
                     rh.meta_crc});
  }
  // Prefix checksums P(x) of bytes [kPreambleSize, x) at every bound, in one
  // forward pass: each candidate then costs O(1) however long its range.
  std::vector<std::pair<uint64_t, uint32_t>> points;
  for (const auto& c : cands) {
    points.emplace_back(c.s, 0);
    points.emplace_back(c.e, 0);
  }
  std::sort(points.begin(), points.end());
  uint64_t pos = f::kPreambleSize;
  uint32_t crc = 0;
  for (auto& [x, p] : points) {
    crc = f::Crc32c(crc, data + pos, static_cast<size_t>(x - pos));
    pos = x;
    p = crc;
  }
  auto prefix = [&](uint64_t x) {
    return std::lower_bound(points.begin(), points.end(), std::make_pair(x, uint32_t{0}))->second;
  };
  uint64_t first = 0;
  for (const auto& c : cands) {
    if ((f::Crc32cShift(c.head_crc ^ prefix(c.s), c.e - c.s) ^ prefix(c.e)) == c.meta_crc) {
      first = c.at;
      break;
    }
  }
  if (first == 0) return Status::Corruption("no intact record where the first record must start");
  *first_record = first;
  // The dictionary records right after the header.
  for (uint64_t at = first; at < size;) {
    f::RecordHeader rh{};
    if (f::ParseRecordHeader(data + at, static_cast<size_t>(size - at), &rh) != f::RecordParse::kOk ||
        rh.kind != f::kRecordDictionary || at + rh.size + rh.payload_len > size ||
        f::RecordMetaCrc(rh, data + at, data + at + rh.size) != rh.meta_crc)
      break;
    StandInDict sd;
    if (d::DictionaryOfPayload(data + at + rh.size, rh.payload_len, &sd) && dicts->size() < f::kMaxDictionaries)
      dicts->push_back(sd);
    at += rh.size + rh.payload_len;
  }
  return Status::OK();
}

Status WriteStandInHeader(const std::vector<StandInDict>& dicts, uint64_t first_record, uint8_t* data) {
  namespace f = newsdigest::format;
  if (first_record < f::kPreambleSize || first_record - f::kPreambleSize > f::kMaxHeaderSize)
    return Status::InvalidArgument("stand-in header: no room");
  const size_t room = static_cast<size_t>(first_record - f::kPreambleSize);
  for (int stretch = 0; stretch < 2; ++stretch) {
    uint8_t h[f::kMaxHeaderSize + 64];
    size_t n = 0;
    // digest_count 0 (unknown); one byte longer (non-minimal) when needed to fit.
    h[n++] = static_cast<uint8_t>(f::FieldTag(f::field::kHeaderDigestCount, f::kWireVarint));
    if (stretch != 0) h[n++] = 0x80;
    h[n++] = 0;
    n += f::EncodeVarintField(2, f::kMaxRecordPayload, h + n);   // max_text_size
    n += f::EncodeVarintField(3, f::kMaxRecordPayload, h + n);   // max_summary_size
    n += f::EncodeVarintField(4, f::kMaxMetaSize, h + n);        // max_meta_size
    n += f::EncodeVarintField(5, f::kMaxRecordPayload, h + n);   // max_record_size
    for (const StandInDict& sd : dicts) {
      uint8_t ref[64];
      size_t m = f::EncodeVarintField(1, sd.id, ref);
      m += f::EncodeVarintField(2, sd.crc, ref + m);
      m += f::EncodeVarintField(3, sd.size, ref + m);
      m += f::EncodeVarintField(4, sd.embedded ? 1 : 0, ref + m);
      m += f::EncodeVarintField(6, sd.compressed ? 1 : 0, ref + m);
      if (n + m + 4 > room) return Status::TooLarge("stand-in header: no room for the dictionaries");
      n += f::EncodeVarint(f::FieldTag(f::field::kHeaderDictionaries, f::kWireBytes), h + n);
      n += f::EncodeVarint(m, h + n);
      std::copy(ref, ref + m, h + n);
      n += m;
    }
    n += f::EncodeVarintField(10, f::kMaxSummarySentences, h + n);  // max_summary_sentences
    if (n > room) return Status::TooLarge("stand-in header: no room");
    size_t pad = 0;
    if (n != room) {
      if (!f::HeaderPaddingFor(n, room, &pad)) continue;
      n += f::EncodeHeaderPadding(pad, h + n);
    }
    f::Preamble pre{f::kVersionMajor, f::kVersionMinor, static_cast<uint16_t>(room), 0};
    pre.header_crc = f::ComputeHeaderCrc(pre, h);
    f::EncodePreamble(pre, data);
    std::copy(h, h + room, data + f::kPreambleSize);
    return Status::OK();
  }
  return Status::TooLarge("stand-in header: cannot fit the space the damaged one held");
}

}  // namespace newsdigest::repair
