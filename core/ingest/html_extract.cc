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
//
// Files: html_dom.cc (steps 1-2), html_metadata.cc (3), html_content.cc
// (4-6), html_text.cc (7), html_url.cc (links), html_extract_internal.h.
#include <algorithm>
#include <cstring>
#include <string>

#include "html_charset.h"
#include "html_extract_internal.h"
#include "html_lang.h"
#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"

namespace newsdigest::ingest {

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
  bool truncated = false;
  d::ParsedHtml parsed;
  d::Flat f;
  if (!d::ParseAndFlatten(html, limits, &parsed, &f, &truncated)) {
    *reason = "HTML parser failed";
    return Status::Corruption("HTML parse failed");
  }
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
  if (!NormalizeBody(d::DropBoilerplateLines(text), &out->body, &why).ok()) {
    // Cannot happen for repaired UTF-8; keep an empty body rather than fail.
    out->body.clear();
  }
  // BCP 47, and the text's own language when it contradicts the declaration.
  out->lang = ReconcileLanguage(out->lang, out->body);
  return Status::OK();
}

}  // namespace newsdigest::ingest
