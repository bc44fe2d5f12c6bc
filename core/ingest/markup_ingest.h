// Private to core/ingest: HTML pages and RSS/Atom feeds as article inputs.
#ifndef NEWSDIGEST_INGEST_MARKUP_INGEST_H_
#define NEWSDIGEST_INGEST_MARKUP_INGEST_H_

#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/ingest/ingest.h"

namespace newsdigest::ingest {

// True when the first bytes of a file look like an RSS/Atom/RDF feed.
bool SniffFeed(std::string_view head);
// True when the first bytes of a file look like an HTML document.
bool SniffHtml(std::string_view head);

// Extracts the article of one HTML page (raw bytes, any charset) into *out.
// `origin` names the input for messages. On error *reason says why.
Status ParseHtmlPage(std::string_view bytes, const IngestOptions& options, Article* out, std::string* reason);

// Turns every item of a feed into an article. Items that fail are reported
// in *item_errors (origin "#<item index>") and skipped.
Status ParseFeed(std::string_view bytes, const IngestOptions& options, std::vector<Article>* out,
                 std::vector<InputError>* item_errors, std::string* reason);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_MARKUP_INGEST_H_
