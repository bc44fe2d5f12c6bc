// HTML extraction: metadata from JSON-LD, <meta>, <title>, <link>, <html lang>
// and bylines in the content.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdigest/ingest/dates.h"
#include "html_extract_internal.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

using Json = nlohmann::json;

// ---------------------------------------------------------- metadata --

// Article types as reader views match them: a name starting with "Article",
// containing one of the article subtypes, or ending in "APIReference".
bool IsArticleTypeName(const std::string& s) {
  static constexpr const char* kTypes[] = {
      "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
      "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report",
      "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
      "LiveBlogPosting", "DiscussionForumPosting", "TechArticle"};
  if (s.rfind("Article", 0) == 0) return true;
  if (s.size() >= 12 && s.compare(s.size() - 12, 12, "APIReference") == 0) return true;
  for (const char* k : kTypes)
    if (s.find(k) != std::string::npos) return true;
  return false;
}

bool IsArticleType(const Json& t, bool loose) {
  if (t.is_string()) return IsArticleTypeName(t.get<std::string>());
  if (loose && t.is_array())
    for (const auto& e : t)
      if (e.is_string() && IsArticleTypeName(e.get<std::string>())) return true;
  return false;
}

std::string JsonStr(const Json& j) {
  if (j.is_string()) return CollapseWs(j.get<std::string>());
  return "";
}

// Author names from objects with a "name" (strings are not names here).
std::string JsonAuthor(const Json& a) {
  if (a.is_object()) {
    auto it = a.find("name");
    return it == a.end() ? "" : JsonStr(*it);
  }
  if (a.is_array() && !a.empty() && a[0].is_object() && a[0].contains("name") && a[0]["name"].is_string()) {
    std::string out;
    for (const auto& e : a) {
      if (!e.is_object()) continue;
      auto it = e.find("name");
      if (it == e.end() || !it->is_string()) continue;
      if (!out.empty()) out += ", ";
      out += CollapseWs(it->get<std::string>());
    }
    return out;
  }
  return "";
}

void TakeLd(const Json& o, LdInfo* ld) {
  ld->found = true;
  auto get = [&](const char* k) -> std::string {
    auto it = o.find(k);
    return it == o.end() ? std::string() : JsonStr(*it);
  };
  ld->headline = get("headline");
  ld->name = get("name");
  auto au = o.find("author");
  if (au != o.end()) {
    ld->author = JsonAuthor(*au);
    if (au->is_string()) ld->author_text = CollapseWs(au->get<std::string>());
    if (au->is_array() && !au->empty() && (*au)[0].is_string()) ld->author_text = JsonStr((*au)[0]);
  }
  ld->date = get("datePublished");
  ld->description = get("description");
  auto pub = o.find("publisher");
  if (pub != o.end() && pub->is_object()) {
    auto n = pub->find("name");
    if (n != pub->end()) ld->publisher = JsonStr(*n);
  }
  ld->url = get("url");
}

bool IsSchemaOrg(const Json& ctx) {
  auto match = [](const std::string& s) {
    return s == "http://schema.org" || s == "https://schema.org" || s == "http://schema.org/" ||
           s == "https://schema.org/";
  };
  if (ctx.is_string()) return match(ctx.get<std::string>());
  if (ctx.is_object()) {
    auto v = ctx.find("@vocab");
    return v != ctx.end() && v->is_string() && match(v->get<std::string>());
  }
  return false;
}

const Json* FindArticleIn(const Json& arr) {
  for (const auto& e : arr)
    if (e.is_object() && e.contains("@type") && IsArticleType(e["@type"], false)) return &e;
  return nullptr;
}

void ReadJsonLd(std::string_view text, const ExtractLimits& limits, Meta* m) {
  if (text.size() > limits.max_jsonld_bytes) return;
  // Some pages wrap the JSON in a CDATA section.
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b != std::string_view::npos && text.compare(b, 9, "<![CDATA[") == 0) text.remove_prefix(b + 9);
  size_t e = text.find_last_not_of(" \t\r\n");
  if (e != std::string_view::npos && e >= 2 && text.compare(e - 2, 3, "]]>") == 0) text = text.substr(0, e - 2);
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return;
  // Reader-view selection: first article object with a schema.org context.
  if (!m->ld.found) {
    const Json* p = &j;
    if (p->is_array()) p = FindArticleIn(*p);
    if (p != nullptr && p->is_object() && p->contains("@context") && IsSchemaOrg((*p)["@context"])) {
      if (!p->contains("@type") && p->contains("@graph") && (*p)["@graph"].is_array())
        p = FindArticleIn((*p)["@graph"]);
      if (p != nullptr && p->contains("@type") && IsArticleType((*p)["@type"], false)) TakeLd(*p, &m->ld);
    }
  }
  // Loose selection for fallbacks: any article-like object anywhere.
  if (m->ld_loose.found) return;
  std::vector<const Json*> todo{&j};
  size_t visited = 0;
  while (!todo.empty() && visited < 1000) {
    const Json* cur = todo.back();
    todo.pop_back();
    ++visited;
    if (cur->is_array()) {
      for (auto it = cur->rbegin(); it != cur->rend(); ++it) todo.push_back(&*it);
    } else if (cur->is_object()) {
      auto t = cur->find("@type");
      if (t != cur->end() && IsArticleType(*t, true)) {
        TakeLd(*cur, &m->ld_loose);
        return;
      }
      auto g = cur->find("@graph");
      if (g != cur->end()) todo.push_back(&*g);
      auto me = cur->find("mainEntity");
      if (me != cur->end()) todo.push_back(&*me);
    }
  }
}

std::string NormKey(std::string_view k) {
  std::string r;
  for (char c : k) {
    if (IsWs(static_cast<unsigned char>(c))) continue;
    r.push_back(c == '.' ? ':' : Lower(c));
  }
  return r;
}

void CollectMeta(const Flat& f, const ExtractLimits& limits, Meta* m) {
  bool have_title = false;
  for (uint32_t i = 0; i < f.nodes.size(); ++i) {
    const XNode& x = f.nodes[i];
    if (x.is_text) continue;
    const GumboNode* g = x.g;
    switch (x.tag) {
      case GUMBO_TAG_HTML:
        if (g->type == GUMBO_NODE_ELEMENT && m->lang.empty()) {
          const char* l = Attr(g, "lang");
          if (l == nullptr) l = Attr(g, "xml:lang");
          if (l != nullptr) m->lang = CollapseWs(l);
        }
        break;
      case GUMBO_TAG_TITLE:
        if (!have_title && x.parent >= 0 && f.nodes[x.parent].tag != GUMBO_TAG_SVG) {
          m->doc_title = SubtreeText(f, i, false);
          have_title = true;
        }
        break;
      case GUMBO_TAG_META: {
        const char* content = Attr(g, "content");
        if (content == nullptr) break;
        std::string value = CollapseWs(content);
        const char* keys[3] = {Attr(g, "property"), Attr(g, "name"), Attr(g, "itemprop")};
        for (const char* k : keys) {
          if (k == nullptr) continue;
          // "property" may hold several space-separated names.
          std::string_view ks(k);
          size_t p = 0;
          while (p < ks.size()) {
            size_t e = ks.find(' ', p);
            if (e == std::string_view::npos) e = ks.size();
            if (e > p) m->kv.emplace_back(NormKey(ks.substr(p, e - p)), value);
            p = e + 1;
          }
        }
        const char* he = Attr(g, "http-equiv");
        if (he != nullptr && LowerStr(he) == "content-language") m->kv.emplace_back("content-language", value);
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = Attr(g, "rel");
        const char* href = Attr(g, "href");
        if (rel != nullptr && href != nullptr && m->canonical.empty() && LowerStr(rel) == "canonical")
          m->canonical = CollapseWs(href);
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = Attr(g, "type");
        if (type != nullptr && LowerStr(CollapseWs(type)) == "application/ld+json") {
          std::string text;
          for (uint32_t j = i + 1; j < x.end; ++j)
            if (f.nodes[j].is_text) text.append(f.nodes[j].g->v.text.text);
          ReadJsonLd(text, limits, m);
        }
        break;
      }
      default:
        break;
    }
  }
}

// Removes the site name from a document title, in the way reader views do:
// cut at a separator (" | ", " - ", " » ", ...) or a colon, keeping the
// original when the remainder is too short to be a headline.
std::string CleanDocTitle(const Flat& f, const std::string& orig) {
  auto is_sep = [](std::string_view s, size_t i, size_t* len, bool* hier) -> bool {
    // s[i] must be preceded by a space and followed by a space.
    static constexpr const char* kSeps[] = {"|", "-", "\\", "/", ">", "\xC2\xBB", "\xE2\x80\x93", "\xE2\x80\x94"};
    for (const char* sp : kSeps) {
      size_t n = std::strlen(sp);
      if (s.compare(i, n, sp) == 0 && i > 0 && s[i - 1] == ' ' && i + n < s.size() && s[i + n] == ' ') {
        *len = n;
        *hier = (std::strcmp(sp, "\\") == 0 || std::strcmp(sp, "/") == 0 || std::strcmp(sp, ">") == 0 ||
                 std::strcmp(sp, "\xC2\xBB") == 0);
        return true;
      }
    }
    return false;
  };
  std::string cur = orig;
  bool had_hier = false;
  std::vector<std::pair<size_t, size_t>> seps;  // position, length
  for (size_t i = 0; i < orig.size(); ++i) {
    size_t len;
    bool hier;
    if (is_sep(orig, i, &len, &hier)) {
      seps.emplace_back(i, len);
      had_hier = had_hier || hier;
    }
  }
  auto trim = [](std::string s) { return CollapseWs(s); };
  if (!seps.empty()) {
    cur = trim(orig.substr(0, seps.back().first));
    if (WordCount(cur) < 3) cur = trim(orig.substr(seps.front().first + seps.front().second));
  } else if (orig.find(": ") != std::string::npos) {
    bool heading_match = false;
    for (const XNode& x : f.nodes) {
      if (x.tag == GUMBO_TAG_H1 || x.tag == GUMBO_TAG_H2) {
        uint32_t idx = static_cast<uint32_t>(&x - f.nodes.data());
        if (SubtreeText(f, idx, false) == orig) {
          heading_match = true;
          break;
        }
      }
    }
    if (!heading_match) {
      size_t last = orig.rfind(':');
      cur = trim(orig.substr(last + 1));
      size_t first = orig.find(':');
      if (WordCount(cur) < 3) {
        cur = trim(orig.substr(first + 1));
      } else if (WordCount(orig.substr(0, first)) > 5) {
        cur = orig;
      }
    }
  } else if (orig.size() > 150 || orig.size() < 15) {
    int h1 = 0;
    uint32_t at = 0;
    for (uint32_t i = 0; i < f.nodes.size(); ++i)
      if (f.nodes[i].tag == GUMBO_TAG_H1 && !f.nodes[i].is_text) {
        ++h1;
        at = i;
      }
    if (h1 == 1) cur = SubtreeText(f, at, false);
  }
  cur = trim(cur);
  size_t wc = WordCount(cur);
  if (wc <= 4) {
    std::string stripped;
    for (size_t i = 0; i < orig.size(); ++i) {
      size_t len;
      bool hier;
      if (is_sep(orig, i, &len, &hier)) {
        i += len - 1;
        continue;
      }
      stripped.push_back(orig[i]);
    }
    if (!had_hier || wc != WordCount(stripped) - 1) cur = orig;
  }
  return cur;
}

// Word overlap as reader views measure it: 1 - (share of b's ASCII-word
// text not found among a's words).
double TextSimilarity(std::string_view a, std::string_view b) {
  auto words = [](std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
      char l = Lower(c);
      if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_') {
        cur.push_back(l);
      } else if (!cur.empty()) {
        out.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
  };
  std::vector<std::string> ta = words(a), tb = words(b);
  if (ta.empty() || tb.empty()) return 0;
  size_t all = 0, uniq = 0;
  for (size_t i = 0; i < tb.size(); ++i) {
    all += tb[i].size() + (i > 0 ? 1 : 0);
    if (std::find(ta.begin(), ta.end(), tb[i]) == ta.end()) uniq += tb[i].size() + (uniq > 0 ? 1 : 0);
  }
  return 1.0 - static_cast<double>(uniq) / static_cast<double>(all);
}

// Decodes the few character references that leak into JSON-LD strings.
std::string DecodeEntities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (ent == "amp") cp = '&';
    else if (ent == "lt") cp = '<';
    else if (ent == "gt") cp = '>';
    else if (ent == "quot") cp = '"';
    else if (ent == "apos") cp = '\'';
    else if (ent == "nbsp") cp = 0xA0;
    else if (!ent.empty() && ent[0] == '#') {
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
        char c = Lower(ent[k]);
        int d = (c >= '0' && c <= '9') ? c - '0' : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
        if (d < 0 || cp > 0x10FFFF) {
          cp = 0;
          break;
        }
        cp = cp * (hex ? 16u : 10u) + static_cast<uint32_t>(d);
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0;
    }
    if (cp == 0) {
      out.push_back('&');
      continue;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    i = semi;
  }
  return out;
}

// Concatenated text of a subtree without separators (DOM textContent).
std::string RawText(const Flat& f, uint32_t i) {
  std::string raw;
  for (uint32_t j = i; j < f.nodes[i].end; ++j)
    if (f.nodes[j].is_text) raw.append(f.nodes[j].g->v.text.text);
  return CollapseWs(raw);
}

bool ContainsAny(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s.find(w) != std::string::npos) return true;
  return false;
}

std::string CleanByline(const std::string& raw);

// A visible element marked as the author line (rel=author, itemprop author,
// class/id naming a byline) with a short text that is a name (CleanByline),
// in document order.
std::string FindContentByline(const Flat& f, uint32_t body) {
  const std::vector<XNode>& v = f.nodes;
  for (uint32_t i = body + 1; i < v[body].end; ++i) {
    const XNode& x = v[i];
    if (x.is_text) continue;
    bool unrendered = x.tag == GUMBO_TAG_SCRIPT || x.tag == GUMBO_TAG_STYLE || x.tag == GUMBO_TAG_NOSCRIPT ||
                      x.tag == GUMBO_TAG_TEMPLATE || x.tag == GUMBO_TAG_HEAD || x.tag == GUMBO_TAG_TITLE;
    if (unrendered || IsHidden(x.g)) {
      i = x.end - 1;
      continue;
    }
    const char* rel = Attr(x.g, "rel");
    const char* itemprop = Attr(x.g, "itemprop");
    const char* cls = Attr(x.g, "class");
    const char* id = Attr(x.g, "id");
    std::string match = LowerStr(std::string(cls ? cls : "") + " " + (id ? id : ""));
    bool marked = (rel != nullptr && std::strcmp(rel, "author") == 0) ||
                  (itemprop != nullptr && std::strstr(itemprop, "author") != nullptr) ||
                  ContainsAny(match, {"byline", "author", "autor", "auteur", "dateline", "writtenby", "p-author"});
    if (marked) {
      std::string text = RawText(f, i);
      size_t n = 0;
      for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
      if (n > 0 && n < 100) {
        for (uint32_t j = i + 1; j < x.end; ++j) {
          const char* ip = v[j].is_text ? nullptr : Attr(v[j].g, "itemprop");
          const char* rl = v[j].is_text ? nullptr : Attr(v[j].g, "rel");
          if ((ip != nullptr && std::strstr(ip, "name") != nullptr) || (rl != nullptr && std::strcmp(rl, "author") == 0)) {
            std::string name = CleanByline(RawText(f, j));
            if (!name.empty()) return name;
          }
        }
        std::string name = CleanByline(text);
        if (!name.empty()) return name;  // else: not a name, keep looking
      }
    }
    // Furniture the reader view drops before reaching its content.
    if (x.tag != GUMBO_TAG_A && x.tag != GUMBO_TAG_BODY && match.size() > 1 &&
        ContainsAny(match, {"-ad-", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
                            "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
                            "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor",
                            "supplemental", "ad-break", "agegate", "pagination", "pager", "popup"}) &&
        !ContainsAny(match, {"and", "article", "body", "column", "content", "main", "shadow"})) {
      i = x.end - 1;
    }
  }
  return "";
}

bool LooksLikeUrl(const std::string& s);

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

// ------------------------------------------------------------- titles --

// Letters and digits only, lower case: "Abenteuer-Astronomie.de" ->
// "abenteuerastronomiede".
std::string AlnumKey(std::string_view s) {
  std::string out;
  for (char c : s) {
    char l = Lower(c);
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || static_cast<unsigned char>(c) >= 0x80) out.push_back(l);
  }
  return out;
}

// The host of a URL without "www." ("https://www.backen.de/x" -> "backen.de").
std::string HostOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  std::string_view h = url.substr(p + 3);
  size_t e = h.find_first_of("/?#:");
  if (e != std::string_view::npos) h = h.substr(0, e);
  if (h.rfind("www.", 0) == 0) h = h.substr(4);
  return std::string(h);
}

// True when a title segment names the site: equals a known site name, or
// its letters end with the host name's (with or without the TLD).
bool SegmentIsSite(std::string_view seg, const std::vector<std::string>& sites, const std::string& host,
                   bool exact = false) {
  std::string k = AlnumKey(seg);
  if (k.empty() || WordCount(seg) > 6) return false;
  for (const std::string& site : sites) {
    std::string sk = AlnumKey(site);
    if (!sk.empty() && (k == sk || (!exact && sk.size() >= 4 && k.size() > sk.size() &&
                                    k.compare(k.size() - sk.size(), sk.size(), sk) == 0)))
      return true;
  }
  if (!host.empty()) {
    std::string hk = AlnumKey(host);
    size_t dot = host.rfind('.');
    std::string label = AlnumKey(dot == std::string::npos ? host : host.substr(0, dot));
    size_t first_dot = label.empty() ? std::string::npos : host.find('.');
    (void)first_dot;
    for (const std::string& key : {hk, label}) {
      if (key.size() < 4) continue;
      if (k == key || (!exact && k.size() > key.size() && k.compare(k.size() - key.size(), key.size(), key) == 0))
        return true;
    }
  }
  return false;
}

// Removes a leading or trailing "<separator> site name" from a title when
// the site is known (og:site_name, JSON-LD publisher, host name) or the rest
// equals the page's first <h1>.
std::string StripSiteName(const Flat& f, const std::string& title, const std::vector<std::string>& sites,
                          const std::string& host) {
  static constexpr const char* kSeps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " : ", ": ",
                                          " \xC2\xB7 ", " \xC2\xBB ", " \xC2\xAB ", " :: ", " // "};
  std::string h1;
  for (uint32_t i = 0; i < f.nodes.size(); ++i)
    if (!f.nodes[i].is_text && f.nodes[i].tag == GUMBO_TAG_H1) {
      h1 = SubtreeText(f, i, false);
      break;
    }
  std::string h1k = AlnumKey(h1);
  for (const char* sep : kSeps) {
    size_t n = std::strlen(sep);
    size_t last = title.rfind(sep);
    if (last != std::string::npos && last > 0) {
      std::string head = CollapseWs(title.substr(0, last));
      std::string tail = title.substr(last + n);
      if ((WordCount(head) >= 2 || CountChars(head) >= 6) && (SegmentIsSite(tail, sites, host) || (!h1k.empty() && AlnumKey(head) == h1k)))
        return head;
    }
    size_t first = title.find(sep);
    if (first != std::string::npos && first > 0 && std::strcmp(sep, ": ") != 0) {
      std::string head = title.substr(0, first);
      std::string rest = CollapseWs(title.substr(first + n));
      // A leading site name must match exactly (a first <h1> is often the
      // site's own name, so it does not decide here).
      if ((WordCount(rest) >= 2 || CountChars(rest) >= 6) && SegmentIsSite(head, sites, host, true)) return rest;
    }
  }
  return title;
}

bool LooksLikeUrl(const std::string& s) { return s.find("://") != std::string::npos || s.rfind("/", 0) == 0; }

void FillMetadata(const Flat& f, const Meta& m, const ExtractOptions& options, uint32_t body,
                  ExtractedPage* out) {
  auto first = [&](std::initializer_list<const char*> keys) -> std::string {
    for (const char* k : keys) {
      const std::string* v = m.Get(k);
      if (v != nullptr) return *v;
    }
    return "";
  };
  const LdInfo& ld = m.ld;
  // Title: JSON-LD name/headline (whichever matches the page title), meta
  // titles, then the document title without the site name.
  std::string doc_title = CleanDocTitle(f, m.doc_title);
  std::string title;
  if (!ld.name.empty() && !ld.headline.empty() && ld.name != ld.headline) {
    bool name_ok = TextSimilarity(ld.name, doc_title) > 0.75;
    bool head_ok = TextSimilarity(ld.headline, doc_title) > 0.75;
    title = (head_ok && !name_ok) ? ld.headline : ld.name;
  } else {
    title = !ld.name.empty() ? ld.name : ld.headline;
  }
  title = DecodeEntities(title);
  if (title.empty())
    title = first({"dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title",
                   "twitter:title", "parsely-title"});
  if (title.empty()) title = doc_title;
  {
    std::vector<std::string> sites;
    for (const std::string* sv : {m.Get("og:site_name"), m.Get("application-name")})
      if (sv != nullptr) sites.push_back(*sv);
    if (!ld.publisher.empty()) sites.push_back(DecodeEntities(ld.publisher));
    if (!m.ld_loose.publisher.empty()) sites.push_back(DecodeEntities(m.ld_loose.publisher));
    std::string host = HostOf(!m.canonical.empty() ? m.canonical : options.base_url);
    if (host.empty() && m.Get("og:url") != nullptr) host = HostOf(*m.Get("og:url"));
    title = StripSiteName(f, CollapseWs(title), sites, host);
  }
  out->title = title;
  // Byline: metadata, then the page's author line, then looser sources.
  // Every candidate is cleaned (prefixes, dates, roles, separators) and
  // rejected when it is not a name.
  std::string by = CleanByline(ld.author);
  if (by.empty()) by = CleanByline(first({"dc:creator", "dcterm:creator", "author", "parsely-author"}));
  if (by.empty()) by = CleanByline(FindContentByline(f, body));
  if (by.empty()) by = CleanByline(m.ld_loose.author);
  if (by.empty()) by = CleanByline(ld.author_text);
  if (by.empty()) by = CleanByline(first({"article:author", "og:article:author", "sailthru:author"}));
  out->byline = by;
  std::string desc = DecodeEntities(ld.description);
  if (desc.empty())
    desc = first({"dc:description", "dcterm:description", "og:description", "weibo:article:description",
                  "weibo:webpage:description", "description", "twitter:description"});
  out->description = desc;
  std::string site = DecodeEntities(ld.publisher);
  if (site.empty()) site = first({"og:site_name"});
  if (site.empty()) site = DecodeEntities(m.ld_loose.publisher);
  if (site.empty()) site = first({"application-name"});
  out->site_name = site;
  std::string date = ld.date;
  if (date.empty()) date = first({"article:published_time", "parsely-pub-date"});
  if (date.empty()) date = m.ld_loose.date;
  if (date.empty())
    date = first({"og:article:published_time", "datepublished", "article:published", "pubdate", "publishdate",
                  "publish-date", "date", "dc:date", "dc:date:issued", "dcterm:created", "dcterms:created",
                  "sailthru:date"});
  if (date.empty()) {
    // <time datetime> elements: one marked as the publication time first,
    // then the first one not marked as an update.
    std::string fallback;
    for (const XNode& x : f.nodes) {
      if (x.tag != GUMBO_TAG_TIME || x.is_text) continue;
      const char* dt = Attr(x.g, "datetime");
      if (dt == nullptr || std::strlen(dt) < 10) continue;
      const char* ip = Attr(x.g, "itemprop");
      const char* cls = Attr(x.g, "class");
      std::string marks = LowerStr(std::string(ip ? ip : "") + " " + (cls ? cls : ""));
      if (Attr(x.g, "pubdate") != nullptr || ContainsAny(marks, {"published", "publish", "created"})) {
        date = CollapseWs(dt);
        break;
      }
      if (fallback.empty() && !ContainsAny(marks, {"modif", "updat"})) fallback = CollapseWs(dt);
    }
    if (date.empty()) date = fallback;
  }
  if (date.empty()) date = DateFromUrl(!m.canonical.empty() ? m.canonical : options.base_url);
  if (date.empty()) date = FindVisibleDate(f, body);
  out->published_text = date;
  int64_t secs = 0;
  if (!date.empty() && ParseDate(date, &secs)) out->published = secs;
  out->lang = !m.lang.empty() ? m.lang : first({"content-language", "og:locale", "language", "dc:language"});
  std::string canon = m.canonical;
  if (canon.empty()) canon = first({"og:url"});
  if (canon.empty()) canon = ld.url;
  if (canon.empty()) canon = options.base_url;
  if (!canon.empty()) canon = ResolveUrl(options.base_url, canon);
  out->canonical_url = canon;
}

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest
