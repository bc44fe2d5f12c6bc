// Dates and durations of the expiry flags.
#include <cctype>
#include <cstdio>

#include "newsdigest/edition/edition.h"
#include "newsdigest/ingest/dates.h"

namespace newsdigest::edition {

namespace edition_expiry_detail {

bool AllDigits(const std::string& s, size_t from, size_t n) {
  if (from + n > s.size()) return false;
  for (size_t i = from; i < from + n; ++i)
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  return true;
}

}  // namespace edition_expiry_detail

bool ParseDate(const std::string& t, int64_t* seconds) {
  namespace d = edition_expiry_detail;
  if (!t.empty() && t[0] == '@') {
    if (t.size() < 2 || t.size() > 13 || !d::AllDigits(t, 1, t.size() - 1)) return false;
    *seconds = std::stoll(t.substr(1));
    return true;
  }
  // The ISO 8601 parser of ingest (what `build` reads in "published"): the
  // whole string, calendar-checked days, any zone offset.
  return !t.empty() && ingest::ParseIso8601(t, seconds);
}

bool ParseDuration(const std::string& t, int64_t* seconds) {
  if (t.size() < 2 || t.size() > 12 || !edition_expiry_detail::AllDigits(t, 0, t.size() - 1)) return false;
  int64_t unit = 0;
  switch (t.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: return false;
  }
  const int64_t n = std::stoll(t.substr(0, t.size() - 1));
  if (n <= 0) return false;
  *seconds = n * unit;
  return true;
}

}  // namespace newsdigest::edition
