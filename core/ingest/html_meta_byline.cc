// HTML extraction: bylines cleaned to names ("By", dates, roles, separators
// and URLs removed; generic words and sentences rejected).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/ingest/dates.h"
#include "html_extract_internal.h"

namespace newsdigest::ingest {
namespace html_extract_detail {
// ------------------------------------------------------------ bylines --

// ASCII-lower copy for comparisons.
std::string LowerAscii(std::string_view s) { return LowerStr(s); }

std::string TrimSeps(std::string s) {
  static constexpr const char* kEdge[] = {",", ";", ":", "|", "/", "-", "\xC2\xB7", "\xE2\x80\xA2",
                                          "\xE2\x80\x93", "\xE2\x80\x94", " ", "\xC2\xA0"};
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (const char* e : kEdge) {
      size_t n = std::strlen(e);
      if (s.size() >= n && s.compare(0, n, e) == 0) {
        s.erase(0, n);
        changed = true;
      }
      if (s.size() >= n && s.compare(s.size() - n, n, e) == 0) {
        s.erase(s.size() - n);
        changed = true;
      }
    }
  }
  return s;
}

// One byline candidate segment -> a name, or "" when it is not one.
std::string CleanBylineSegment(std::string seg) {
  seg = TrimSeps(CollapseWs(seg));
  // "By", "Von", "Par", "Por", "Di", "Door", "Av", "Af", "Text:", "Autor:".
  static constexpr const char* kPrefixes[] = {"written by ", "posted by ", "text by ", "by ", "von ", "par ",
                                              "por ", "di ", "door ", "av ", "af ", "text: ", "text ",
                                              "autor: ", "autor ", "author: ", "auteur: ", "autore: ", "by: ",
                                              "von: ", "texto: ", "tekst: "};
  for (int round = 0; round < 2; ++round) {
    std::string low = LowerAscii(seg);
    for (const char* p : kPrefixes)
      if (low.rfind(p, 0) == 0) {
        seg = TrimSeps(seg.substr(std::strlen(p)));
        break;
      }
  }
  // Parenthesized parts: "(http://...)", "(AP)", "(Reuters)".
  for (size_t lp = seg.find('('); lp != std::string::npos; lp = seg.find('(', lp + 1)) {
    size_t rp = seg.find(')', lp);
    std::string inner = seg.substr(lp + 1, rp == std::string::npos ? std::string::npos : rp - lp - 1);
    bool caps = !inner.empty();
    for (char c : inner)
      if (!(c >= 'A' && c <= 'Z')) caps = false;
    if (caps || LooksLikeUrl(inner) || inner.find("www.") != std::string::npos ||
        inner.find('@') != std::string::npos) {
      seg.erase(lp, rp == std::string::npos ? std::string::npos : rp - lp + 1);
      lp = lp == 0 ? 0 : lp - 1;
    }
  }
  if (seg.find_first_of("={}[]<>;") != std::string::npos) return "";  // code, markup
  // A date or time after the name: cut at the first digit, then drop the
  // month, weekday and connector words left before it.
  size_t digit = seg.find_first_of("0123456789");
  if (digit != std::string::npos) {
    seg = CollapseWs(seg.substr(0, digit));
    static constexpr const char* kDateWords[] = {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "janvier", "février", "mars",
        "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "enero", "febrero",
        "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu",
        "fri", "sat", "sun", "on", "at", "am", "um", "le", "el", "il", "the", "published", "updated", "posted",
        "veröffentlicht", "aktualisiert", "last", "stand:", "mis à jour", "publié", "publicado", "stand", "de", "del", "du", "vom", "|", ",", "-",
        "\xC2\xB7", "\xE2\x80\xA2", "\xE2\x80\x94", "\xE2\x80\x93", "/"};
    bool cut = true;
    while (cut && !seg.empty()) {
      cut = false;
      seg = TrimSeps(seg);
      size_t sp = seg.rfind(' ');
      std::string last = LowerAscii(sp == std::string::npos ? seg : seg.substr(sp + 1));
      while (!last.empty() && (last.back() == '.' || last.back() == ',' || last.back() == ':')) last.pop_back();
      for (const char* w : kDateWords)
        if (last == w) {
          seg = sp == std::string::npos ? "" : seg.substr(0, sp);
          cut = true;
          break;
        }
    }
  }
  seg = TrimSeps(CollapseWs(seg));
  if (seg.empty() || seg.size() > 100) return "";
  std::string low = LowerAscii(seg);
  // Roles after a comma: "Jane Doe, Senior Reporter".
  size_t comma = seg.find(", ");
  if (comma != std::string::npos &&
      ContainsAny(low.substr(comma), {"reporter", "correspondent", "editor", "redakteur", "journalist", "writer",
                                      "contributor", "korrespondent", "autor", "redaktion", "photograph",
                                      "columnist", "analyst", "staff", "rédact", "periodista", "giornalista"}))
    seg = TrimSeps(seg.substr(0, comma)), low = LowerAscii(seg);
  if (seg.empty() || LooksLikeUrl(seg) || seg.find('@') != std::string::npos ||
      seg.find("www.") != std::string::npos)
    return "";
  static constexpr const char* kGeneric[] = {
      "admin", "administrator", "publisher", "staff", "redaktion", "redaction", "rédaction", "redaccion",
      "redacción", "redazione", "editor", "editors", "editorial", "team", "webmaster", "guest", "anonymous",
      "unknown", "user", "root", "author", "autor", "by", "von", "newsroom", "news desk", "desk", "staff writer",
      "default", "wordpress", "leave a comment", "comments", "share", "home", "news", "redaktion online",
      "online-redaktion", "online redaktion"};
  for (const char* g : kGeneric)
    if (low == g) return "";
  // A name starts with a capital (or a non-Latin letter), not a lower-case word.
  if (seg[0] >= 'a' && seg[0] <= 'z') return "";
  size_t words = WordCount(seg);
  if (words > 8) return "";
  char last = seg.back();
  if ((last == '.' || last == '!' || last == '?') && words > 3) return "";
  return seg;
}

// A byline value -> the author name(s), or "" (dates, generic words, URLs,
// sentences are rejected). Lines joining date, author and category with
// separators yield their name segment.
std::string CleanByline(const std::string& raw) {
  std::string s = CollapseWs(DecodeEntities(raw));
  if (s.empty()) return "";
  static constexpr const char* kSeps[] = {" | ", " / ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " \xE2\x80\x94 ",
                                          " \xE2\x80\x93 ", " - ", " :: "};
  std::vector<std::string> segs{s};
  for (const char* sep : kSeps) {
    std::vector<std::string> next;
    for (const std::string& g : segs) {
      size_t b = 0;
      size_t n = std::strlen(sep);
      while (true) {
        size_t at = g.find(sep, b);
        next.push_back(g.substr(b, at == std::string::npos ? std::string::npos : at - b));
        if (at == std::string::npos) break;
        b = at + n;
      }
    }
    segs.swap(next);
  }
  for (const std::string& g : segs) {
    std::string name = CleanBylineSegment(g);
    if (!name.empty()) return name;
  }
  return "";
}

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest
