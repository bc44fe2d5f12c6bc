// HTML article extraction: gumbo parse, metadata, content scoring.
//
// Design (general cues only, no per-site rules):
//  1. Decode to UTF-8, cut runaway nesting, parse with gumbo (HTML5).
//  2. Flatten the DOM into a pre-order array (subtree = index range).
//  3. Metadata from JSON-LD, <meta>, <title>, <link rel=canonical>, <html lang>.
//  4. Drop furniture: non-content tags, hidden nodes, ARIA landmark roles of
//     navigation, and nodes whose class/id names furniture (comments, share,
//     related, sidebar, ...) unless they hold much of the page's prose.
//  5. Score text blocks (length, commas) into their ancestors, weight by
//     class/id hints and tag, discount by link density; pick the best node,
//     widen to its ancestor when the text is spread over siblings, and add
//     siblings that read like the article.
//  6. Inside the chosen node, drop blocks that look like furniture (link
//     lists, forms, short link-heavy or image-only blocks, headline, byline).
//  7. Serialize blocks as paragraphs and normalize.
#include <gumbo.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "html_charset.h"
#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

using Json = nlohmann::json;

// ---------------------------------------------------------------- helpers --

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string LowerStr(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = Lower(c);
  return r;
}

bool IsWs(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Collapses whitespace runs (ASCII and U+00A0) to one space and trims.
std::string CollapseWs(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ws = IsWs(c);
    if (!ws && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      pending = !out.empty();
      continue;
    }
    if (pending) out.push_back(' ');
    pending = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

// Counts code points that are not whitespace-runs (a run counts as one).
void CountText(std::string_view s, uint32_t* chars, uint32_t* commas) {
  bool prev_ws = true;
  uint32_t n = 0, k = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsWs(c)) {
      if (!prev_ws) ++n;
      prev_ws = true;
      continue;
    }
    prev_ws = false;
    if ((c & 0xC0) != 0x80) ++n;
    if (c == ',') {
      ++k;
    } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC &&
               static_cast<unsigned char>(s[i + 2]) == 0x8C) {
      ++k;  // U+FF0C FULLWIDTH COMMA
    } else if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               static_cast<unsigned char>(s[i + 2]) == 0x81) {
      ++k;  // U+3001 IDEOGRAPHIC COMMA
    }
  }
  *chars += n;
  *commas += k;
}

size_t WordCount(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool ws = IsWs(static_cast<unsigned char>(c));
    if (!ws && !in) ++n;
    in = !ws;
  }
  return n;
}

const char* Attr(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a != nullptr ? a->value : nullptr;
}

// ------------------------------------------------------------- flat DOM --

struct XNode {
  const GumboNode* g = nullptr;
  int32_t parent = -1;
  uint32_t end = 0;        // one past the last descendant (pre-order)
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  bool is_text = false;
  bool removed = false;
  bool in_link = false;    // text node inside <a>
  uint16_t depth = 0;
  // Statistics over non-removed descendants.
  uint32_t chars = 0;        // text length in code points
  uint32_t link_chars = 0;   // of which inside links
  uint32_t commas = 0;
  uint32_t inline_chars = 0; // text not inside nested blocks
  uint32_t inline_commas = 0;
  uint32_t prose_chars = 0;  // text of paragraph-like blocks (>= 25 chars)
  int32_t weight = 0;        // class/id hint weight
  float score = 0;
  bool scored = false;
};

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_UL: case GUMBO_TAG_BR: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_HTML: case GUMBO_TAG_MENU: case GUMBO_TAG_UNKNOWN:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP:
      return true;
    default:
      return false;
  }
}

bool IsHeading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 ||
         t == GUMBO_TAG_H6;
}

// Tags whose content is never article text.
bool IsJunkTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_MAP: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_TITLE: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_DATALIST: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_OUTPUT: case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_METER:
      return true;
    default:
      return false;
  }
}

// Elements gumbo 0.10 does not know (newer HTML, custom elements) are mapped
// to a known tag of the same role: furniture to <script> (dropped), inline
// wrappers to <span>; the rest stay unknown (treated as blocks).
GumboTag MapUnknownTag(const GumboNode* g) {
  GumboStringPiece piece = g->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string name;
  for (size_t i = 0; i < piece.length && i < 32; ++i) name.push_back(Lower(piece.data[i]));
  static constexpr const char* kJunk[] = {"dialog", "amp-ad", "amp-embed", "amp-iframe", "amp-analytics",
                                          "amp-sidebar", "amp-social-share", "amp-video", "amp-youtube",
                                          "amp-consent", "amp-user-notification", "amp-sticky-ad", "slot"};
  for (const char* k : kJunk)
    if (name == k) return GUMBO_TAG_SCRIPT;
  if (name == "picture" || name == "amp-img" || name == "data" || name == "mark" || name == "bdi" ||
      name == "time" || name == "font")
    return GUMBO_TAG_SPAN;
  return GUMBO_TAG_UNKNOWN;
}

struct Flat {
  std::vector<XNode> nodes;
  bool truncated = false;
};

void Flatten(const GumboNode* root, const ExtractLimits& limits, Flat* f) {
  struct Frame {
    const GumboNode* g;
    int32_t parent;
    uint16_t depth;
  };
  std::vector<Frame> stack;
  std::vector<int32_t> open;  // indices whose `end` is still unset
  stack.push_back({root, -1, 0});
  f->nodes.reserve(4096);
  while (!stack.empty()) {
    Frame fr = stack.back();
    stack.pop_back();
    // Close finished subtrees: every open node that is not an ancestor.
    int32_t idx = static_cast<int32_t>(f->nodes.size());
    while (!open.empty() && open.back() != fr.parent) {
      f->nodes[open.back()].end = static_cast<uint32_t>(idx);
      open.pop_back();
    }
    if (f->nodes.size() >= limits.max_nodes) {
      f->truncated = true;
      break;
    }
    XNode x;
    x.g = fr.g;
    x.parent = fr.parent;
    x.depth = fr.depth;
    const GumboNode* g = fr.g;
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
      x.is_text = true;
      x.end = static_cast<uint32_t>(idx + 1);
      f->nodes.push_back(x);
      continue;
    }
    if (g->type == GUMBO_NODE_COMMENT) continue;
    const GumboVector* kids;
    if (g->type == GUMBO_NODE_DOCUMENT) {
      x.tag = GUMBO_TAG_HTML;
      kids = &g->v.document.children;
    } else {
      x.tag = g->v.element.tag;
      kids = &g->v.element.children;
      if (x.tag == GUMBO_TAG_UNKNOWN) x.tag = MapUnknownTag(g);
    }
    f->nodes.push_back(x);
    open.push_back(idx);
    if (fr.depth + 1u >= limits.max_dom_depth) {
      f->truncated = true;
      continue;
    }
    for (unsigned i = kids->length; i-- > 0;)
      stack.push_back({static_cast<const GumboNode*>(kids->data[i]), idx, static_cast<uint16_t>(fr.depth + 1)});
  }
  uint32_t n = static_cast<uint32_t>(f->nodes.size());
  for (int32_t i : open) f->nodes[i].end = n;
  // Text inside links.
  for (uint32_t i = 0; i < n; ++i) {
    if (f->nodes[i].tag == GUMBO_TAG_A && !f->nodes[i].is_text) {
      for (uint32_t j = i + 1; j < f->nodes[i].end; ++j) f->nodes[j].in_link = true;
    }
  }
}

// Text of a subtree (not skipping removed nodes), whitespace collapsed.
std::string SubtreeText(const Flat& f, uint32_t i, bool skip_removed) {
  std::string raw;
  for (uint32_t j = i; j < f.nodes[i].end; ++j) {
    const XNode& x = f.nodes[j];
    if (skip_removed && x.removed) {
      j = x.end - 1;
      continue;
    }
    if ((x.tag == GUMBO_TAG_SCRIPT || x.tag == GUMBO_TAG_STYLE) && !x.is_text) {
      {
        j = x.end - 1;
        continue;
      }
    }
    if (x.is_text) {
      raw.append(x.g->v.text.text);
    } else if (IsBlockTag(x.tag)) {
      raw.push_back(' ');
    }
  }
  return CollapseWs(raw);
}

// ------------------------------------------------------ class/id hints --

// Names of furniture. Matched as whole tokens of class/id (split on space,
// '-', '_') unless marked as substrings.
constexpr const char* kJunkTokens[] = {
    "ad", "ads", "adv", "advert", "advertisement", "advertising", "banner", "breadcrumb", "breadcrumbs", "combx",
    "comment", "comments", "community", "cookie", "cookies", "consent", "disqus", "extra", "footer", "gdpr",
    "masthead", "menu", "nav", "navbar", "navigation", "newsletter", "outbrain", "taboola", "pagination",
    "pager", "popup", "modal", "promo", "promotion", "related", "remark", "replies", "rss", "share", "sharing",
    "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "sponsored", "subscribe", "subscription",
    "supplemental", "tags", "toolbar", "widget", "signup", "recommended", "recommendations", "trending",
    "popular", "byline", "dateline", "author", "credits", "caption", "hidden", "print", "tools", "utility",
    "login", "signin", "teaser", "teasers", "more", "readmore", "next", "prev", "topics", "keywords", "jump",
    "follow", "header", "copyright", "legal", "disclaimer", "feedback", "rating", "tooltip", "toc", "alert",
    "overlay", "lightbox", "paywall", "premium", "offer", "cta", "donate", "donation", "timestamp", "meta",
    "metadata", "label", "badge", "breaking", "ticker", "carousel", "slider", "gallery", "video", "player",
    "embed", "podcast", "audio", "newsletters", "inline-ad", "dfp", "gpt", "affiliate", "commerce", "shop",
    "email", "facebook", "twitter", "pinterest", "whatsapp", "linkedin", "reddit", "print", "bio", "about"};
constexpr const char* kJunkSubstrings[] = {"comment", "sidebar", "related", "share", "social", "newsletter",
                                           "breadcrumb", "sponsor", "taboola", "outbrain", "advert", "promo",
                                           "cookie", "popup", "subscribe", "signup", "recommend", "footer",
                                           "widget", "banner", "byline", "paywall", "-ad-", "_ad_"};
constexpr const char* kGoodTokens[] = {"article", "articlebody", "body", "content", "entry", "main", "story",
                                       "post", "text", "blog", "page", "prose", "copy", "hentry", "column",
                                       "news", "single", "detail", "storycontent", "articletext", "postbody",
                                       "rich"};
constexpr const char* kGoodSubstrings[] = {"article", "content", "story", "entry", "post-body", "postbody",
                                           "main-text", "body-text", "bodytext", "articlebody", "prose"};

struct Hints {
  int junk = 0;     // number of furniture matches
  int good = 0;
  bool strong_junk = false;
};

Hints ClassHints(const GumboNode* g) {
  Hints h;
  const char* cls = Attr(g, "class");
  const char* id = Attr(g, "id");
  if (cls == nullptr && id == nullptr) return h;
  std::string s;
  if (cls != nullptr) s.append(cls);
  s.push_back(' ');
  if (id != nullptr) s.append(id);
  if (s.size() > 400) s.resize(400);
  s = LowerStr(s);
  // Tokens.
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '-' || s[i] == '_' || s[i] == '\t' || s[i] == ':' ||
                            s[i] == '.' || s[i] == '/'))
      ++i;
    size_t b = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '-' || s[i] == '_' || s[i] == '\t' || s[i] == ':' ||
                             s[i] == '.' || s[i] == '/'))
      ++i;
    if (i == b) continue;
    std::string_view tok(s.data() + b, i - b);
    for (const char* j : kJunkTokens)
      if (tok == j) ++h.junk;
    for (const char* g2 : kGoodTokens)
      if (tok == g2) ++h.good;
  }
  for (const char* j : kJunkSubstrings)
    if (s.find(j) != std::string::npos) {
      ++h.junk;
      h.strong_junk = true;
    }
  for (const char* g2 : kGoodSubstrings)
    if (s.find(g2) != std::string::npos) ++h.good;
  return h;
}

int WeightFromHints(const Hints& h) {
  int w = 0;
  if (h.junk > 0) w -= 25;
  if (h.good > 0) w += 25;
  return w;
}

bool HasRoleJunk(const GumboNode* g) {
  const char* role = Attr(g, "role");
  if (role == nullptr) return false;
  std::string r = LowerStr(role);
  return r == "navigation" || r == "menu" || r == "menubar" || r == "complementary" || r == "contentinfo" ||
         r == "banner" || r == "alert" || r == "alertdialog" || r == "dialog" || r == "search" ||
         r == "toolbar" || r == "tooltip";
}

bool IsHidden(const GumboNode* g) {
  if (Attr(g, "hidden") != nullptr) return true;
  const char* aria = Attr(g, "aria-hidden");
  if (aria != nullptr && std::strcmp(aria, "true") == 0) return true;
  const char* style = Attr(g, "style");
  if (style != nullptr) {
    std::string s = LowerStr(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos)
      return true;
  }
  return false;
}

// ------------------------------------------------------------ statistics --

void ComputeStats(Flat* f, uint32_t root) {
  std::vector<XNode>& v = f->nodes;
  uint32_t end = v[root].end;
  for (uint32_t i = root; i < end; ++i) {
    XNode& x = v[i];
    x.chars = x.link_chars = x.commas = x.inline_chars = x.inline_commas = x.prose_chars = 0;
  }
  // Reverse pre-order visits children before parents.
  for (uint32_t i = end; i-- > root;) {
    XNode& x = v[i];
    if (x.removed) continue;
    if (x.is_text) {
      CountText(x.g->v.text.text, &x.chars, &x.commas);
      if (x.in_link) x.link_chars = x.chars;
      x.inline_chars = x.chars;
      x.inline_commas = x.commas;
    } else {
      bool para_like = x.tag == GUMBO_TAG_P || x.tag == GUMBO_TAG_PRE || x.tag == GUMBO_TAG_BLOCKQUOTE ||
                       x.tag == GUMBO_TAG_TD || x.tag == GUMBO_TAG_LI || x.tag == GUMBO_TAG_DD;
      uint32_t para_text = para_like ? x.inline_chars : (IsBlockTag(x.tag) ? x.inline_chars : 0);
      if (para_text >= 25 && IsBlockTag(x.tag)) x.prose_chars += para_text;
    }
    if (x.parent >= 0 && static_cast<uint32_t>(x.parent) >= root) {
      XNode& p = v[x.parent];
      p.chars += x.chars;
      p.link_chars += x.link_chars;
      p.commas += x.commas;
      p.prose_chars += x.prose_chars;
      if (x.is_text || !IsBlockTag(x.tag)) {
        p.inline_chars += x.inline_chars;
        p.inline_commas += x.inline_commas;
      }
    }
  }
}

float LinkDensity(const XNode& x) {
  return x.chars == 0 ? 0.f : static_cast<float>(x.link_chars) / static_cast<float>(x.chars);
}

// ---------------------------------------------------------- metadata --

// Article facts from one JSON-LD object.
struct LdInfo {
  bool found = false;
  std::string headline, name, author, author_text, date, publisher, description, url;
};

struct Meta {
  // Lower-cased meta name/property -> first value.
  std::vector<std::pair<std::string, std::string>> kv;
  std::string doc_title;
  std::string lang;
  std::string canonical;
  LdInfo ld;        // the first schema.org article object (reader-view rules)
  LdInfo ld_loose;  // any article-like object, for fallbacks

  const std::string* Get(std::string_view key) const {
    for (const auto& p : kv)
      if (p.first == key && !p.second.empty()) return &p.second;
    return nullptr;
  }
};

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

// A visible element marked as the author line (rel=author, itemprop author,
// class/id naming a byline) with a short text, in document order.
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
                  ContainsAny(match, {"byline", "author", "dateline", "writtenby", "p-author"});
    if (marked) {
      std::string text = RawText(f, i);
      size_t n = 0;
      for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
      if (n > 0 && n < 100) {
        for (uint32_t j = i + 1; j < x.end; ++j) {
          const char* ip = v[j].is_text ? nullptr : Attr(v[j].g, "itemprop");
          if (ip != nullptr && std::strstr(ip, "name") != nullptr) {
            std::string name = RawText(f, j);
            if (!name.empty()) return name;
          }
        }
        return text;
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
  out->title = title;
  // Byline: metadata, then the page's author line, then looser sources.
  std::string by = DecodeEntities(ld.author);
  if (by.empty()) by = first({"dc:creator", "dcterm:creator", "author", "parsely-author"});
  if (by.empty()) by = FindContentByline(f, body);
  if (by.empty()) by = DecodeEntities(m.ld_loose.author);
  if (by.empty() && !LooksLikeUrl(ld.author_text)) by = DecodeEntities(ld.author_text);
  if (by.empty()) {
    std::string a = first({"article:author", "og:article:author", "sailthru:author"});
    if (!LooksLikeUrl(a)) by = a;
  }
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
    // A <time datetime> element is the last resort.
    for (const XNode& x : f.nodes) {
      if (x.tag == GUMBO_TAG_TIME && !x.is_text) {
        const char* dt = Attr(x.g, "datetime");
        if (dt != nullptr && std::strlen(dt) >= 10) {
          date = CollapseWs(dt);
          break;
        }
      }
    }
  }
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

// ----------------------------------------------------------- pruning --

// Prunes furniture before scoring. `strip_by_hints` enables removal by
// class/id names. The guard keeps nodes holding much of the page's prose.
void PruneFurniture(Flat* f, uint32_t body, bool strip_by_hints, uint32_t total_prose) {
  std::vector<XNode>& v = f->nodes;
  for (uint32_t i = body + 1; i < v[body].end; ++i) {
    XNode& x = v[i];
    if (x.is_text) continue;
    bool junk = IsJunkTag(x.tag) || IsHidden(x.g) || HasRoleJunk(x.g);
    if (!junk && strip_by_hints && x.tag != GUMBO_TAG_A && x.tag != GUMBO_TAG_BODY && x.tag != GUMBO_TAG_MAIN &&
        x.tag != GUMBO_TAG_ARTICLE && x.tag != GUMBO_TAG_P && x.tag != GUMBO_TAG_TD &&
        x.tag != GUMBO_TAG_TBODY && x.tag != GUMBO_TAG_TR && x.tag != GUMBO_TAG_PRE && x.tag != GUMBO_TAG_CODE) {
      Hints h = ClassHints(x.g);
      x.weight = WeightFromHints(h);
      if (h.junk > 0 && (h.good == 0 || h.strong_junk)) {
        // Keep wrappers that hold much of the prose of the page.
        bool big = total_prose > 0 && x.prose_chars * 3 > total_prose;
        if (!big) junk = true;
      }
    }
    if (!junk && x.tag == GUMBO_TAG_HEADER) {
      bool big = total_prose > 0 && x.prose_chars * 3 > total_prose;
      if (!big) junk = true;
    }
    if (junk) {
      x.removed = true;
      i = x.end - 1;
    }
  }
}

// ----------------------------------------------------------- scoring --

int TagBonus(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: return 5;
    case GUMBO_TAG_SECTION: return 3;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
    case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
  }
}

void InitCandidate(XNode* x, bool use_weights) {
  if (x->scored) return;
  x->scored = true;
  x->score = static_cast<float>(TagBonus(x->tag) + (use_weights ? x->weight : 0));
}

// Scores paragraph-like blocks into ancestors; returns the best candidate.
int32_t ScoreAndPick(Flat* f, uint32_t body, bool use_weights) {
  std::vector<XNode>& v = f->nodes;
  for (uint32_t i = body; i < v[body].end; ++i) {
    v[i].scored = false;
    v[i].score = 0;
  }
  for (uint32_t i = body + 1; i < v[body].end; ++i) {
    XNode& x = v[i];
    if (x.removed) {
      i = x.end - 1;
      continue;
    }
    if (x.is_text || !IsBlockTag(x.tag) || x.tag == GUMBO_TAG_BR) continue;
    bool para = x.tag == GUMBO_TAG_P || x.tag == GUMBO_TAG_PRE || x.tag == GUMBO_TAG_TD ||
                x.tag == GUMBO_TAG_BLOCKQUOTE || x.tag == GUMBO_TAG_DIV || x.tag == GUMBO_TAG_SECTION ||
                x.tag == GUMBO_TAG_ARTICLE || x.tag == GUMBO_TAG_UNKNOWN || x.tag == GUMBO_TAG_DD ||
                x.tag == GUMBO_TAG_CENTER || x.tag == GUMBO_TAG_FONT || x.tag == GUMBO_TAG_LI;
    if (!para) continue;
    uint32_t len = x.inline_chars;
    if (len < 25) continue;
    float link_share = 0;
    // Inline link text share (approximate with the subtree's).
    if (x.chars > 0) link_share = static_cast<float>(x.link_chars) / static_cast<float>(x.chars);
    if (link_share > 0.5f) continue;
    float s = 1.f + static_cast<float>(x.inline_commas) + std::min(static_cast<float>(len) / 100.f, 3.f);
    if (x.tag == GUMBO_TAG_LI) s *= 0.5f;
    int32_t a = x.parent;
    for (int level = 0; a >= 0 && static_cast<uint32_t>(a) >= body && level < 5; ++level) {
      XNode& anc = v[a];
      InitCandidate(&anc, use_weights);
      float div = level == 0 ? 1.f : (level == 1 ? 2.f : static_cast<float>(level) * 3.f);
      anc.score += s / div;
      a = anc.parent;
    }
  }
  int32_t best = -1;
  float best_score = 0;
  for (uint32_t i = body; i < v[body].end; ++i) {
    XNode& x = v[i];
    if (!x.scored) continue;
    x.score *= 1.f - LinkDensity(x);
    if (best < 0 || x.score > best_score) {
      best = static_cast<int32_t>(i);
      best_score = x.score;
    }
  }
  return best;
}

// Widens the top candidate when the article text is spread over several
// scored descendants of one ancestor, or when it is an only child.
int32_t RefineCandidate(const Flat& f, int32_t top, uint32_t body) {
  const std::vector<XNode>& v = f.nodes;
  if (top < 0) return top;
  // Alternatives close to the top score.
  std::vector<int32_t> alts;
  for (uint32_t i = body; i < v[body].end; ++i) {
    if (static_cast<int32_t>(i) == top || !v[i].scored || v[i].removed) continue;
    if (v[i].score >= v[top].score * 0.75f) alts.push_back(static_cast<int32_t>(i));
  }
  if (alts.size() >= 3) {
    int32_t p = v[top].parent;
    while (p >= 0 && static_cast<uint32_t>(p) > body) {
      int covered = 0;
      for (int32_t a : alts)
        if (static_cast<uint32_t>(a) > static_cast<uint32_t>(p) && static_cast<uint32_t>(a) < v[p].end) ++covered;
      if (covered >= 3) {
        top = p;
        break;
      }
      p = v[p].parent;
    }
  }
  // Climb while the parent scores better in a way that suggests the text
  // continues in siblings.
  float last = v[top].score;
  int32_t p = v[top].parent;
  while (p >= 0 && static_cast<uint32_t>(p) > body) {
    if (!v[p].scored) {
      p = v[p].parent;
      continue;
    }
    if (v[p].score < last / 3.f) break;
    if (v[p].score > last) {
      top = p;
    }
    last = v[p].score;
    p = v[p].parent;
  }
  // Only child: take the parent.
  while (v[top].parent >= 0 && static_cast<uint32_t>(v[top].parent) > body) {
    const XNode& par = v[v[top].parent];
    if (par.chars != v[top].chars) break;
    top = v[top].parent;
  }
  return top;
}

bool EndsSentence(std::string_view t) {
  size_t e = t.find_last_not_of(" \t\n");
  if (e == std::string_view::npos) return false;
  char c = t[e];
  return c == '.' || c == '!' || c == '?' || c == '"' || static_cast<unsigned char>(c) >= 0x80;
}

// Siblings of the top candidate that belong to the article.
std::vector<uint32_t> CollectSiblings(const Flat& f, int32_t top) {
  const std::vector<XNode>& v = f.nodes;
  std::vector<uint32_t> out;
  int32_t par = v[top].parent;
  if (par < 0) return {static_cast<uint32_t>(top)};
  float threshold = std::max(10.f, v[top].score * 0.2f);
  const char* top_class = Attr(v[top].g, "class");
  for (uint32_t j = static_cast<uint32_t>(par) + 1; j < v[par].end; j = v[j].end) {
    const XNode& s = v[j];
    if (static_cast<int32_t>(j) == top) {
      out.push_back(j);
      continue;
    }
    if (s.removed || s.is_text) continue;
    float bonus = 0;
    const char* c = Attr(s.g, "class");
    if (top_class != nullptr && c != nullptr && std::strcmp(c, top_class) == 0 && top_class[0] != '\0')
      bonus = v[top].score * 0.2f;
    bool take = s.scored && s.score + bonus >= threshold;
    if (!take && (s.tag == GUMBO_TAG_P || (s.tag == GUMBO_TAG_DIV && s.inline_chars == s.chars))) {
      float ld = LinkDensity(s);
      if (s.chars > 80 && ld < 0.25f) {
        take = true;
      } else if (s.chars > 0 && s.chars <= 80 && ld == 0) {
        std::string t = SubtreeText(f, j, true);
        take = t.find(". ") != std::string::npos || EndsSentence(t);
      }
    }
    if (take) out.push_back(j);
  }
  return out;
}

// Within the chosen content, removes blocks that read like furniture.
void CleanContent(Flat* f, uint32_t root, bool use_weights, const std::string& title) {
  std::vector<XNode>& v = f->nodes;
  ComputeStats(f, root);
  for (uint32_t i = root + 1; i < v[root].end; ++i) {
    XNode& x = v[i];
    if (x.removed) {
      i = x.end - 1;
      continue;
    }
    if (x.is_text) continue;
    bool drop = false;
    if (x.tag == GUMBO_TAG_H1 || x.tag == GUMBO_TAG_H2) {
      if (!title.empty() && (x.tag == GUMBO_TAG_H1 || SubtreeText(*f, i, true) == title)) drop = true;
    }
    if (!drop && IsHeading(x.tag) && use_weights && x.weight < 0) drop = true;
    if (!drop && (x.tag == GUMBO_TAG_FIGCAPTION)) drop = true;
    if (!drop && (x.tag == GUMBO_TAG_FORM || x.tag == GUMBO_TAG_FIELDSET || x.tag == GUMBO_TAG_TABLE ||
                  x.tag == GUMBO_TAG_UL || x.tag == GUMBO_TAG_OL || x.tag == GUMBO_TAG_DIV ||
                  x.tag == GUMBO_TAG_SECTION || x.tag == GUMBO_TAG_FIGURE || x.tag == GUMBO_TAG_UNKNOWN ||
                  x.tag == GUMBO_TAG_DL || x.tag == GUMBO_TAG_HEADER || x.tag == GUMBO_TAG_SPAN ||
                  x.tag == GUMBO_TAG_P || x.tag == GUMBO_TAG_LI)) {
      int weight = use_weights ? x.weight : 0;
      bool is_list = x.tag == GUMBO_TAG_UL || x.tag == GUMBO_TAG_OL;
      float ld = LinkDensity(x);
      if (weight < 0 && x.tag != GUMBO_TAG_P) {
        drop = true;
      } else if (x.commas < 10) {
        uint32_t p = 0, img = 0, li = 0, embeds = 0, heading_chars = 0;
        for (uint32_t j = i + 1; j < x.end; ++j) {
          const XNode& d = v[j];
          if (d.removed) {
            j = d.end - 1;
            continue;
          }
          if (d.is_text) continue;
          if (d.tag == GUMBO_TAG_P) ++p;
          else if (d.tag == GUMBO_TAG_IMG) ++img;
          else if (d.tag == GUMBO_TAG_LI) ++li;
          else if (IsHeading(d.tag)) heading_chars += d.chars;
        }
        (void)embeds;
        bool in_figure = false;
        for (int32_t a = x.parent; a >= 0 && static_cast<uint32_t>(a) >= root; a = v[a].parent)
          if (v[a].tag == GUMBO_TAG_FIGURE) in_figure = true;
        float heading_density =
            x.chars == 0 ? 0.f : static_cast<float>(heading_chars) / static_cast<float>(x.chars);
        bool is_para = x.tag == GUMBO_TAG_P || x.tag == GUMBO_TAG_LI || x.tag == GUMBO_TAG_SPAN;
        if (!is_para) {
          if (img > 1 && static_cast<float>(p) / static_cast<float>(img) < 0.5f && !in_figure) drop = true;
          if (!is_list && li > p + 100) drop = true;
          if (!is_list && heading_density < 0.9f && x.chars < 25 && (img == 0 || img > 2) && !in_figure)
            drop = true;
          if (!is_list && weight < 25 && ld > 0.2f) drop = true;
          if (weight >= 25 && ld > 0.5f) drop = true;
          if (is_list && ld > 0.5f) drop = true;
          if (x.tag == GUMBO_TAG_FIGURE) drop = true;
        } else {
          // Paragraphs that are (almost) only links: "Read more", tag lists.
          if (ld > 0.6f && x.chars < 200) drop = true;
        }
      }
    }
    if (drop) {
      x.removed = true;
      i = x.end - 1;
    }
  }
}

// ---------------------------------------------------------- serialize --

struct TextSink {
  std::string out;   // paragraphs joined by '\n'
  std::string line;  // current paragraph, whitespace collapsed
  bool pending_space = false;

  void Flush() {
    if (!line.empty()) {
      if (!out.empty()) out.push_back('\n');
      out.append(line);
      line.clear();
    }
    pending_space = false;
  }
  void Add(std::string_view s, bool pre) {
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (pre && c == '\n') {
        Flush();
        continue;
      }
      bool ws = IsWs(c);
      if (!ws && c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        ws = true;
        ++i;
      }
      if (ws) {
        pending_space = !line.empty();
        continue;
      }
      if (pending_space) line.push_back(' ');
      pending_space = false;
      line.push_back(static_cast<char>(c));
    }
  }
};

void Serialize(const Flat& f, uint32_t root, TextSink* sink) {
  const std::vector<XNode>& v = f.nodes;
  // Stack of open blocks: when we pass their end, flush.
  std::vector<uint32_t> ends;
  std::vector<uint32_t> pre_ends;
  for (uint32_t i = root; i < v[root].end; ++i) {
    while (!ends.empty() && ends.back() <= i) {
      ends.pop_back();
      sink->Flush();
    }
    while (!pre_ends.empty() && pre_ends.back() <= i) pre_ends.pop_back();
    const XNode& x = v[i];
    if (x.removed) {
      i = x.end - 1;
      continue;
    }
    if (x.is_text) {
      sink->Add(x.g->v.text.text, !pre_ends.empty());
      continue;
    }
    if (IsJunkTag(x.tag)) {
      i = x.end - 1;
      continue;
    }
    if (x.tag == GUMBO_TAG_BR || x.tag == GUMBO_TAG_HR) {
      sink->Flush();
      continue;
    }
    if (x.tag == GUMBO_TAG_IMG) continue;
    if (x.tag == GUMBO_TAG_PRE || x.tag == GUMBO_TAG_LISTING || x.tag == GUMBO_TAG_XMP) pre_ends.push_back(x.end);
    if (IsBlockTag(x.tag)) {
      sink->Flush();
      ends.push_back(x.end);
    } else if (x.tag == GUMBO_TAG_TD || x.tag == GUMBO_TAG_TH) {
      sink->pending_space = !sink->line.empty();
    }
  }
  sink->Flush();
}

// ------------------------------------------------------ nesting guard --

// Returns the byte offset of the first tag with more than `max_attributes`
// attributes or that opens an element past `max_nesting` levels (counting non-void, non-self-closing start tags minus
// end tags, ignoring elements that close implicitly), or npos.
size_t FindNestingCut(std::string_view s, uint32_t max_nesting, uint32_t max_attributes) {
  int64_t depth = 0;
  size_t i = 0;
  auto name_is = [](std::string_view nm, std::initializer_list<const char*> set) {
    for (const char* k : set)
      if (nm == k) return true;
    return false;
  };
  char name[16];
  while (i < s.size()) {
    const void* hit = std::memchr(s.data() + i, '<', s.size() - i);
    if (hit == nullptr) break;
    size_t lt = static_cast<size_t>(static_cast<const char*>(hit) - s.data());
    i = lt + 1;
    if (i >= s.size()) break;
    bool close = false;
    if (s[i] == '!') {
      if (s.compare(i, 3, "!--") == 0) {
        size_t e = s.find("-->", i + 3);
        if (e == std::string_view::npos) break;
        i = e + 3;
      }
      continue;
    }
    if (s[i] == '/') {
      close = true;
      ++i;
    }
    size_t nlen = 0;
    while (i < s.size() && nlen < sizeof name - 1 &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
            s[i] == '-')) {
      name[nlen++] = Lower(s[i]);
      ++i;
    }
    if (nlen == 0) continue;
    std::string_view nm(name, nlen);
    // Raw-text elements: skip their content.
    if (!close && (nm == "script" || nm == "style" || nm == "textarea" || nm == "title" || nm == "xmp")) {
      std::string endtag = "</" + std::string(nm);
      size_t e = i;
      for (;;) {
        e = s.find("</", e);
        if (e == std::string_view::npos) return std::string_view::npos;
        bool match = true;
        for (size_t k = 0; k < endtag.size() && match; ++k)
          match = e + k < s.size() && Lower(s[e + k]) == endtag[k];
        if (match) break;
        e += 2;
      }
      i = e;
      continue;
    }
    if (name_is(nm, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                     "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
                     "tbody", "thead", "tfoot", "colgroup", "rp", "rt", "html", "head", "body", "frame",
                     "basefont", "bgsound", "keygen", "image"}))
      continue;
    // Find the end of the tag, skipping quoted attribute values, counting
    // attributes (the tree builder checks duplicates pairwise).
    size_t gt = i;
    uint32_t attrs = 0;
    char quote = 0, prev = 0;
    for (; gt < s.size(); ++gt) {
      char c = s[gt];
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '>') break;
      if ((c == '"' || c == '\'') && prev == '=') {
        quote = c;
      } else if (c == '=') {
        if (++attrs > max_attributes) return lt;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') prev = c;
    }
    if (gt >= s.size()) break;
    bool self_close = gt > 0 && s[gt - 1] == '/';
    if (close) {
      if (depth > 0) --depth;
    } else if (!self_close) {
      if (++depth > static_cast<int64_t>(max_nesting)) return lt;
    }
    i = gt + 1;
  }
  return std::string_view::npos;
}

struct GumboGuard {
  GumboOutput* out;
  const GumboOptions* opts;
  ~GumboGuard() {
    if (out != nullptr) gumbo_destroy_output(opts, out);
  }
};

// Parses UTF-8 HTML with the nesting guard applied. Sets *truncated.
GumboOutput* ParseGuarded(const std::string& html, const ExtractLimits& limits, const GumboOptions* opts,
                          bool* truncated) {
  size_t cut = FindNestingCut(html, limits.max_nesting, limits.max_attributes);
  size_t len = html.size();
  if (cut != std::string_view::npos) {
    len = cut;
    *truncated = true;
  }
  return gumbo_parse_with_options(opts, html.data(), len);
}

int32_t FindTag(const Flat& f, GumboTag tag) {
  for (uint32_t i = 0; i < f.nodes.size(); ++i)
    if (f.nodes[i].tag == tag && !f.nodes[i].is_text) return static_cast<int32_t>(i);
  return -1;
}

// Runs the content pipeline once. Returns the text (not yet normalized).
std::string ExtractBodyOnce(Flat* f, uint32_t body, bool strip_by_hints, const std::string& title) {
  std::vector<XNode>& v = f->nodes;
  for (uint32_t i = body; i < v[body].end; ++i) {
    v[i].removed = false;
    v[i].weight = 0;
  }
  ComputeStats(f, body);
  uint32_t total_prose = v[body].prose_chars;
  PruneFurniture(f, body, strip_by_hints, total_prose);
  ComputeStats(f, body);
  int32_t top = ScoreAndPick(f, body, strip_by_hints);
  if (top < 0) {
    TextSink sink;
    Serialize(*f, body, &sink);
    return sink.out;
  }
  top = RefineCandidate(*f, top, body);
  std::vector<uint32_t> parts = CollectSiblings(*f, top);
  TextSink sink;
  for (uint32_t part : parts) {
    CleanContent(f, part, strip_by_hints, title);
    Serialize(*f, part, &sink);
    sink.Flush();
  }
  return sink.out;
}

uint32_t CountChars(std::string_view s) {
  uint32_t n = 0, k = 0;
  CountText(s, &n, &k);
  return n;
}

}  // namespace html_extract_detail

Status ExtractHtml(std::string_view bytes, const ExtractOptions& options, ExtractedPage* out, std::string* reason) {
  namespace d = html_extract_detail;
  *out = ExtractedPage();
  const ExtractLimits& limits = options.limits;
  if (bytes.size() > limits.max_input_bytes) {
    *reason = "page of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
              std::to_string(limits.max_input_bytes) + " bytes";
    return Status::TooLarge("page too large");
  }
  // Binary data: NUL bytes early on (UTF-16 with a BOM is text).
  std::string declared = SniffDeclaredCharset(bytes);
  if (declared != "utf-16le" && declared != "utf-16be") {
    const void* nul = std::memchr(bytes.data(), 0, std::min<size_t>(bytes.size(), 4096));
    if (nul != nullptr) {
      *reason = "binary data (NUL byte at " +
                std::to_string(static_cast<const char*>(nul) - bytes.data()) + "), not HTML";
      return Status::InvalidArgument("binary input");
    }
  }
  std::string html;
  Status st = DecodeHtmlToUtf8(bytes, &html, &out->charset, reason);
  if (!st.ok()) return st;
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;
  bool truncated = false;
  d::GumboGuard guard{d::ParseGuarded(html, limits, &opts, &truncated), &opts};
  if (guard.out == nullptr || guard.out->document == nullptr) {
    *reason = "HTML parser failed";
    return Status::Corruption("HTML parse failed");
  }
  d::Flat f;
  d::Flatten(guard.out->document, limits, &f);
  out->truncated = truncated || f.truncated;
  d::Meta meta;
  d::CollectMeta(f, limits, &meta);
  int32_t body = d::FindTag(f, GUMBO_TAG_BODY);
  if (body < 0) body = 0;
  d::FillMetadata(f, meta, options, static_cast<uint32_t>(body), out);
  std::string text = d::ExtractBodyOnce(&f, static_cast<uint32_t>(body), true, out->title);
  if (d::CountChars(text) < 250) {
    std::string retry = d::ExtractBodyOnce(&f, static_cast<uint32_t>(body), false, out->title);
    if (d::CountChars(retry) > d::CountChars(text)) text = std::move(retry);
  }
  std::string why;
  if (!NormalizeBody(text, &out->body, &why).ok()) {
    // Cannot happen for repaired UTF-8; keep an empty body rather than fail.
    out->body.clear();
  }
  return Status::OK();
}

Status HtmlFragmentToText(std::string_view html, const ExtractOptions& options, std::string* out,
                          std::string* reason) {
  namespace d = html_extract_detail;
  const ExtractLimits& limits = options.limits;
  if (html.size() > limits.max_input_bytes) {
    *reason = "HTML fragment of " + std::to_string(html.size()) + " bytes exceeds the limit";
    return Status::TooLarge("fragment too large");
  }
  std::string doc = "<html><body>";
  doc += RepairUtf8(html);
  doc += "</body></html>";
  GumboOptions opts = kGumboDefaultOptions;
  opts.max_errors = 0;
  bool truncated = false;
  d::GumboGuard guard{d::ParseGuarded(doc, limits, &opts, &truncated), &opts};
  if (guard.out == nullptr || guard.out->document == nullptr) {
    *reason = "HTML parser failed";
    return Status::Corruption("HTML parse failed");
  }
  d::Flat f;
  d::Flatten(guard.out->document, limits, &f);
  int32_t body = d::FindTag(f, GUMBO_TAG_BODY);
  if (body < 0) body = 0;
  uint32_t b = static_cast<uint32_t>(body);
  d::ComputeStats(&f, b);
  d::PruneFurniture(&f, b, true, f.nodes[b].prose_chars);
  d::TextSink sink;
  d::Serialize(f, b, &sink);
  std::string why;
  if (!NormalizeBody(sink.out, out, &why).ok()) {
    *reason = why;
    return Status::Corruption("cannot normalize fragment text");
  }
  return Status::OK();
}

std::string ResolveUrl(std::string_view base, std::string_view link) {
  std::string l = html_extract_detail::CollapseWs(link);
  if (l.empty() || base.empty()) return l;
  size_t colon = l.find(':');
  size_t slash = l.find('/');
  if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) return l;  // has a scheme
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return l;
  if (l.rfind("//", 0) == 0) return std::string(base.substr(0, scheme_end + 1)) + l;
  size_t host_end = base.find('/', scheme_end + 3);
  std::string_view origin = host_end == std::string_view::npos ? base : base.substr(0, host_end);
  if (l[0] == '/') return std::string(origin) + l;
  if (l[0] == '#' || l[0] == '?') {
    std::string_view b = base.substr(0, base.find_first_of(l[0] == '#' ? "#" : "?#"));
    return std::string(b) + l;
  }
  std::string_view path = host_end == std::string_view::npos ? "/" : base.substr(host_end);
  path = path.substr(0, path.find_first_of("?#"));
  size_t last = path.rfind('/');
  std::string dir(path.substr(0, last + 1));
  // Resolve "./" and "../" segments.
  std::vector<std::string> segs;
  std::string joined = dir + l;
  std::string tail;
  size_t q = joined.find_first_of("?#");
  if (q != std::string::npos) {
    tail = joined.substr(q);
    joined.resize(q);
  }
  size_t p = 1;
  while (p <= joined.size()) {
    size_t e = joined.find('/', p);
    if (e == std::string::npos) e = joined.size();
    std::string seg = joined.substr(p, e - p);
    bool last_seg = e == joined.size();
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
      if (last_seg) segs.emplace_back();
    } else if (seg == ".") {
      if (last_seg) segs.emplace_back();
    } else {
      segs.push_back(seg);
    }
    p = e + 1;
  }
  std::string out(origin);
  for (const auto& s : segs) out += "/" + s;
  if (segs.empty()) out += "/";
  return out + tail;
}

}  // namespace newsdigest::ingest
