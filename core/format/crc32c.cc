// CRC-32C (Castagnoli polynomial 0x82F63B78, reflected), table driven.
#include "newsdigest/format/format.h"

namespace newsdigest::format {
namespace crc32c_detail {

struct Crc32cTable {
  uint32_t v[256];
  constexpr Crc32cTable() : v() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      v[i] = c;
    }
  }
};
inline constexpr Crc32cTable kCrc32cTable{};

#if defined(__x86_64__) && defined(__GNUC__)
// SSE4.2 has a CRC-32C instruction: 8 bytes per step on hosts that have it.
__attribute__((target("sse4.2"))) uint32_t Crc32cSse42(uint32_t crc, const uint8_t* p, size_t n) noexcept {
  uint64_t c = ~crc;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t v;
    __builtin_memcpy(&v, p, 8);
    c = __builtin_ia32_crc32di(c, v);
  }
  uint32_t c32 = static_cast<uint32_t>(c);
  for (; n > 0; --n) c32 = __builtin_ia32_crc32qi(c32, *p++);
  return ~c32;
}

// No function-local static (its guard would need the C++ runtime, and the
// reader links from plain C): libgcc fills __cpu_model before main, and the
// test is one load.
bool HasSse42() noexcept { return __builtin_cpu_supports("sse4.2") != 0; }
#endif

uint32_t Crc32cPortable(uint32_t crc, const uint8_t* p, size_t n) noexcept {
  const uint32_t* t = kCrc32cTable.v;
  uint32_t c = ~crc;
  // Four bytes per round: one 32-bit XOR, then four table steps. Same result
  // as the byte loop, fewer instructions on small cores.
  for (; n >= 4; n -= 4, p += 4) {
    c ^= static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
    c = t[c & 0xFFu] ^ (c >> 8);
    c = t[c & 0xFFu] ^ (c >> 8);
    c = t[c & 0xFFu] ^ (c >> 8);
    c = t[c & 0xFFu] ^ (c >> 8);
  }
  for (; n > 0; --n) c = t[(c ^ *p++) & 0xFFu] ^ (c >> 8);
  return ~c;
}

// Polynomial arithmetic modulo the CRC-32C polynomial, in the reflected
// bit order of the checksum (bit 31 is x^0): a * b mod P. Branch-free.
constexpr uint32_t MulModP(uint32_t a, uint32_t b) noexcept {
  uint32_t p = 0;
  for (int i = 31; i >= 0; --i) {
    p ^= b & (0u - ((a >> i) & 1u));
    b = (b >> 1) ^ (0x82F63B78u & (0u - (b & 1u)));
  }
  return p;
}

#ifndef NEWSDIGEST_CRC32C_SMALL
// x^(2^k) mod P for k < 67: enough for shifts of up to 2^64 bytes.
struct PowerTable {
  uint32_t v[67];
  constexpr PowerTable() : v() {
    v[0] = 1u << 30;  // x^1
    for (int k = 1; k < 67; ++k) v[k] = MulModP(v[k - 1], v[k - 1]);
  }
};
inline constexpr PowerTable kPowerTable{};

// x^(8 * d * 256^j) mod P for each byte value d of a 32-bit length (4 KiB):
// a shift costs at most four multiplications. Device builds, short of
// flash, define NEWSDIGEST_CRC32C_SMALL: no tables, powers squared as needed.
struct ByteShiftTable {
  uint32_t v[4][256];
  constexpr ByteShiftTable() : v() {
    for (int j = 0; j < 4; ++j) {
      const uint32_t base = PowerTable().v[3 + 8 * j];  // x^(8 * 256^j)
      v[j][0] = 1u << 31;                               // x^0
      for (int d = 1; d < 256; ++d) v[j][d] = MulModP(v[j][d - 1], base);
    }
  }
};
inline constexpr ByteShiftTable kByteShiftTable{};
#endif

}  // namespace crc32c_detail

uint32_t Crc32cShift(uint32_t crc, uint64_t n) noexcept {
  if (crc == 0 || n == 0) return crc;
  uint32_t p = 1u << 31;  // x^0
#ifdef NEWSDIGEST_CRC32C_SMALL
  // No tables (device builds short of flash): square as we go.
  uint32_t power = 1u << 23;  // x^8
  for (; n != 0; n >>= 1, power = crc32c_detail::MulModP(power, power))
    if ((n & 1u) != 0) p = crc32c_detail::MulModP(power, p);
#else
  if (n <= 0xFFFFFFFFu) {
    for (int j = 0; j < 4; ++j, n >>= 8)
      if ((n & 0xFFu) != 0) p = crc32c_detail::MulModP(crc32c_detail::kByteShiftTable.v[j][n & 0xFFu], p);
    return crc32c_detail::MulModP(p, crc);
  }
  // x^(8n) = product of x^(2^k) over the set bits k of 8n.
  for (int k = 3; n != 0; n >>= 1, ++k)
    if ((n & 1u) != 0) p = crc32c_detail::MulModP(crc32c_detail::kPowerTable.v[k], p);
#endif
  return crc32c_detail::MulModP(p, crc);
}

uint32_t Crc32c(uint32_t crc, const void* data, size_t n) noexcept {
  const auto* p = static_cast<const uint8_t*>(data);
#if defined(__x86_64__) && defined(__GNUC__)
  if (crc32c_detail::HasSse42()) return crc32c_detail::Crc32cSse42(crc, p, n);
#endif
  return crc32c_detail::Crc32cPortable(crc, p, n);
}

}  // namespace newsdigest::format
