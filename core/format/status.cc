#include "newsdigest/format/status.h"

#include "newsdigest/format/status_codes.h"

namespace newsdigest {
namespace status_detail {

// The one table of descriptions, indexed by value (status_codes.h).
struct StatusTextTable {
  const char* v[ND_STATUS_MAX_VALUE + 1];
  constexpr StatusTextTable() : v() {
#define ND_STATUS_TEXT_(c_name, cxx_name, value, text) v[value] = text;
    ND_STATUS_CODES(ND_STATUS_TEXT_)
#undef ND_STATUS_TEXT_
  }
};
inline constexpr StatusTextTable kStatusText{};

}  // namespace status_detail

const char* StatusCodeText(unsigned value) noexcept {
#ifdef NEWSDIGEST_STRIP_ERROR_STRINGS
  (void)value;
  return "";
#else
  if (value > ND_STATUS_MAX_VALUE || status_detail::kStatusText.v[value] == nullptr) return "unknown error";
  return status_detail::kStatusText.v[value];
#endif
}

const char* Status::CodeName() const noexcept { return StatusCodeText(static_cast<unsigned>(code_)); }

}  // namespace newsdigest
