// Protobuf wire-format codec of the digest file: varints, field tags and the
// field numbers of proto/newsdigest.proto, for code that walks or patches a
// message without a generated parser (the reader's metadata fast path,
// repair). Allocation-free and exception-free (device reader).
//
// NOTE: the field numbers are part of the on-disk format version 1; they
// must equal proto/newsdigest.proto.
#ifndef NEWSDIGEST_FORMAT_WIRE_H_
#define NEWSDIGEST_FORMAT_WIRE_H_

#include <cstddef>
#include <cstdint>

namespace newsdigest::format {

// Wire types (protobuf encoding).
enum WireType : uint8_t {
  kWireVarint = 0,
  kWireFixed64 = 1,
  kWireBytes = 2,
  kWireFixed32 = 5,
};

// Field numbers of the messages in proto/newsdigest.proto.
namespace field {
// FileHeader
inline constexpr uint32_t kHeaderDigestCount = 1;
inline constexpr uint32_t kHeaderArticleLimit = 6;
inline constexpr uint32_t kHeaderCreated = 7;
inline constexpr uint32_t kHeaderDictionaries = 9;
inline constexpr uint32_t kHeaderPadding = 15;
// Dictionary (record kind 2)
inline constexpr uint32_t kDictId = 1;
inline constexpr uint32_t kDictContent = 2;
inline constexpr uint32_t kDictCompressed = 3;
// Digest (metadata of record kind 1)
inline constexpr uint32_t kDigestId = 1;
inline constexpr uint32_t kDigestTitle = 2;
inline constexpr uint32_t kDigestSource = 3;
inline constexpr uint32_t kDigestPlace = 4;
inline constexpr uint32_t kDigestByline = 5;
inline constexpr uint32_t kDigestUrl = 6;
inline constexpr uint32_t kDigestPublished = 7;
inline constexpr uint32_t kDigestLang = 8;
inline constexpr uint32_t kDigestKeywords = 9;
inline constexpr uint32_t kDigestDictId = 10;
inline constexpr uint32_t kDigestTextSize = 11;
inline constexpr uint32_t kDigestSummarySpans = 12;
inline constexpr uint32_t kDigestTextRef = 13;
}  // namespace field

inline constexpr size_t kMaxVarintSize = 10;

// Bytes of `v` as a varint (1..10).
inline constexpr size_t VarintSize(uint64_t v) noexcept {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Writes `v` as a varint to out[0 .. VarintSize(v)); @return its size.
inline size_t EncodeVarint(uint64_t v, uint8_t* out) noexcept {
  size_t n = 0;
  while (v >= 0x80) {
    out[n++] = static_cast<uint8_t>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out[n++] = static_cast<uint8_t>(v);
  return n;
}

// Reads a varint of at most 64 bits from [*p, end); advances *p. @return
// false when it runs past `end` or exceeds 64 bits (*p is then unspecified).
inline bool DecodeVarint(const uint8_t** p, const uint8_t* end, uint64_t* out) noexcept {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 70; shift += 7) {
    if (*p >= end) return false;
    const uint8_t b = *(*p)++;
    if (shift == 63 && b > 1) return false;
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

// The tag of a field: number << 3 | wire type.
inline constexpr uint64_t FieldTag(uint32_t number, WireType type) noexcept {
  return (static_cast<uint64_t>(number) << 3) | type;
}

// One field of a message, as WireNext reads it.
struct WireField {
  uint32_t number;
  uint8_t type;           // WireType
  uint64_t value;         // varint value, or length of a bytes field
  const uint8_t* data;    // bytes field: its content (value bytes); else null
  const uint8_t* begin;   // the whole field, tag included: [begin, end)
  const uint8_t* end;
};

// Reads the field at *p (before `end`) into *f and advances *p past it.
// @return false on malformed input: a truncated field, field number 0 or
// above 2^29 - 1, a group or reserved wire type.
inline bool WireNext(const uint8_t** p, const uint8_t* end, WireField* f) noexcept {
  f->begin = *p;
  f->data = nullptr;
  f->value = 0;
  uint64_t tag = 0;
  if (!DecodeVarint(p, end, &tag) || tag > 0xFFFFFFFFu) return false;
  f->number = static_cast<uint32_t>(tag >> 3);
  f->type = static_cast<uint8_t>(tag & 7);
  if (f->number == 0) return false;
  switch (f->type) {
    case kWireVarint:
      if (!DecodeVarint(p, end, &f->value)) return false;
      break;
    case kWireFixed64:
    case kWireFixed32: {
      const size_t n = f->type == kWireFixed64 ? 8 : 4;
      if (static_cast<size_t>(end - *p) < n) return false;
      *p += n;
      break;
    }
    case kWireBytes:
      if (!DecodeVarint(p, end, &f->value) || f->value > static_cast<uint64_t>(end - *p)) return false;
      f->data = *p;
      *p += f->value;
      break;
    default:
      return false;
  }
  f->end = *p;
  return true;
}

// Writes a varint field (tag + value) to out (room for 2 * kMaxVarintSize);
// @return bytes written.
inline size_t EncodeVarintField(uint32_t number, uint64_t v, uint8_t* out) noexcept {
  size_t n = EncodeVarint(FieldTag(number, kWireVarint), out);
  return n + EncodeVarint(v, out + n);
}

}  // namespace newsdigest::format

#endif  // NEWSDIGEST_FORMAT_WIRE_H_
