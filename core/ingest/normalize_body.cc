// Body normalization and ids.
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

}  // namespace newsdigest::ingest
