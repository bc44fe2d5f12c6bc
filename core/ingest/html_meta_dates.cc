// HTML extraction: publication dates written in URLs and in visible byline
// or date lines (multilingual month names), used when the page declares none.
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
// ------------------------------------------------------------- dates --

// A date in a URL path: /2021/10/09/, /2021-10-09-, /20211009/ -> "2021-10-09".
std::string DateFromUrl(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  size_t path = url.find('/', p + 3);
  if (path == std::string_view::npos) return "";
  auto num = [&](size_t at, size_t n, int* v) {
    if (at + n > url.size()) return false;
    int r = 0;
    for (size_t k = 0; k < n; ++k) {
      char c = url[at + k];
      if (c < '0' || c > '9') return false;
      r = r * 10 + (c - '0');
    }
    *v = r;
    return true;
  };
  for (size_t i = path; i + 9 < url.size(); ++i) {
    if (url[i] != '/' && url[i] != '-' && url[i] != '_') continue;
    int y, mo, d;
    size_t a = i + 1;
    if (!num(a, 4, &y) || y < 1995 || y > 2100) continue;
    bool ok = false;
    char sep = url[a + 4];
    if ((sep == '/' || sep == '-') && num(a + 5, 2, &mo) && a + 7 < url.size() && url[a + 7] == sep &&
        num(a + 8, 2, &d)) {
      size_t after = a + 10;
      ok = after == url.size() || url[after] == '/' || url[after] == '-' || url[after] == '_' || url[after] == '.';
    } else if (num(a + 4, 2, &mo) && num(a + 6, 2, &d)) {
      size_t after = a + 8;
      ok = after == url.size() || url[after] == '/' || url[after] == '-' || url[after] == '_';
    }
    if (ok && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
      return buf;
    }
  }
  return "";
}

// A date written out in a short visible line: "12 septembre 2022",
// "September 12, 2022", "12. März 2024", "28.02.2024", "2024-02-28",
// "2024年2月28日" -> "YYYY-MM-DD", or "" when there is none.
std::string VisibleDate(std::string_view line) {
  static constexpr std::pair<const char*, int> kMonths[] = {
      {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
      {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}, {"jan", 1},
      {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9}, {"sept", 9},
      {"oct", 10}, {"nov", 11}, {"dec", 12}, {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3},
      {"mai", 5}, {"juni", 6}, {"juli", 7}, {"oktober", 10}, {"dezember", 12}, {"janvier", 1}, {"février", 2},
      {"mars", 3}, {"avril", 4}, {"juin", 6}, {"juillet", 7}, {"août", 8}, {"septembre", 9}, {"octobre", 10},
      {"novembre", 11}, {"décembre", 12}, {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5},
      {"junio", 6}, {"julio", 7}, {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10},
      {"noviembre", 11}, {"diciembre", 12}, {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5},
      {"giugno", 6}, {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"januari", 1},
      {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8}, {"janeiro", 1}, {"fevereiro", 2},
      {"março", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7}, {"setembro", 9}, {"outubro", 10},
      {"novembro", 11}, {"dezembro", 12}};
  if (line.size() > 200) return "";
  std::string l = LowerStr(line);
  // Tokens: numbers and words, with the character that follows each.
  struct Tok {
    std::string text;
    bool num;
    char next;
  };
  std::vector<Tok> toks;
  for (size_t i = 0; i < l.size();) {
    unsigned char c = static_cast<unsigned char>(l[i]);
    bool digit = c >= '0' && c <= '9';
    bool letter = (c >= 'a' && c <= 'z') || c >= 0x80;
    if (!digit && !letter) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < l.size()) {
      unsigned char d = static_cast<unsigned char>(l[i]);
      bool dd = d >= '0' && d <= '9';
      bool dl = (d >= 'a' && d <= 'z') || d >= 0x80;
      if (digit ? !dd : !dl) break;
      ++i;
    }
    std::string w = l.substr(b, i - b);
    // CJK date signs (年 月 日) separate the numbers of 2024年2月28日.
    if (!digit && (w.rfind("\xE5\xB9\xB4", 0) == 0 || w.rfind("\xE6\x9C\x88", 0) == 0 ||
                   w.rfind("\xE6\x97\xA5", 0) == 0)) {
      if (!toks.empty()) toks.back().next = '-';
      continue;
    }
    toks.push_back({std::move(w), digit, i < l.size() ? l[i] : '\0'});
  }
  auto month_of = [&](const std::string& w) {
    for (const auto& m : kMonths)
      if (w == m.first) return m.second;
    return 0;
  };
  auto emit = [](int y, int m, int d) -> std::string {
    if (y < 1995 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return "";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  };
  auto num = [](const Tok& t) { return t.num && t.text.size() <= 4 ? std::atoi(t.text.c_str()) : -1; };
  for (size_t i = 0; i < toks.size(); ++i) {
    const Tok& t = toks[i];
    if (t.num && i + 2 < toks.size() && toks[i + 1].num && toks[i + 2].num) {
      int a = num(t), b = num(toks[i + 1]), c = num(toks[i + 2]);
      // 2024-02-28, 2024年2月28日, 2024/02/28
      if (t.text.size() == 4 && (t.next == '-' || t.next == '/' || t.next == '.')) {
        std::string r = emit(a, b, c);
        if (!r.empty()) return r;
      }
      // 28.02.2024 (day first outside the US form with slashes)
      if (toks[i + 2].text.size() == 4 && t.next == '.') {
        std::string r = emit(c, b, a);
        if (!r.empty()) return r;
      }
    }
    if (t.num && i + 2 < toks.size() && month_of(toks[i + 1].text) && toks[i + 2].num &&
        toks[i + 2].text.size() == 4) {
      std::string r = emit(num(toks[i + 2]), month_of(toks[i + 1].text), num(t));  // 12 septembre 2022
      if (!r.empty()) return r;
    }
    if (!t.num && month_of(t.text) && i + 2 < toks.size() && toks[i + 1].num && toks[i + 2].num &&
        toks[i + 2].text.size() == 4) {
      std::string r = emit(num(toks[i + 2]), month_of(t.text), num(toks[i + 1]));  // September 12, 2022
      if (!r.empty()) return r;
    }
  }
  return "";
}

// The first date written in a short visible element marked as a byline,
// dateline or publication date (class/id), in document order.
std::string FindVisibleDate(const Flat& f, uint32_t body) {
  const std::vector<XNode>& v = f.nodes;
  for (uint32_t i = body + 1; i < v[body].end; ++i) {
    const XNode& x = v[i];
    if (x.is_text) continue;
    if (IsJunkTag(x.tag) && x.tag != GUMBO_TAG_FOOTER) {
      i = x.end - 1;
      continue;
    }
    const char* cls = Attr(x.g, "class");
    const char* id = Attr(x.g, "id");
    if (cls == nullptr && id == nullptr) continue;
    std::string match = LowerStr(std::string(cls ? cls : "") + " " + (id ? id : ""));
    if (!ContainsAny(match, {"byline", "dateline", "date", "publish", "posted", "meta", "time", "author"}) ||
        ContainsAny(match, {"update", "modif", "lastmod", "edited", "comment", "access", "retriev", "cite",
                            "citation", "reference", "expir", "birth", "event"}))
      continue;
    std::string text = RawText(f, i);
    if (text.empty() || text.size() > 200) continue;
    std::string d = VisibleDate(text);
    if (!d.empty()) return d;
    i = x.end - 1;
  }
  return "";
}

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest
