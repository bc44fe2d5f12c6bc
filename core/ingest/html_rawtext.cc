// HTML extraction: raw-text elision, a speed-up of parsing that does not
// change the parse.
//
// gumbo tokenizes the content of <script> and <style> one character at a
// time, and on news pages that content is about half of the bytes (inline
// JavaScript bundles, JSON state, CSS). ElideRawText replaces the content of
// each such element by a short marker before parsing and keeps the content
// as gumbo would have stored it; Flatten (html_dom.cc) puts it back into the
// flat DOM (XNode::text) and checks that every marker came out as the only
// text of an HTML <script>/<style> element. When that check passes, the
// tree is the one the unmodified input gives: the bytes before the element
// are the same, so the tokenizer is in the script-data (RAWTEXT) state at
// the same point, and the elided content holds neither the element's end tag
// nor "<!--" (the only way into the escaped script states), so the original
// would have been read as one text up to the same end tag. When the check
// fails (a marker in a comment, an attribute, a <select>, foreign content,
// a node past a limit...), the caller parses the unmodified input. The
// scanner below only has to find most elements; it never has to be right.
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "html_extract_internal.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

namespace html_rawtext_detail {

// Contents shorter than this are left in place (not worth a marker).
constexpr size_t kMinElided = 32;

inline bool IsHtmlWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

inline bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Case-insensitive: s[at..] starts with `lower` (lower-case ASCII).
bool StartsWithNoCase(std::string_view s, size_t at, std::string_view lower) {
  if (at + lower.size() > s.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k)
    if (Lower(s[at + k]) != lower[k]) return false;
  return true;
}

// End of a tag whose name ends before s[p]: one past its '>', following the
// HTML tokenizer's attribute states (quotes protect '>'), or npos at the end
// of the input. Sets *self_closing for "/>".
size_t TagEnd(std::string_view s, size_t p, bool* self_closing) {
  enum { kBeforeName, kName, kAfterName, kBeforeValue, kDq, kSq, kUnquoted, kAfterQuoted, kSelfClosing } st =
      kBeforeName;
  *self_closing = false;
  for (; p < s.size(); ++p) {
    char c = s[p];
    switch (st) {
      case kBeforeName:
      case kAfterName:
        if (IsHtmlWs(c)) break;
        if (c == '/') st = kSelfClosing;
        else if (c == '>') return p + 1;
        else if (c == '=' && st == kAfterName) st = kBeforeValue;
        else st = kName;
        break;
      case kName:
        if (IsHtmlWs(c)) st = kAfterName;
        else if (c == '/') st = kSelfClosing;
        else if (c == '=') st = kBeforeValue;
        else if (c == '>') return p + 1;
        break;
      case kBeforeValue:
        if (IsHtmlWs(c)) break;
        if (c == '"') st = kDq;
        else if (c == '\'') st = kSq;
        else if (c == '>') return p + 1;
        else st = kUnquoted;
        break;
      case kDq:
        if (c == '"') st = kAfterQuoted;
        break;
      case kSq:
        if (c == '\'') st = kAfterQuoted;
        break;
      case kUnquoted:
        if (IsHtmlWs(c)) st = kBeforeName;
        else if (c == '>') return p + 1;
        break;
      case kAfterQuoted:
      case kSelfClosing:
        if (c == '>') {
          *self_closing = st == kSelfClosing;
          return p + 1;
        }
        if (st == kAfterQuoted && c == '/') {
          st = kSelfClosing;
        } else if (!IsHtmlWs(c) || st == kSelfClosing) {
          st = kBeforeName;
          --p;  // reconsume
        } else {
          st = kBeforeName;
        }
        break;
    }
  }
  return std::string_view::npos;
}

// Offset of the first "</name" followed by a tag delimiter at or after p
// (the appropriate end tag of a raw-text element), or npos.
size_t FindEndTag(std::string_view s, size_t p, std::string_view name) {
  for (;;) {
    size_t e = s.find("</", p);
    if (e == std::string_view::npos) return e;
    size_t after = e + 2 + name.size();
    if (StartsWithNoCase(s, e + 2, name) && after < s.size() &&
        (IsHtmlWs(s[after]) || s[after] == '/' || s[after] == '>'))
      return e;
    p = e + 2;
  }
}

// The text gumbo stores for raw-text content `in` (CR LF and CR become LF,
// code points the HTML spec forbids become U+FFFD). False when `in` holds a
// NUL, invalid UTF-8 or only white space: such content is not elided.
bool GumboRawText(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  bool words = false;
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  for (size_t i = 0; i < in.size();) {
    // Fast path: a run of printable ASCII, tabs, LF and FF is copied as is.
    size_t run = i;
    while (run < in.size()) {
      unsigned char b = static_cast<unsigned char>(in[run]);
      if ((b < 0x20 || b >= 0x7F) && b != '\t' && b != '\n' && b != '\f') break;
      words = words || (b != ' ' && b != '\t' && b != '\n' && b != '\f');
      ++run;
    }
    if (run > i) {
      out->append(in.data() + i, run - i);
      i = run;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      if (c == 0) return false;
      if (c == '\r') {
        out->push_back('\n');
        i += (i + 1 < in.size() && in[i + 1] == '\n') ? 2 : 1;
        continue;
      }
      if (!IsHtmlWs(static_cast<char>(c))) words = true;
      if ((c >= 0x01 && c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F) {
        out->append(kReplacement, 3);
      } else {
        out->push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    // Multi-byte sequence: strict UTF-8 (no overlongs, surrogates, > U+10FFFF).
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > in.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(in[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    words = true;
    bool forbidden = (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFF) == 0xFFFE ||
                     (cp & 0xFFFF) == 0xFFFF;
    if (forbidden) {
      out->append(kReplacement, 3);
    } else {
      out->append(in.data() + i, len);
    }
    i += len;
  }
  return words;
}

}  // namespace html_rawtext_detail

std::string RawTextMarker(size_t index) { return std::string(kRawTextMarkerPrefix) + std::to_string(index); }

bool ElideRawText(std::string_view s, ElidedRawText* out) {
  namespace r = html_rawtext_detail;
  out->html.clear();
  out->texts.clear();
  // Markers must not occur in the input (U+E000 is private use: rare).
  if (s.find(kRawTextMarkerPrefix) != std::string_view::npos) return false;
  size_t copied = 0;  // s[0, copied) is in out->html
  size_t i = 0;
  int foreign = 0;  // open <svg>/<math> elements: their <script> is not raw text
  std::string text;
  while (i < s.size()) {
    const void* hit = std::memchr(s.data() + i, '<', s.size() - i);
    if (hit == nullptr) break;
    size_t lt = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    if (lt + 1 >= s.size()) break;
    char c = s[lt + 1];
    if (c == '!') {
      size_t e;
      if (s.compare(lt + 2, 2, "--") == 0) {
        // Comment: ends at "-->" or "--!>" ("<!-->" and "<!--->" too).
        size_t p = lt + 4;
        if (p < s.size() && s[p] == '>') {
          e = p + 1;
        } else if (s.compare(p, 2, "->") == 0) {
          e = p + 2;
        } else {
          e = std::string_view::npos;
          for (size_t q = s.find("--", p); q != std::string_view::npos; q = s.find("--", q + 1)) {
            if (q + 2 < s.size() && s[q + 2] == '>') {
              e = q + 3;
              break;
            }
            if (s.compare(q + 2, 2, "!>") == 0) {
              e = q + 4;
              break;
            }
          }
        }
      } else if (foreign > 0 && s.compare(lt + 2, 7, "[CDATA[") == 0) {
        e = s.find("]]>", lt + 9);
        if (e != std::string_view::npos) e += 3;
      } else {
        e = s.find('>', lt + 2);  // doctype or bogus comment
        if (e != std::string_view::npos) ++e;
      }
      if (e == std::string_view::npos) break;
      i = e;
      continue;
    }
    if (c == '?') {
      size_t e = s.find('>', lt + 2);
      if (e == std::string_view::npos) break;
      i = e + 1;
      continue;
    }
    bool end_tag = c == '/';
    size_t name_at = lt + (end_tag ? 2 : 1);
    if (name_at >= s.size() || !r::IsAlpha(s[name_at])) {
      if (end_tag) {  // "</>" is dropped, "</3" is a bogus comment
        size_t e = s.find('>', lt + 2);
        if (e == std::string_view::npos) break;
        i = e + 1;
      } else {
        i = lt + 1;  // a literal '<'
      }
      continue;
    }
    size_t p = name_at;
    char name[16];
    size_t nlen = 0;
    while (p < s.size() && !r::IsHtmlWs(s[p]) && s[p] != '/' && s[p] != '>') {
      if (nlen < sizeof name) name[nlen] = Lower(s[p]);
      ++nlen;
      ++p;
    }
    std::string_view nm(name, nlen <= sizeof name ? nlen : 0);
    bool self_closing = false;
    size_t gt = r::TagEnd(s, p, &self_closing);
    if (gt == std::string_view::npos) break;
    i = gt;
    bool svg_or_math = nm == "svg" || nm == "math";
    if (end_tag) {
      if (foreign > 0 && svg_or_math) --foreign;
      continue;
    }
    if (svg_or_math) {
      if (!self_closing) ++foreign;
      continue;
    }
    if (foreign > 0) continue;
    if (nm == "plaintext" || nm == "frameset") break;  // the rest is not tokenized as tags
    bool script = nm == "script";
    if (script || nm == "style") {
      size_t e = r::FindEndTag(s, gt, nm);
      if (e == std::string_view::npos) break;
      std::string_view content = s.substr(gt, e - gt);
      if (script && content.find("<!--") != std::string_view::npos) break;  // escaped states: stop
      if (content.size() >= r::kMinElided && r::GumboRawText(content, &text)) {
        out->html.append(s.data() + copied, gt - copied);
        out->html.append(RawTextMarker(out->texts.size()));
        out->texts.push_back(std::move(text));
        text = std::string();
        copied = e;
      }
      i = e;
      continue;
    }
    // Other raw-text and RCDATA elements: skip their content.
    if (nm == "textarea" || nm == "title" || nm == "xmp" || nm == "iframe" || nm == "noembed" ||
        nm == "noframes") {
      size_t e = r::FindEndTag(s, gt, nm);
      if (e == std::string_view::npos) break;
      i = e;
    }
  }
  if (out->texts.empty()) {
    out->html.clear();
    return false;
  }
  out->html.append(s.data() + copied, s.size() - copied);
  return true;
}

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest
