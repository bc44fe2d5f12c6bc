// The digest file format: frozen constants and the little-endian codecs
// shared by core/writer (encoding) and core/reader (decoding).
//
// The byte-by-byte description is core/format/FORMAT.md. NOTE: every number in
// this file is part of the on-disk format version 1. Do not change the values;
// a change needs a new major version.
//
// This header is C++17, allocation-free and exception-free, so the
// small-device reader can use it.
#ifndef NEWSDIGEST_FORMAT_FORMAT_H_
#define NEWSDIGEST_FORMAT_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace newsdigest::format {

// File preamble: magic, version, header message length and CRC.
inline constexpr uint8_t kFileMagic[4] = {'N', 'D', 'G', 'F'};
inline constexpr uint8_t kVersionMajor = 1;  // incompatible changes
inline constexpr uint8_t kVersionMinor = 0;  // compatible additions
// magic(4) major(1) minor(1) header_len(u16) header_crc(u32)
inline constexpr size_t kPreambleSize = 12;
inline constexpr size_t kMaxHeaderSize = 4096;

// Record framing. Every record starts with a variable-size header:
// tag(1) = kRecordTagBase | kind, varint payload_len, varint meta_len,
// meta_crc(u32), text_crc(u32). Varints are minimal (no trailing 0x80 0x00)
// and at most 4 bytes (payloads are at most kMaxRecordPayload).
inline constexpr uint8_t kRecordTagBase = 0xD0;
inline constexpr size_t kMinRecordHeaderSize = 11;  // 1 + 1 + 1 + 4 + 4
inline constexpr size_t kMaxRecordHeaderSize = 17;  // 1 + 4 + 4 + 4 + 4

enum RecordKind : uint8_t {
  kRecordDigest = 1,      // payload: Digest message
  kRecordDictionary = 2,  // payload: Dictionary message
  kRecordIndex = 3,       // payload: u32 LE offsets of the digest records
};

// Trailer: the last 24 bytes of a complete file.
// index_offset(u32) digest_count(u32) index_crc(u32) header_crc_copy(u32)
// trailer_crc(u32) magic(4)
inline constexpr uint8_t kTrailerMagic[4] = {'N', 'D', 'G', 'E'};
inline constexpr size_t kTrailerSize = 24;

// Hard limits of format version 1 (a file violating them is corrupt).
inline constexpr uint32_t kMaxRecordPayload = 64u * 1024u * 1024u;
inline constexpr uint32_t kMaxDigests = 16u * 1024u * 1024u;
inline constexpr uint32_t kMaxSummarySentences = 64;
// Dictionaries one file may name (FileHeader.dictionaries max_count).
inline constexpr uint32_t kMaxDictionaries = 8;
// Largest metadata block of one digest (title, ids, keywords...).
inline constexpr uint32_t kMaxMetaSize = 64u * 1024u;
// Defaults enforced by the writer (configurable there, recorded in headers).
inline constexpr uint32_t kDefaultArticleLimit = 1024u * 1024u;

inline uint32_t LoadLE32(const uint8_t* p) noexcept {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
         (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}
inline uint16_t LoadLE16(const uint8_t* p) noexcept {
  return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
inline void StoreLE32(uint8_t* p, uint32_t v) noexcept {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}
inline void StoreLE16(uint8_t* p, uint16_t v) noexcept {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
}

// The fields of one record header (see kRecordTagBase).
// A plain struct (value-initialize it: `RecordHeader h{};`).
struct RecordHeader {
  uint8_t kind;
  uint8_t size;  // bytes of the header itself
  uint32_t payload_len;
  uint32_t meta_len;
  uint32_t meta_crc;
  uint32_t text_crc;
};

// Writes the header of a record of `kind` with these lengths and checksums
// to out[0 .. kMaxRecordHeaderSize); @return its size. meta_crc covers the
// header bytes before it (size - 8 bytes) followed by payload[0, meta_len):
// compute it with the prefix this function wrote, then call it again.
inline size_t EncodeRecordHeader(const RecordHeader& h, uint8_t* out) noexcept {
  size_t n = 0;
  out[n++] = static_cast<uint8_t>(kRecordTagBase | h.kind);
  for (uint32_t v : {h.payload_len, h.meta_len}) {
    while (v >= 0x80) {
      out[n++] = static_cast<uint8_t>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out[n++] = static_cast<uint8_t>(v);
  }
  StoreLE32(out + n, h.meta_crc);
  StoreLE32(out + n + 4, h.text_crc);
  return n + 8;
}

enum class RecordParse : uint8_t {
  kOk,
  kNeedMore,   // the bytes end before the header does
  kMalformed,  // not a well-formed record header
};

// Parses a record header from h[0 .. avail): tag, kind 1..3, minimal
// varints of at most 4 bytes, meta_len <= payload_len <= kMaxRecordPayload.
// Checksums are not verified here (container.h: RecordMetaCrc).
inline RecordParse ParseRecordHeader(const uint8_t* h, size_t avail, RecordHeader* out) noexcept {
  if (avail < 1) return RecordParse::kNeedMore;
  if ((h[0] & 0xF0) != kRecordTagBase) return RecordParse::kMalformed;
  out->kind = h[0] & 0x0F;
  if (out->kind < kRecordDigest || out->kind > kRecordIndex) return RecordParse::kMalformed;
  size_t n = 1;
  uint32_t v[2] = {0, 0};
  for (uint32_t& x : v) {
    for (int shift = 0;; shift += 7) {
      if (n >= avail) return RecordParse::kNeedMore;
      const uint8_t b = h[n++];
      if (shift == 21 && (b & 0x80) != 0) return RecordParse::kMalformed;  // a fifth byte
      if (shift > 0 && b == 0) return RecordParse::kMalformed;            // not minimal
      x |= static_cast<uint32_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
    }
  }
  if (n + 8 > avail) return RecordParse::kNeedMore;
  out->payload_len = v[0];
  out->meta_len = v[1];
  if (out->meta_len > out->payload_len || out->payload_len > kMaxRecordPayload) return RecordParse::kMalformed;
  out->meta_crc = LoadLE32(h + n);
  out->text_crc = LoadLE32(h + n + 4);
  out->size = static_cast<uint8_t>(n + 8);
  return RecordParse::kOk;
}

// CRC-32C (Castagnoli), the checksum of every checksummed region.
// Extend `crc` (0 to start) with `n` bytes at `data`.
uint32_t Crc32c(uint32_t crc, const void* data, size_t n) noexcept;

// CRC-32C arithmetic, so that the checksum of a byte range can be derived
// from checksums of other ranges instead of reading the bytes again:
// Crc32cCombine(Crc32c(0, A), Crc32c(0, B), |B|) == Crc32c(0, A || B), and
// therefore, with P(k) = Crc32c of the first k bytes of some stream,
// Crc32c(bytes [s, e)) == P(e) ^ Crc32cShift(P(s), e - s).
// Crc32cShift(crc, n) is crc followed by n zero bytes, without the final
// conditioning: the linear part of extending by n bytes. O(log n).
uint32_t Crc32cShift(uint32_t crc, uint64_t n) noexcept;
inline uint32_t Crc32cCombine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b) noexcept {
  return Crc32cShift(crc_a, len_b) ^ crc_b;
}

}  // namespace newsdigest::format

#endif  // NEWSDIGEST_FORMAT_FORMAT_H_
