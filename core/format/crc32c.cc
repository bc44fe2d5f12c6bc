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
  uint32_t c = ~crc;
  for (size_t i = 0; i < n; ++i) c = crc32c_detail::kCrc32cTable.v[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
  return ~c;
}

}  // namespace newsdigest::format
