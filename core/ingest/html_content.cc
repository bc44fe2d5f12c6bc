// HTML extraction: furniture pruning (class/id hints, hidden nodes, ARIA
// roles) and content scoring (best node, siblings, cleaning).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "html_extract_internal.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

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

// ------------------------------------------------------ inline text --

// True when inline element `i` is part of running text: its nearest block
// ancestor is a paragraph-like block, or a text node next to it (or next to
// one of its inline ancestors) holds words, and that block has text outside
// the element. Such elements keep their text whatever their class names or
// link density say: decisions are made on blocks, never mid-sentence.
bool InlineInRunningText(const Flat& f, uint32_t i) {
  const std::vector<XNode>& v = f.nodes;
  if (v[i].is_text || IsBlockTag(v[i].tag) || IsJunkTag(v[i].tag)) return false;
  int32_t b = v[i].parent;
  while (b >= 0 && !IsBlockTag(v[b].tag)) b = v[b].parent;
  if (b < 0) return false;
  auto words = [&](uint32_t j) {
    if (!v[j].is_text) return false;
    for (const char* t = v[j].text; *t != '\0'; ++t)
      if (!IsWs(static_cast<unsigned char>(*t))) return true;
    return false;
  };
  // The text nodes right before and after the element and each of its
  // inline ancestors (bounded by the depth, not the number of siblings).
  bool neighbour_text = false;
  for (uint32_t c = i; !neighbour_text;) {
    int32_t par = v[c].parent;
    if (par < 0) break;
    uint32_t next = v[c].end;
    if (next < v[par].end && words(next)) neighbour_text = true;
    if (c > static_cast<uint32_t>(par) + 1) {
      uint32_t prev = c - 1;
      while (v[prev].parent != par) prev = static_cast<uint32_t>(v[prev].parent);
      if (words(prev)) neighbour_text = true;
    }
    if (par == b) break;
    c = static_cast<uint32_t>(par);
  }
  const XNode& blk = v[b];
  bool para = blk.tag == GUMBO_TAG_P || blk.tag == GUMBO_TAG_LI || blk.tag == GUMBO_TAG_BLOCKQUOTE ||
              blk.tag == GUMBO_TAG_DD || blk.tag == GUMBO_TAG_TD || IsHeading(blk.tag);
  return blk.inline_chars > v[i].chars && (para || neighbour_text);
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
        if (!big && !InlineInRunningText(*f, i)) junk = true;
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
    if (drop && !IsBlockTag(x.tag) && InlineInRunningText(*f, i)) drop = false;
    if (drop) {
      x.removed = true;
      i = x.end - 1;
    }
  }
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

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest
