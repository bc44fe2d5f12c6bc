// HTML extraction: text helpers, the flat pre-order DOM, subtree statistics
// and gumbo parsing behind the nesting guard.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "html_extract_internal.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

// ---------------------------------------------------------------- helpers --

std::string LowerStr(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = Lower(c);
  return r;
}

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
    case GUMBO_TAG_METER: case GUMBO_TAG_RT: case GUMBO_TAG_RP: case GUMBO_TAG_RTC:  // ruby readings
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

// The index of the marker `text` (kRawTextMarkerPrefix + decimal index,
// nothing else), or -1.
int64_t RawTextMarkerIndex(const char* text) {
  if (std::strncmp(text, kRawTextMarkerPrefix, 3) != 0) return -1;
  const char* d = text + 3;
  if (*d < '0' || *d > '9' || (*d == '0' && d[1] != '\0')) return -1;
  int64_t v = 0;
  for (; *d != '\0'; ++d) {
    if (*d < '0' || *d > '9' || v > (int64_t{1} << 40)) return -1;
    v = v * 10 + (*d - '0');
  }
  return v;
}

bool Flatten(const GumboNode* root, const ExtractLimits& limits, const ElidedRawText* elided, Flat* f) {
  std::vector<bool> restored;
  size_t n_restored = 0;
  bool misplaced = false;
  if (elided != nullptr) restored.assign(elided->texts.size(), false);
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
      x.text = g->v.text.text;
      x.text_len = static_cast<uint32_t>(std::strlen(x.text));
      x.end = static_cast<uint32_t>(idx + 1);
      const GumboNode* par = g->parent;
      if (elided != nullptr && par != nullptr && par->type == GUMBO_NODE_ELEMENT &&
          (par->v.element.tag == GUMBO_TAG_SCRIPT || par->v.element.tag == GUMBO_TAG_STYLE)) {
        int64_t k = RawTextMarkerIndex(x.text);
        if (k >= 0) {
          if (static_cast<uint64_t>(k) >= restored.size() || restored[k] ||
              par->v.element.tag_namespace != GUMBO_NAMESPACE_HTML || par->v.element.children.length != 1) {
            misplaced = true;
          } else {
            restored[k] = true;
            ++n_restored;
            x.text = elided->texts[k].c_str();
            x.text_len = static_cast<uint32_t>(elided->texts[k].size());
          }
        }
      }
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
  return elided == nullptr || (!misplaced && n_restored == elided->texts.size());
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
      raw.append(TextOf(x));
    } else if (IsBlockTag(x.tag)) {
      raw.push_back(' ');
    }
  }
  return CollapseWs(raw);
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
      if (!x.text_counted) {
        CountText(TextOf(x), &x.text_chars, &x.text_commas);
        x.text_counted = true;
      }
      x.chars = x.text_chars;
      x.commas = x.text_commas;
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
    // Find the end of the tag, skipping quoted attribute values, counting
    // attributes on every tag, start or end, void or raw-text (the tree
    // builder checks duplicates pairwise).
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
    // Raw-text elements: skip their content.
    if (!close && (nm == "script" || nm == "style" || nm == "textarea" || nm == "title" || nm == "xmp")) {
      std::string endtag = "</" + std::string(nm);
      size_t e = gt + 1;
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
                     "basefont", "bgsound", "keygen", "image"})) {
      i = gt + 1;
      continue;
    }
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

bool ParseAndFlatten(std::string_view html, const ExtractLimits& limits, ParsedHtml* p, Flat* f, bool* truncated) {
  size_t cut = FindNestingCut(html, limits.max_nesting, limits.max_attributes);
  if (cut != std::string_view::npos) {
    html = html.substr(0, cut);
    *truncated = true;
  }
  if (ElideRawText(html, &p->elided)) {
    p->out = gumbo_parse_with_options(&p->opts, p->elided.html.data(), p->elided.html.size());
    if (p->out == nullptr || p->out->document == nullptr) return false;
    if (Flatten(p->out->document, limits, &p->elided, f)) return true;
    // A marker did not come out as raw text: parse the input as it is.
    gumbo_destroy_output(&p->opts, p->out);
    p->out = nullptr;
    p->elided = ElidedRawText();
    *f = Flat();
  }
  p->out = gumbo_parse_with_options(&p->opts, html.data(), html.size());
  if (p->out == nullptr || p->out->document == nullptr) return false;
  Flatten(p->out->document, limits, nullptr, f);
  return true;
}

int32_t FindTag(const Flat& f, GumboTag tag) {
  for (uint32_t i = 0; i < f.nodes.size(); ++i)
    if (f.nodes[i].tag == tag && !f.nodes[i].is_text) return static_cast<int32_t>(i);
  return -1;
}

uint32_t CountChars(std::string_view s) {
  uint32_t n = 0, k = 0;
  CountText(s, &n, &k);
  return n;
}

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest
