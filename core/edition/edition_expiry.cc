// Dates and durations of the expiry flags.
#include <cctype>
#include <cstdio>

#include "newsdigest/edition/edition.h"

namespace newsdigest::edition {

namespace edition_expiry_detail {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool AllDigits(const std::string& s, size_t from, size_t n) {
  if (from + n > s.size()) return false;
  for (size_t i = from; i < from + n; ++i)
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  return true;
}

int Num(const std::string& s, size_t from, size_t n) { return std::stoi(s.substr(from, n)); }

}  // namespace edition_expiry_detail

bool ParseDate(const std::string& t, int64_t* seconds) {
  namespace d = edition_expiry_detail;
  if (!t.empty() && t[0] == '@') {
    if (t.size() < 2 || t.size() > 13 || !d::AllDigits(t, 1, t.size() - 1)) return false;
    *seconds = std::stoll(t.substr(1));
    return true;
  }
  if (!d::AllDigits(t, 0, 4) || t.size() < 10 || t[4] != '-' || !d::AllDigits(t, 5, 2) || t[7] != '-' ||
      !d::AllDigits(t, 8, 2))
    return false;
  const int y = d::Num(t, 0, 4), mo = d::Num(t, 5, 2), da = d::Num(t, 8, 2);
  if (mo < 1 || mo > 12 || da < 1 || da > 31) return false;
  int hh = 0, mm = 0, ss = 0;
  size_t pos = 10;
  if (pos < t.size()) {
    if ((t[pos] != 'T' && t[pos] != ' ') || !d::AllDigits(t, pos + 1, 2) || pos + 3 >= t.size() ||
        t[pos + 3] != ':' || !d::AllDigits(t, pos + 4, 2))
      return false;
    hh = d::Num(t, pos + 1, 2);
    mm = d::Num(t, pos + 4, 2);
    pos += 6;
    if (pos < t.size() && t[pos] == ':') {
      if (!d::AllDigits(t, pos + 1, 2)) return false;
      ss = d::Num(t, pos + 1, 2);
      pos += 3;
    }
    if (pos < t.size() && t[pos] == 'Z') ++pos;
    if (pos != t.size() || hh > 23 || mm > 59 || ss > 60) return false;
  }
  *seconds = d::DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(da)) * 86400 + hh * 3600 +
             mm * 60 + ss;
  return true;
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
