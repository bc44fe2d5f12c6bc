// Body normalization, ids and ISO 8601 dates.
#include <cstdio>
#include <string>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace normalize_body_detail {

bool IsTrimmable(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { *len = 1; return true; }
  // U+00A0 NO-BREAK SPACE, U+3000 IDEOGRAPHIC SPACE, U+FEFF BOM.
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) { *len = 2; return true; }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80) { *len = 3; return true; }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF) { *len = 3; return true; }
  return false;
}

std::string_view TrimLine(std::string_view line) {
  size_t len = 0;
  while (!line.empty() && IsTrimmable(line, 0, &len)) line.remove_prefix(len);
  for (;;) {
    bool trimmed = false;
    for (size_t k = 1; k <= 3 && k <= line.size(); ++k) {
      size_t at = line.size() - k;
      if (IsTrimmable(line, at, &len) && at + len == line.size()) {
        line.remove_suffix(len);
        trimmed = true;
        break;
      }
    }
    if (!trimmed) break;
  }
  return line;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

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

}  // namespace normalize_body_detail

Status NormalizeBody(std::string_view raw, std::string* out, std::string* reason) {
  namespace d = normalize_body_detail;
  size_t bad = 0;
  if (!text::ValidateUtf8(raw, &bad).ok()) {
    *reason = "invalid UTF-8 at byte " + std::to_string(bad);
    return Status::Corruption("invalid UTF-8");
  }
  if (raw.find('\0') != std::string_view::npos) {
    *reason = "binary data (NUL byte at " + std::to_string(raw.find('\0')) + ")";
    return Status::Corruption("binary data");
  }
  std::string nfc;
  Status st = text::NormalizeNfc(raw, &nfc);
  if (!st.ok()) {
    *reason = st.message();
    return st;
  }
  out->clear();
  out->reserve(nfc.size());
  std::string_view rest = nfc;
  while (!rest.empty()) {
    size_t nl = rest.find_first_of("\r\n");
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    line = d::TrimLine(line);
    if (line.empty()) continue;
    if (!out->empty()) out->push_back('\n');
    out->append(line);
  }
  return Status::OK();
}

uint64_t BodyHash(std::string_view body) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

void AssignId(Article* article) {
  if (!article->id.empty()) return;
  char buf[20];
  std::snprintf(buf, sizeof buf, "h%016llx", static_cast<unsigned long long>(BodyHash(article->body)));
  article->id = buf;
}

bool ParseIso8601(std::string_view s, int64_t* out_seconds) {
  namespace d = normalize_body_detail;
  size_t p = 0;
  int y = 0, mo = 0, da = 0, h = 0, mi = 0, se = 0;
  if (!d::ReadDigits(s, &p, 4, &y)) return false;
  if (p >= s.size() || s[p++] != '-' || !d::ReadDigits(s, &p, 2, &mo)) return false;
  if (p >= s.size() || s[p++] != '-' || !d::ReadDigits(s, &p, 2, &da)) return false;
  if (mo < 1 || mo > 12 || da < 1 || da > 31) return false;
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
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') { ++p; ++digits; }
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
        if (oh > 23 || om > 59) return false;
        offset = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
      }
    }
  }
  if (p != s.size()) return false;
  *out_seconds = d::DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(da)) * 86400 +
                 h * 3600 + mi * 60 + se - offset;
  return true;
}

std::string FormatIso8601(int64_t seconds) {
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
