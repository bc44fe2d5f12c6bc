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
#include "html_entities.h"
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
            if (f.nodes[j].is_text) text.append(TextOf(f.nodes[j]));
          ReadJsonLd(text, limits, m);
        }
        break;
      }
      default:
        break;
    }
  }
}

std::string AlnumKey(std::string_view s);
bool SegmentIsSite(std::string_view seg, const std::vector<std::string>& sites, const std::string& host,
                   bool exact);

// Removes the site name from a document title, in the way reader views do:
// cut a trailing part at a separator (" | ", " - ", " » ", ...), keeping the
// original when the remainder is too short to be a headline. A leading part
// ("Ukraine: ...", "Review - ...") is removed only when it is the site name
// (`sites`, `host`) or the rest equals a heading (first h1/h2, og:title) that
// the whole title does not equal: never on word counts alone.
std::string CleanDocTitle(const Flat& f, const std::string& orig, const std::vector<std::string>& sites,
                          const std::string& host, const std::string& og_title) {
  std::vector<std::string> headings;
  for (uint32_t i = 0; i < f.nodes.size(); ++i)
    if (!f.nodes[i].is_text && (f.nodes[i].tag == GUMBO_TAG_H1 || f.nodes[i].tag == GUMBO_TAG_H2)) {
      std::string k = AlnumKey(SubtreeText(f, i, false));
      if (!k.empty()) headings.push_back(std::move(k));
    }
  if (!og_title.empty() && !AlnumKey(og_title).empty()) headings.push_back(AlnumKey(og_title));
  auto is_heading = [&](std::string_view s) {
    std::string k = AlnumKey(s);
    if (k.empty()) return false;
    for (const std::string& h : headings)
      if (h == k) return true;
    return false;
  };
  // True when the leading `head` may be cut off, leaving `rest`.
  auto may_cut_lead = [&](std::string_view head, std::string_view rest) {
    if (SegmentIsSite(CollapseWs(std::string(head)), sites, host, true)) return true;
    return is_heading(rest) && !is_heading(orig);
  };
  bool cut_lead = false;
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
    if (WordCount(cur) < 3) {
      std::string head = orig.substr(0, seps.front().first);
      std::string rest = trim(orig.substr(seps.front().first + seps.front().second));
      if (may_cut_lead(head, rest)) {
        cur = rest;
        cut_lead = true;
      } else {
        cur = orig;
      }
    }
  } else if (orig.find(": ") != std::string::npos) {
    for (size_t p = orig.find(": "); p != std::string::npos; p = orig.find(": ", p + 1)) {
      std::string rest = trim(orig.substr(p + 2));
      if (may_cut_lead(orig.substr(0, p), rest)) {
        cur = rest;
        cut_lead = true;
        break;
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
  if (wc <= 4 && !cut_lead) {
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

// Decodes the character references (numeric, XML's five, HTML 4 named) that
// leak into JSON-LD strings and attribute values.
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
    } else {
      cp = HtmlEntityCodePoint(ent);
    }
    if (cp == 0) {
      out.push_back('&');
      continue;
    }
    AppendUtf8(cp, &out);
    i = semi;
  }
  return out;
}

// Concatenated text of a subtree without separators (DOM textContent).
std::string RawText(const Flat& f, uint32_t i) {
  std::string raw;
  for (uint32_t j = i; j < f.nodes[i].end; ++j)
    if (f.nodes[j].is_text) raw.append(TextOf(f.nodes[j]));
  return CollapseWs(raw);
}

bool ContainsAny(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s.find(w) != std::string::npos) return true;
  return false;
}


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
                   bool exact) {
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
      if ((WordCount(head) >= 2 || CountChars(head) >= 6) && (SegmentIsSite(tail, sites, host, false) || (!h1k.empty() && AlnumKey(head) == h1k)))
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
  std::vector<std::string> sites;
  for (const std::string* sv : {m.Get("og:site_name"), m.Get("application-name")})
    if (sv != nullptr) sites.push_back(*sv);
  if (!ld.publisher.empty()) sites.push_back(DecodeEntities(ld.publisher));
  if (!m.ld_loose.publisher.empty()) sites.push_back(DecodeEntities(m.ld_loose.publisher));
  std::string host = HostOf(!m.canonical.empty() ? m.canonical : options.base_url);
  if (host.empty() && m.Get("og:url") != nullptr) host = HostOf(*m.Get("og:url"));
  const std::string* og_title = m.Get("og:title");
  std::string doc_title = CleanDocTitle(f, m.doc_title, sites, host, og_title != nullptr ? *og_title : "");
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
  title = StripSiteName(f, CollapseWs(title), sites, host);
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
