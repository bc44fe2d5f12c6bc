// The container codecs of the digest file: preamble, header framing and
// padding, record header, trailer (core/format/FORMAT.md). These are the
// only place where offsets inside those structures are written down; the
// reader, the writer, repair and tests encode and decode through them.
//
// Allocation-free and exception-free, so the device reader uses them too.
// Thread-safety: pure functions.
#ifndef NEWSDIGEST_FORMAT_CONTAINER_H_
#define NEWSDIGEST_FORMAT_CONTAINER_H_

#include <cstddef>
#include <cstdint>

#include "newsdigest/format/format.h"
#include "newsdigest/format/wire.h"

namespace newsdigest::format {

// ---- Preamble (12 bytes) ----------------------------------------------------

struct Preamble {
  uint8_t major;
  uint8_t minor;
  uint16_t header_len;  // bytes of the FileHeader message after the preamble
  uint32_t header_crc;  // CRC-32C of preamble bytes [0, 8) + header message
};

// Bytes of the preamble covered by header_crc (magic, versions, header_len).
inline constexpr size_t kPreambleCrcPrefix = 8;

enum class PreambleParse : uint8_t {
  kOk,
  kNeedMore,    // fewer than kPreambleSize bytes
  kBadMagic,    // not a digest file
  kBadVersion,  // a major version this code does not read
  kMalformed,   // header_len above kMaxHeaderSize
};

// Writes the preamble to out[0 .. kPreambleSize). Magic and major version
// are this format's; p.major is ignored.
inline void EncodePreamble(const Preamble& p, uint8_t* out) noexcept {
  for (size_t i = 0; i < 4; ++i) out[i] = kFileMagic[i];
  out[4] = kVersionMajor;
  out[5] = p.minor;
  StoreLE16(out + 6, p.header_len);
  StoreLE32(out + kPreambleCrcPrefix, p.header_crc);
}

inline PreambleParse DecodePreamble(const uint8_t* in, size_t avail, Preamble* out) noexcept {
  if (avail < kPreambleSize) return PreambleParse::kNeedMore;
  for (size_t i = 0; i < 4; ++i)
    if (in[i] != kFileMagic[i]) return PreambleParse::kBadMagic;
  if (in[4] != kVersionMajor) return PreambleParse::kBadVersion;
  out->major = in[4];
  out->minor = in[5];
  out->header_len = LoadLE16(in + 6);
  out->header_crc = LoadLE32(in + kPreambleCrcPrefix);
  if (out->header_len > kMaxHeaderSize) return PreambleParse::kMalformed;
  return PreambleParse::kOk;
}

// header_crc of a preamble (its first kPreambleCrcPrefix bytes are taken
// from `p`, header_crc itself is not) followed by header[0, p.header_len).
inline uint32_t ComputeHeaderCrc(const Preamble& p, const void* header) noexcept {
  uint8_t pre[kPreambleSize];
  EncodePreamble(p, pre);
  return Crc32c(Crc32c(0, pre, kPreambleCrcPrefix), header, p.header_len);
}

// ---- Header padding (FileHeader field 15) -----------------------------------

// The padding field that grows a serialized FileHeader of `plain_size`
// bytes (without padding) to exactly `target` bytes: *pad_len gets the
// number of padding bytes (the field's content). @return false when no
// padding field fits (target < plain_size + 2, or an impossible size).
// The field is FieldTag(kHeaderPadding, kWireBytes) (1 byte), a varint
// length, then *pad_len zero bytes; EncodeHeaderPadding writes it.
inline bool HeaderPaddingFor(size_t plain_size, size_t target, size_t* pad_len) noexcept {
  for (size_t vlen = 1; vlen <= 3; ++vlen) {
    if (plain_size + 1 + vlen > target) return false;
    const size_t n = target - plain_size - 1 - vlen;
    if (VarintSize(n) == vlen) {
      *pad_len = n;
      return true;
    }
  }
  return false;
}

// Writes the padding field of `pad_len` bytes to out; @return its size
// (1 + VarintSize(pad_len) + pad_len).
inline size_t EncodeHeaderPadding(size_t pad_len, uint8_t* out) noexcept {
  size_t n = EncodeVarint(FieldTag(field::kHeaderPadding, kWireBytes), out);
  n += EncodeVarint(pad_len, out + n);
  for (size_t i = 0; i < pad_len; ++i) out[n + i] = 0;
  return n + pad_len;
}

// ---- Record header ------------------------------------------------------------

// Bytes of a record header that meta_crc covers (all but the two CRCs).
inline constexpr size_t RecordCrcPrefix(const RecordHeader& h) noexcept { return h.size - 8u; }

// meta_crc of a record whose header bytes are `header` (h.size of them) and
// whose payload starts at `payload`.
inline uint32_t RecordMetaCrc(const RecordHeader& h, const uint8_t* header, const void* payload) noexcept {
  return Crc32c(Crc32c(0, header, RecordCrcPrefix(h)), payload, h.meta_len);
}

// text_crc of a record whose payload starts at `payload`.
inline uint32_t RecordTextCrc(const RecordHeader& h, const void* payload) noexcept {
  return Crc32c(0, static_cast<const uint8_t*>(payload) + h.meta_len, h.payload_len - h.meta_len);
}

// Writes the complete header (checksums computed) of a record of `kind`
// whose payload is payload[0, payload_len), the first meta_len bytes being
// its metadata, to out[0 .. kMaxRecordHeaderSize). @return its size.
// REQUIRES: meta_len <= payload_len <= kMaxRecordPayload.
inline size_t FrameRecord(uint8_t kind, const void* payload, uint32_t payload_len, uint32_t meta_len,
                          uint8_t* out) noexcept {
  RecordHeader h{};
  h.kind = kind;
  h.payload_len = payload_len;
  h.meta_len = meta_len;
  h.size = static_cast<uint8_t>(EncodeRecordHeader(h, out));
  h.meta_crc = RecordMetaCrc(h, out, payload);
  h.text_crc = RecordTextCrc(h, payload);
  return EncodeRecordHeader(h, out);
}

// ---- Trailer (last 24 bytes) --------------------------------------------------

struct Trailer {
  uint32_t index_offset;
  uint32_t digest_count;
  uint32_t header_crc;  // a copy of the preamble's
};

inline void EncodeTrailer(const Trailer& t, uint8_t* out) noexcept {
  StoreLE32(out + 0, t.index_offset);
  StoreLE32(out + 4, t.digest_count);
  StoreLE32(out + 8, t.header_crc);
  StoreLE32(out + 12, 0);  // reserved
  StoreLE32(out + 16, Crc32c(0, out, 16));
  for (size_t i = 0; i < 4; ++i) out[20 + i] = kTrailerMagic[i];
}

// Reads the fields of in[0 .. kTrailerSize) without checking its checksum
// (tools that repair or damage trailers). @return whether the magic holds.
inline bool ReadTrailerFields(const uint8_t* in, Trailer* out) noexcept {
  out->index_offset = LoadLE32(in + 0);
  out->digest_count = LoadLE32(in + 4);
  out->header_crc = LoadLE32(in + 8);
  for (size_t i = 0; i < 4; ++i)
    if (in[20 + i] != kTrailerMagic[i]) return false;
  return true;
}

// Decodes in[0 .. kTrailerSize). @return false when its magic or checksum
// does not hold.
inline bool DecodeTrailer(const uint8_t* in, Trailer* out) noexcept {
  for (size_t i = 0; i < 4; ++i)
    if (in[20 + i] != kTrailerMagic[i]) return false;
  if (Crc32c(0, in, 16) != LoadLE32(in + 16)) return false;
  out->index_offset = LoadLE32(in + 0);
  out->digest_count = LoadLE32(in + 4);
  out->header_crc = LoadLE32(in + 8);
  return true;
}

}  // namespace newsdigest::format

#endif  // NEWSDIGEST_FORMAT_CONTAINER_H_
