// ISO 8601 and RFC 822 dates (see dates.h).
#include "newsdigest/ingest/dates.h"

#include <cstdio>
#include <cstring>

#include "newsdigest/ingest/extract.h"

namespace newsdigest::ingest {
namespace dates_detail {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// Days in month `m` (1..12) of year `y` (proleptic Gregorian).
int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// The largest zone offset in minutes (UTC+14:00, Kiribati).
inline constexpr int kMaxOffsetMinutes = 14 * 60;

int64_t ToSeconds(int y, int mo, int da, int h, int mi, int se, int64_t offset_seconds) {
  return ClampDate(DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(da)) * 86400 + h * 3600 +
                   mi * 60 + se - offset_seconds);
}

// Exactly n digits at *pos.
bool ReadDigits(std::string_view s, size_t* pos, size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

// 1..max_digits digits at *pos.
bool ReadInt(std::string_view s, size_t* pos, int* out, size_t max_digits) {
  size_t p = *pos, n = 0;
  int v = 0;
  while (p < s.size() && n < max_digits && s[p] >= '0' && s[p] <= '9') {
    v = v * 10 + (s[p] - '0');
    ++p;
    ++n;
  }
  if (n == 0) return false;
  *pos = p;
  *out = v;
  return true;
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char UpperAscii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

int MonthFromName(std::string_view m) {
  static constexpr const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                            "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  if (m.size() < 3) return 0;
  char up[3] = {UpperAscii(m[0]), UpperAscii(m[1]), UpperAscii(m[2])};
  for (int i = 0; i < 12; ++i)
    if (std::memcmp(up, kMonths[i], 3) == 0) return i + 1;
  return 0;
}

void SkipSeparators(std::string_view s, size_t* p) {
  while (*p < s.size() && (s[*p] == ' ' || s[*p] == '\t' || s[*p] == ',')) ++*p;
}

// Skips separators and one '-' (RFC 850 writes "10-Jun-03").
void SkipDateSeparators(std::string_view s, size_t* p) {
  SkipSeparators(s, p);
  if (*p < s.size() && s[*p] == '-') ++*p;
  SkipSeparators(s, p);
}

// Whether the text after an ISO date ("2003-06-10" + rest) may be dropped
// to keep the day: a time with fields in range followed by something that is
// not a numeric zone ("04:00:00 EST"), or text that is not a time
// (" (Tuesday)"). An out-of-range time or zone makes the whole date invalid.
bool IgnorableIsoTail(std::string_view rest) {
  size_t p = 0;
  if (p < rest.size() && (rest[p] == 'T' || rest[p] == 't' || rest[p] == ' ')) {
    ++p;
    int h = 0, mi = 0, se = 0;
    if (!ReadDigits(rest, &p, 2, &h)) return rest[0] == ' ';
    if (p >= rest.size() || rest[p++] != ':' || !ReadDigits(rest, &p, 2, &mi)) return false;
    if (p < rest.size() && rest[p] == ':') {
      ++p;
      if (!ReadDigits(rest, &p, 2, &se)) return false;
    }
    if (h > 23 || mi > 59 || se > 60) return false;
    while (p < rest.size() && (rest[p] == '.' || rest[p] == ',' || (rest[p] >= '0' && rest[p] <= '9'))) ++p;
    while (p < rest.size() && rest[p] == ' ') ++p;
  }
  // A numeric zone or Z here was rejected by ParseIso8601: out of range.
  return !(p < rest.size() && (rest[p] == '+' || rest[p] == '-' || rest[p] == 'Z' || rest[p] == 'z'));
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace dates_detail

int64_t ClampDate(int64_t seconds) {
  if (seconds < kMinDateSeconds) return kMinDateSeconds;
  if (seconds > kMaxDateSeconds) return kMaxDateSeconds;
  return seconds;
}

bool ParseIso8601(std::string_view s, int64_t* out_seconds) {
  namespace d = dates_detail;
  size_t p = 0;
  int y = 0, mo = 0, da = 0, h = 0, mi = 0, se = 0;
  if (!d::ReadDigits(s, &p, 4, &y)) return false;
  if (p >= s.size() || s[p++] != '-' || !d::ReadDigits(s, &p, 2, &mo)) return false;
  if (p >= s.size() || s[p++] != '-' || !d::ReadDigits(s, &p, 2, &da)) return false;
  if (mo < 1 || mo > 12 || da < 1 || da > d::DaysInMonth(y, mo)) return false;
  int64_t offset = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    ++p;
    if (!d::ReadDigits(s, &p, 2, &h)) return false;
    if (p >= s.size() || s[p++] != ':' || !d::ReadDigits(s, &p, 2, &mi)) return false;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!d::ReadDigits(s, &p, 2, &se)) return false;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        size_t digits = 0;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
          ++p;
          ++digits;
        }
        if (digits == 0) return false;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return false;
    if (p < s.size()) {
      char z = s[p];
      if (z == 'Z' || z == 'z') {
        ++p;
      } else if (z == '+' || z == '-') {
        ++p;
        int oh = 0, om = 0;
        if (!d::ReadDigits(s, &p, 2, &oh)) return false;
        if (p < s.size() && s[p] == ':') ++p;
        if (p < s.size() && !d::ReadDigits(s, &p, 2, &om)) return false;
        if (om > 59 || oh * 60 + om > d::kMaxOffsetMinutes) return false;
        offset = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
      }
    }
  }
  if (p != s.size()) return false;
  if (se > 59) se = 59;  // a leap second stays in its minute
  *out_seconds = d::ToSeconds(y, mo, da, h, mi, se, offset);
  return true;
}

bool ParseRfc822Date(std::string_view s, int64_t* out_seconds) {
  namespace d = dates_detail;
  size_t p = 0;
  d::SkipSeparators(s, &p);
  // Optional day name ("Tue", "Tuesday").
  if (p < s.size() && d::IsAlpha(s[p])) {
    while (p < s.size() && d::IsAlpha(s[p])) ++p;
    d::SkipSeparators(s, &p);
  }
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (!d::ReadInt(s, &p, &day, 2)) return false;
  d::SkipDateSeparators(s, &p);
  size_t mb = p;
  while (p < s.size() && d::IsAlpha(s[p])) ++p;
  int month = d::MonthFromName(s.substr(mb, p - mb));
  if (month == 0) return false;
  d::SkipDateSeparators(s, &p);
  size_t yb = p;
  if (!d::ReadInt(s, &p, &year, 4)) return false;
  if (p - yb == 2) year += year < 50 ? 2000 : 1900;
  d::SkipSeparators(s, &p);
  if (d::ReadInt(s, &p, &hh, 2)) {
    if (p >= s.size() || s[p] != ':') return false;
    ++p;
    if (!d::ReadInt(s, &p, &mm, 2)) return false;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!d::ReadInt(s, &p, &ss, 2)) return false;
    }
  }
  d::SkipSeparators(s, &p);
  int offset_min = 0;
  if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    int sign = s[p] == '-' ? -1 : 1;
    ++p;
    int hhmm = 0;
    size_t b = p;
    if (!d::ReadInt(s, &p, &hhmm, 4)) return false;
    if (p - b == 4) {
      if (hhmm % 100 > 59) return false;
      offset_min = sign * ((hhmm / 100) * 60 + hhmm % 100);
    } else if (p - b <= 2) {
      int m2 = 0;
      if (p < s.size() && s[p] == ':') {
        ++p;
        (void)d::ReadInt(s, &p, &m2, 2);
      }
      if (m2 > 59) return false;
      offset_min = sign * (hhmm * 60 + m2);
    }
    if (offset_min > d::kMaxOffsetMinutes || offset_min < -d::kMaxOffsetMinutes) return false;
  } else if (p < s.size()) {
    std::string zone;
    while (p < s.size() && d::IsAlpha(s[p]) && zone.size() < 8) zone.push_back(d::UpperAscii(s[p++]));
    static constexpr struct {
      const char* name;
      int minutes;
    } kZones[] = {{"GMT", 0},      {"UT", 0},       {"UTC", 0},      {"Z", 0},        {"EST", -5 * 60},
                  {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60}, {"MST", -7 * 60}, {"MDT", -6 * 60},
                  {"PST", -8 * 60}, {"PDT", -7 * 60}, {"CET", 60},      {"CEST", 120},    {"BST", 60},
                  {"IST", 5 * 60},  {"JST", 9 * 60}};
    for (const auto& z : kZones)
      if (zone == z.name) offset_min = z.minutes;
  }
  if (day < 1 || day > d::DaysInMonth(year, month) || hh > 23 || mm > 59 || ss > 60) return false;
  if (ss > 59) ss = 59;  // a leap second stays in its minute
  *out_seconds = d::ToSeconds(year, month, day, hh, mm, ss, int64_t{offset_min} * 60);
  return true;
}

bool ParseDate(std::string_view s, int64_t* out_seconds) {
  namespace d = dates_detail;
  std::string_view t = d::Trim(s);
  if (t.empty() || t.size() > 64) return false;
  if (ParseIso8601(t, out_seconds)) return true;
  // "2003-06-10T04:00:00 EST", "2003-06-10 (Tuesday)": keep the day.
  if (t.size() >= 10 && t[4] == '-' && t[7] == '-') {
    // An ISO date whose time or zone is out of range is dropped, not
    // shifted, and never read as RFC 822 either.
    if (!d::IgnorableIsoTail(t.substr(10))) return false;
    return ParseIso8601(t.substr(0, 10), out_seconds);
  }
  return ParseRfc822Date(t, out_seconds);
}

bool ParseFeedDate(std::string_view s, int64_t* out_seconds) { return ParseDate(s, out_seconds); }

std::string FormatIso8601(int64_t seconds) {
  seconds = ClampDate(seconds);
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - days * 86400;
  // civil_from_days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  y += mm <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), mm, dd,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

}  // namespace newsdigest::ingest
