// Extract: the article of one HTML page (body paragraphs and metadata), and
// the items of an RSS 2.0 / Atom / RSS 1.0 feed.
//
// Input is untrusted bytes in any character set. Output text is always valid
// UTF-8; bodies are normalized text (see NormalizeBody in ingest.h).
//
// Limits (hostile input gets a clear error or a best effort, never a crash or
// a hang); all of them are in ExtractLimits:
//   * input larger than max_input_bytes is refused (kTooLarge);
//   * markup nested deeper than max_nesting (counted on the raw tags before
//     parsing, as the HTML5 tree builder is quadratic in nesting depth) is
//     cut at the first tag past the limit (best effort, flagged in
//     ExtractedPage::truncated); so is a tag with more than max_attributes
//     attributes (the parser's duplicate check is quadratic);
//   * parsing is linear but slow on markup-dense or garbage input (about
//     2 MB/s worst case against 20-30 MB/s on real pages), so max_input_bytes
//     bounds the time spent on one input;
//   * the DOM is walked to at most max_dom_depth levels; deeper nodes are
//     ignored;
//   * at most max_nodes DOM nodes are considered (the rest is ignored);
//   * JSON-LD blocks above max_jsonld_bytes are skipped;
//   * a feed yields at most max_feed_items items; DTD entity declarations in
//     feeds are refused (no entity expansion, no external entities, no
//     network access, no XInclude);
//   * a feed is parsed strictly (no recovery): malformed XML, elements
//     nested deeper than kMaxFeedNesting (256) levels, or a text node /
//     CDATA section over 10,000,000 bytes is an error with its line. The
//     items complete before the first error are kept and the error is the
//     last entry of item_errors ("not well-formed XML at line N: ...; the
//     rest of the feed is not read"); with no complete item before it,
//     ParseFeedDocument fails with that reason. Nothing vanishes silently.
//   * input with NUL bytes in its first 4 KiB (binary data) is refused.
// Thread-safety: all functions are thread-safe (no shared mutable state).
#ifndef NEWSDIGEST_INGEST_EXTRACT_H_
#define NEWSDIGEST_INGEST_EXTRACT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/format/status.h"

namespace newsdigest::ingest {

// Deepest element nesting of a feed (libxml2's limit without XML_PARSE_HUGE).
inline constexpr uint32_t kMaxFeedNesting = 256;

struct ExtractLimits {
  size_t max_input_bytes = 64u << 20;
  uint32_t max_nesting = 1024;
  uint32_t max_attributes = 256;
  uint32_t max_dom_depth = 512;
  uint32_t max_nodes = 2000000;
  size_t max_jsonld_bytes = 4u << 20;
  uint32_t max_feed_items = 10000;
};

struct ExtractOptions {
  ExtractLimits limits;
  // Base URL used to resolve relative links (canonical URL, feed item links).
  // May be empty: relative links are then kept as they are.
  std::string base_url;
};

// What was extracted from one page. Empty strings mean "not found".
struct ExtractedPage {
  std::string title;
  std::string byline;
  std::string site_name;
  std::string lang;           // as declared (<html lang>, meta), e.g. "en-US"
  std::string canonical_url;  // <link rel=canonical>, og:url, or base_url
  std::string description;
  std::string published_text; // the date as found, e.g. "2020-05-01T10:00:00Z"
  int64_t published = 0;      // UTC seconds, 0 when unknown or unparsable
  std::string body;           // normalized text, paragraphs separated by '\n'
  std::string charset;        // source charset used for decoding, e.g. "UTF-8"
  bool truncated = false;     // input was cut at a limit (best effort)
};

// Extracts the main article of an HTML page.
// @return OK (out filled; body may be empty when the page has no article
// text), or an error with *reason set (binary input, too large, charset
// conversion failure, parser failure).
Status ExtractHtml(std::string_view bytes, const ExtractOptions& options, ExtractedPage* out,
                   std::string* reason);

// Converts an HTML fragment (e.g. a feed item's content) to normalized text,
// dropping scripts, forms and page furniture (share bars, ads, related
// links...) but without choosing a main block. Invalid UTF-8 in `html` is
// replaced by U+FFFD.
Status HtmlFragmentToText(std::string_view html, const ExtractOptions& options, std::string* out,
                          std::string* reason);

// One feed item.
// A file attached to a feed item: RSS <enclosure url type length>, Atom
// <link rel="enclosure" href type length>, Media RSS <media:content url type
// fileSize>. The URL is resolved like the item's link.
struct Enclosure {
  std::string url;
  std::string type;     // MIME type as given (trimmed), may be empty
  uint64_t length = 0;  // bytes as given, 0 when unknown

  bool operator==(const Enclosure& o) const { return url == o.url && type == o.type && length == o.length; }
};

struct FeedItem {
  std::string title;
  std::string link;
  std::string author;
  std::string published_text;
  int64_t published = 0;  // UTC seconds, 0 when unknown
  std::string body;       // normalized text from content / description
  std::string description;
  std::vector<Enclosure> enclosures;  // in document order, one per URL
};

struct FeedDocument {
  std::string title;  // channel / feed title
  std::string link;
  std::string lang;
  std::vector<FeedItem> items;
  // Items that were skipped: index (0-based) and reason.
  std::vector<std::pair<size_t, std::string>> item_errors;
};

// Parses an RSS 2.0, Atom 1.0 or RSS 1.0 (RDF) feed. Items without any text
// and a well-formedness error after complete items are reported in
// item_errors. @return an error when the document is not well-formed XML
// before its first complete item (*reason: "not well-formed XML at line N:
// ..."), not a feed, or breaks a limit.
Status ParseFeedDocument(std::string_view bytes, const ExtractOptions& options, FeedDocument* out,
                         std::string* reason);

// Same as ParseDate (dates.h): RFC 822 / 1123 or ISO 8601, clamped.
// Kept for existing callers. @return false when invalid.
bool ParseFeedDate(std::string_view s, int64_t* out_seconds);

// Resolves `link` against `base` (absolute http(s) URL). Returns `link`
// unchanged when it is already absolute or base is empty.
std::string ResolveUrl(std::string_view base, std::string_view link);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_EXTRACT_H_
