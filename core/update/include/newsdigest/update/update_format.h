// The numbers of the update format (core/format/DELTA.md), shared by the
// encoder (core/delta) and the applier (nd_update_apply.cc). Frozen for
// update major version 1. Allocation-free; the device build includes it.
#ifndef NEWSDIGEST_UPDATE_UPDATE_FORMAT_H_
#define NEWSDIGEST_UPDATE_UPDATE_FORMAT_H_

#include <cstddef>
#include <cstdint>

#include "newsdigest/format/wire.h"

namespace newsdigest::update {

inline constexpr uint8_t kUpdateMagic[4] = {'N', 'D', 'G', 'U'};
inline constexpr uint8_t kUpdateVersionMajor = 1;
inline constexpr uint8_t kUpdateVersionMinor = 0;

// Header field offsets (all little-endian).
inline constexpr size_t kOffMagic = 0;        // 4 bytes
inline constexpr size_t kOffMajor = 4;        // u8
inline constexpr size_t kOffMinor = 5;        // u8
inline constexpr size_t kOffFlags = 6;        // u16, 0
inline constexpr size_t kOffUpdateSize = 8;   // u32, whole update incl. CRC
inline constexpr size_t kOffOldSize = 12;     // u32
inline constexpr size_t kOffNewSize = 16;     // u32
inline constexpr size_t kOffReserved = 20;    // u32, 0
inline constexpr size_t kOffSequence = 24;    // u64
inline constexpr size_t kOffOldSha = 32;      // 64 bytes
inline constexpr size_t kOffNewSha = 96;      // 64 bytes
inline constexpr size_t kHeaderSize = 160;    // ops start here
inline constexpr size_t kCrcSize = 4;         // CRC-32C of all bytes before it
inline constexpr size_t kMinUpdateSize = kHeaderSize + 1 + kCrcSize;  // header, END, CRC

// Operation tags; each produces the next bytes of NEW.
enum Op : uint8_t {
  kOpEnd = 0x00,      // no operand; the last op, followed by the CRC
  kOpCopy = 0x01,     // varint old_offset, varint len (>= 1): OLD[off, off+len)
  kOpInsert = 0x02,   // varint len (>= 1), then len literal bytes
  kOpFill = 0x03,     // varint len (>= 1), then one byte: len copies of it
  kOpOffsets = 0x04,  // varint count (>= 1), then count zigzag varint deltas: count u32 LE values
  kOpIndex = 0x05,    // varint first, varint count (>= 1): the offsets (u32 LE) of the first count
                      // digest records of NEW walking its records from offset `first` (read back)
};

// Varints: protobuf-style (7 bits a byte, low group first), minimal, at
// most 5 bytes, value < 2^32: the codec of newsdigest/format/wire.h
// (format::EncodeVarint, format::DecodeVarint), limited to 32 bits.
inline constexpr size_t kMaxVarint = 5;
static_assert(format::VarintSize(0xFFFFFFFFu) == kMaxVarint, "a u32 varint takes at most kMaxVarint bytes");

// OFFSETS deltas: value - previous (previous 0 for the first), modulo 2^32,
// as a signed 32-bit number, zigzag-encoded (small either way).
inline uint32_t ZigZagDelta(uint32_t value, uint32_t prev) noexcept {
  const uint32_t d = value - prev;
  return (d << 1) ^ (0u - (d >> 31));
}
inline uint32_t UnZigZagDelta(uint32_t z, uint32_t prev) noexcept {
  return prev + ((z >> 1) ^ (0u - (z & 1u)));
}

}  // namespace newsdigest::update

#endif  // NEWSDIGEST_UPDATE_UPDATE_FORMAT_H_
