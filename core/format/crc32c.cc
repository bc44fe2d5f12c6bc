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

}  // namespace crc32c_detail

uint32_t Crc32c(uint32_t crc, const void* data, size_t n) noexcept {
  const auto* p = static_cast<const uint8_t*>(data);
  const uint32_t* t = crc32c_detail::kCrc32cTable.v;
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

}  // namespace newsdigest::format
