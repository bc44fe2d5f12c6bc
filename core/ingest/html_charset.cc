// HTML charset handling: declared charset prescan and ICU conversion.
#include "html_charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <cstring>
#include <memory>

#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace html_charset_detail {

// How far into the document declarations are looked for. The HTML spec says
// 1024 bytes; real pages put long <head> content before <meta charset>.
constexpr size_t kPrescanBytes = 16384;

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/'; }

// Reads "charset=NAME" out of a Content-Type value.
std::string CharsetFromContentType(std::string_view v) {
  std::string low;
  low.reserve(v.size());
  for (char c : v) low.push_back(LowerAscii(c));
  size_t at = low.find("charset");
  if (at == std::string::npos) return "";
  at += 7;
  while (at < low.size() && (low[at] == ' ' || low[at] == '\t')) ++at;
  if (at >= low.size() || low[at] != '=') return "";
  ++at;
  while (at < low.size() && (low[at] == ' ' || low[at] == '\t' || low[at] == '"' || low[at] == '\'')) ++at;
  size_t end = at;
  while (end < low.size() && low[end] != ';' && low[end] != '"' && low[end] != '\'' && low[end] != ' ') ++end;
  return low.substr(at, end - at);
}

// Parses the attributes of one tag starting after its name; stops at '>'.
// Returns the position after the tag.
size_t ParseMetaAttributes(std::string_view s, size_t i, std::string* charset, std::string* http_equiv,
                           std::string* content) {
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size() || s[i] == '>') break;
    size_t name_start = i;
    while (i < s.size() && !IsSpace(s[i]) && s[i] != '=' && s[i] != '>') ++i;
    std::string name;
    for (size_t k = name_start; k < i; ++k) name.push_back(LowerAscii(s[k]));
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        size_t end = s.find(q, i);
        if (end == std::string_view::npos) end = s.size();
        value.assign(s.substr(i, end - i));
        i = end + 1;
      } else {
        size_t start = i;
        while (i < s.size() && !IsSpace(s[i]) && s[i] != '>') ++i;
        value.assign(s.substr(start, i - start));
      }
    }
    if (name == "charset") {
      *charset = value;
    } else if (name == "http-equiv") {
      *http_equiv = value;
    } else if (name == "content") {
      *content = value;
    }
    if (name.empty() && i < s.size() && s[i] != '>') ++i;
  }
  return i;
}

std::string Trimmed(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  std::string r = s.substr(b, e - b + 1);
  for (char& c : r) c = LowerAscii(c);
  return r;
}

// Maps labels to the encoding HTML actually means by them (WHATWG Encoding).
std::string CanonicalCharset(std::string name) {
  if (name == "iso-8859-1" || name == "latin1" || name == "latin-1" || name == "us-ascii" || name == "ascii" ||
      name == "iso8859-1" || name == "l1" || name == "cp1252" || name == "windows-1252" || name == "x-cp1252")
    return "windows-1252";
  if (name == "utf8" || name == "unicode-1-1-utf-8") return "utf-8";
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") return "gb18030";
  if (name == "iso-8859-9" || name == "latin5") return "windows-1254";
  if (name == "tis-620" || name == "iso-8859-11") return "windows-874";
  if (name == "ks_c_5601-1987" || name == "euc-kr") return "windows-949";
  if (name == "shift-jis" || name == "sjis" || name == "x-sjis") return "shift_jis";
  // A page served as UTF-16 cannot declare so in ASCII; treat as UTF-8.
  if (name == "utf-16" || name == "utf-16le" || name == "utf-16be") return "utf-8";
  return name;
}

bool ConvertWithIcu(std::string_view bytes, const char* from, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* src = ucnv_open(from, &err);
  if (U_FAILURE(err) || src == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> src_guard(src, ucnv_close);
  err = U_ZERO_ERROR;
  UConverter* dst = ucnv_open("UTF-8", &err);
  if (U_FAILURE(err) || dst == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> dst_guard(dst, ucnv_close);
  // Worst case: every input byte becomes a 3-byte U+FFFD or a 3-byte char.
  out->assign(bytes.size() * 3 + 16, '\0');
  char* target = out->data();
  const char* source = bytes.data();
  err = U_ZERO_ERROR;
  ucnv_convertEx(dst, src, &target, out->data() + out->size(), &source, bytes.data() + bytes.size(), nullptr,
                 nullptr, nullptr, nullptr, true, true, &err);
  if (U_FAILURE(err)) return false;
  out->resize(static_cast<size_t>(target - out->data()));
  return true;
}

// ICU's statistical detector; empty when it has no confident answer.
std::string DetectCharset(std::string_view bytes) {
  UErrorCode err = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&err);
  if (U_FAILURE(err)) return "";
  std::unique_ptr<UCharsetDetector, void (*)(UCharsetDetector*)> guard(det, ucsdet_close);
  // A sample is enough and keeps detection cheap on large pages.
  size_t n = bytes.size() < 65536 ? bytes.size() : 65536;
  ucsdet_setText(det, bytes.data(), static_cast<int32_t>(n), &err);
  ucsdet_enableInputFilter(det, true);
  const UCharsetMatch* m = ucsdet_detect(det, &err);
  if (U_FAILURE(err) || m == nullptr) return "";
  const char* name = ucsdet_getName(m, &err);
  if (U_FAILURE(err) || name == nullptr) return "";
  std::string r(name);
  for (char& c : r) c = LowerAscii(c);
  return CanonicalCharset(r);
}

}  // namespace html_charset_detail

std::string RepairUtf8(std::string_view s) {
  if (text::IsValidUtf8(s)) return std::string(s);
  std::string out;
  if (html_charset_detail::ConvertWithIcu(s, "UTF-8", &out)) return out;
  // Conversion cannot fail for UTF-8; keep ASCII only as a last resort.
  out.clear();
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x80) out.push_back(c);
  return out;
}

std::string SniffDeclaredCharset(std::string_view bytes) {
  namespace d = html_charset_detail;
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF &&
      static_cast<unsigned char>(bytes[1]) == 0xBB && static_cast<unsigned char>(bytes[2]) == 0xBF)
    return "utf-8";
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xFE)
    return "utf-16le";
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFE &&
      static_cast<unsigned char>(bytes[1]) == 0xFF)
    return "utf-16be";
  std::string_view head = bytes.substr(0, std::min(bytes.size(), d::kPrescanBytes));
  // XML declaration: <?xml version="1.0" encoding="...">
  if (head.substr(0, 5) == "<?xml") {
    size_t end = head.find("?>");
    size_t enc = head.find("encoding");
    if (enc != std::string_view::npos && enc < end) {
      size_t q = head.find_first_of("\"'", enc);
      if (q != std::string_view::npos) {
        size_t q2 = head.find(head[q], q + 1);
        if (q2 != std::string_view::npos && q2 < end) {
          std::string name = d::Trimmed(std::string(head.substr(q + 1, q2 - q - 1)));
          if (!name.empty()) return d::CanonicalCharset(name);
        }
      }
    }
  }
  size_t i = 0;
  while (i < head.size()) {
    size_t lt = head.find('<', i);
    if (lt == std::string_view::npos || lt + 5 >= head.size()) break;
    if (head.compare(lt, 4, "<!--") == 0) {
      size_t end = head.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (d::LowerAscii(head[lt + 1]) == 'm' && d::LowerAscii(head[lt + 2]) == 'e' &&
        d::LowerAscii(head[lt + 3]) == 't' && d::LowerAscii(head[lt + 4]) == 'a' && d::IsSpace(head[lt + 5])) {
      std::string charset, http_equiv, content;
      i = d::ParseMetaAttributes(head, lt + 5, &charset, &http_equiv, &content);
      charset = d::Trimmed(charset);
      if (!charset.empty()) return d::CanonicalCharset(charset);
      if (d::Trimmed(http_equiv) == "content-type") {
        std::string c = d::CharsetFromContentType(content);
        if (!c.empty()) return d::CanonicalCharset(d::Trimmed(c));
      }
      continue;
    }
    i = lt + 1;
  }
  return "";
}

Status DecodeHtmlToUtf8(std::string_view bytes, std::string* out, std::string* charset, std::string* reason) {
  namespace d = html_charset_detail;
  std::string declared = SniffDeclaredCharset(bytes);
  // Drop a BOM; UTF-16 with a BOM is converted by ICU.
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF &&
      static_cast<unsigned char>(bytes[1]) == 0xBB && static_cast<unsigned char>(bytes[2]) == 0xBF)
    bytes.remove_prefix(3);
  if (declared == "utf-16le" || declared == "utf-16be") {
    if (!d::ConvertWithIcu(bytes.substr(2), declared == "utf-16le" ? "UTF-16LE" : "UTF-16BE", out)) {
      *reason = "cannot convert from " + declared;
      return Status::Corruption("charset conversion failed");
    }
    *charset = declared;
    return Status::OK();
  }
  // Valid UTF-8 with non-ASCII text is UTF-8 whatever the page declares:
  // legacy-encoded text almost never forms valid multi-byte sequences, and
  // saved pages often keep a stale declaration.
  bool valid_utf8 = text::IsValidUtf8(bytes);
  if (valid_utf8) {
    out->assign(bytes);
    *charset = "utf-8";
    return Status::OK();
  }
  if (declared.empty() || declared == "utf-8") {
    if (valid_utf8) {
      out->assign(bytes);
      *charset = "utf-8";
      return Status::OK();
    }
    // Declared UTF-8 (or nothing) but not UTF-8: trust the detector.
    std::string detected = d::DetectCharset(bytes);
    if (detected.empty() || detected == "utf-8") detected = declared.empty() ? "windows-1252" : "utf-8";
    declared = detected;
  }
  if (declared == "utf-8") {
    *out = RepairUtf8(bytes);
    *charset = "utf-8";
    return Status::OK();
  }
  if (!d::ConvertWithIcu(bytes, declared.c_str(), out)) {
    // Unknown label: a valid UTF-8 document is most likely just that.
    if (valid_utf8) {
      out->assign(bytes);
      *charset = "utf-8";
      return Status::OK();
    }
    std::string detected = d::DetectCharset(bytes);
    if (detected.empty()) detected = "windows-1252";
    if (!d::ConvertWithIcu(bytes, detected.c_str(), out)) {
      *reason = "unsupported charset \"" + declared + "\"";
      return Status::NotSupported("unsupported charset");
    }
    declared = detected;
  }
  *charset = declared;
  return Status::OK();
}

}  // namespace newsdigest::ingest
