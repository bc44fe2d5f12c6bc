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

namespace newsdigest::format {

// File preamble: magic, version, header message length and CRC.
inline constexpr uint8_t kFileMagic[4] = {'N', 'D', 'G', 'F'};
inline constexpr uint8_t kVersionMajor = 1;  // incompatible changes
inline constexpr uint8_t kVersionMinor = 0;  // compatible additions
// magic(4) major(1) minor(1) header_len(u16) header_crc(u32)
inline constexpr size_t kPreambleSize = 12;
inline constexpr size_t kMaxHeaderSize = 4096;

// Record framing. Every record starts with this fixed header.
inline constexpr uint8_t kRecordMagic[2] = {0xD7, 'R'};
// magic(2) kind(1) flags(1) payload_len(u32) meta_len(u32)
// meta_crc(u32) text_crc(u32)
inline constexpr size_t kRecordHeaderSize = 20;

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
// Defaults enforced by the writer (configurable there, recorded in headers).
inline constexpr uint32_t kDefaultArticleLimit = 1024u * 1024u;

// Digest field number of `text`; the metadata prefix ends where its tag starts.
inline constexpr uint32_t kDigestTextField = 15;

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

// CRC-32C (Castagnoli), the checksum of every checksummed region.
// Extend `crc` (0 to start) with `n` bytes at `data`.
uint32_t Crc32c(uint32_t crc, const void* data, size_t n) noexcept;

}  // namespace newsdigest::format

#endif  // NEWSDIGEST_FORMAT_FORMAT_H_
