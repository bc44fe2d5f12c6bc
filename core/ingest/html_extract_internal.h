// Private to core/ingest: the pieces of HTML article extraction shared by
// html_dom.cc (flat DOM, statistics, guarded parsing), html_content.cc
// (furniture and content scoring), html_metadata.cc, html_text.cc
// (serialization) and html_extract.cc (ExtractHtml). See html_extract.cc for
// the design. Thread-safety: no shared state.
#ifndef NEWSDIGEST_INGEST_HTML_EXTRACT_INTERNAL_H_
#define NEWSDIGEST_INGEST_HTML_EXTRACT_INTERNAL_H_

#include <gumbo.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdigest/ingest/extract.h"

namespace newsdigest::ingest {
namespace html_extract_detail {

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool IsWs(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// One node of the flat DOM: the pre-order array of the gumbo tree, where
// the subtree of node i is [i, end).
struct XNode {
  const GumboNode* g = nullptr;
  const char* text = nullptr;  // text nodes: the text (gumbo's, or restored raw text)
  uint32_t text_len = 0;       // strlen(text)
  // Text nodes: CountText of `text`, computed once (the text never changes).
  bool text_counted = false;
  uint32_t text_chars = 0, text_commas = 0;
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

// The flat DOM of one document (Flatten). `truncated`: a limit cut it.
struct Flat {
  std::vector<XNode> nodes;
  bool truncated = false;
};

// -------- html_rawtext.cc: raw-text elision (see there)

// Marker prefix (U+E000); a marker is the prefix and the decimal index.
inline constexpr char kRawTextMarkerPrefix[] = "\xEE\x80\x80";
struct ElidedRawText {
  std::string html;                // the input, contents replaced by markers
  std::vector<std::string> texts;  // content i as gumbo stores it
};
// Replaces the content of <script>/<style> elements of `html` by markers.
// False (and `out` empty) when nothing was elided.
bool ElideRawText(std::string_view html, ElidedRawText* out);
std::string RawTextMarker(size_t index);

// A parsed document; owns what a Flat built from it points into.
struct ParsedHtml {
  GumboOptions opts = kGumboDefaultOptions;
  GumboOutput* out = nullptr;
  ElidedRawText elided;
  ParsedHtml() { opts.max_errors = 0; }
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;
  ~ParsedHtml() {
    if (out != nullptr) gumbo_destroy_output(&opts, out);
  }
};

// Article facts from one JSON-LD object.
struct LdInfo {
  bool found = false;
  std::string headline, name, author, author_text, date, publisher, description, url;
};

// Everything the metadata pass reads from a page (CollectMeta).
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

// Collects serialized text: paragraphs joined by '\n', white space
// collapsed except in <pre>.
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

// -------- html_dom.cc: text helpers, the flat DOM, statistics, guarded parsing

std::string LowerStr(std::string_view s);
// Collapses whitespace runs (ASCII and U+00A0) to one space and trims.
std::string CollapseWs(std::string_view s);
size_t WordCount(std::string_view s);
const char* Attr(const GumboNode* n, const char* name);
bool IsBlockTag(GumboTag t);
bool IsHeading(GumboTag t);
// Tags whose content is never article text.
bool IsJunkTag(GumboTag t);
// Flattens the tree under `root`. With `elided`, puts its texts back in
// place of their markers and returns false unless every marker was found as
// the only text of an HTML <script>/<style> element (then the caller must
// parse the unmodified input).
bool Flatten(const GumboNode* root, const ExtractLimits& limits, const ElidedRawText* elided, Flat* f);
// Text of a subtree (not skipping removed nodes), whitespace collapsed.
std::string SubtreeText(const Flat& f, uint32_t i, bool skip_removed);
void ComputeStats(Flat* f, uint32_t root);
float LinkDensity(const XNode& x);
// Parses UTF-8 HTML behind the nesting guard (sets *truncated when it cut
// the input) with raw-text elision, and flattens it into *f. False when
// gumbo fails. The result is the same as parsing `html` directly.
bool ParseAndFlatten(std::string_view html, const ExtractLimits& limits, ParsedHtml* p, Flat* f, bool* truncated);
int32_t FindTag(const Flat& f, GumboTag tag);
uint32_t CountChars(std::string_view s);

// -------- html_content.cc: furniture pruning and content scoring

bool IsHidden(const GumboNode* g);
// Prunes furniture before scoring. `strip_by_hints` enables removal by
// class/id names. The guard keeps nodes holding much of the page's prose.
void PruneFurniture(Flat* f, uint32_t body, bool strip_by_hints, uint32_t total_prose);
// Runs the content pipeline once. Returns the text (not yet normalized).
std::string ExtractBodyOnce(Flat* f, uint32_t body, bool strip_by_hints, const std::string& title);

// -------- html_metadata.cc: title, byline, date, site, language, URL

void CollectMeta(const Flat& f, const ExtractLimits& limits, Meta* m);
void FillMetadata(const Flat& f, const Meta& m, const ExtractOptions& options, uint32_t body,
                  ExtractedPage* out);

// -------- html_text.cc: serialization of a subtree as paragraphs

void Serialize(const Flat& f, uint32_t root, TextSink* sink);
inline std::string_view TextOf(const XNode& x) { return std::string_view(x.text, x.text_len); }
// Lines (paragraphs) that are page furniture in any language we support:
// consent/cookie and blocked-content notices, JavaScript notices, newsletter
// prompts, sharing rows, photo credits and copyright lines.
bool IsBoilerplateLine(std::string_view line);
// `text` without its boilerplate lines ('\n'-separated paragraphs); `text`
// itself when every line is boilerplate.
std::string DropBoilerplateLines(const std::string& text);

// Metadata helpers shared by html_metadata.cc, html_meta_dates.cc and
// html_meta_byline.cc.
std::string RawText(const Flat& f, uint32_t i);  // the text under node i, entities decoded
bool ContainsAny(const std::string& s, std::initializer_list<const char*> words);
bool LooksLikeUrl(const std::string& s);
std::string DecodeEntities(std::string_view s);
// A byline reduced to names, or "" when it holds none.
std::string CleanByline(const std::string& raw);
// "YYYY-MM-DD" from a date in a URL path or a visible date line near the
// content (`body`), or "".
std::string DateFromUrl(std::string_view url);
std::string FindVisibleDate(const Flat& f, uint32_t body);

}  // namespace html_extract_detail
}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_HTML_EXTRACT_INTERNAL_H_
