// Extractive summarization: picks the sentences of a body that carry the
// story, verbatim, in article order.
//
// Thread-safety: Summarize may be called concurrently from any thread.
#ifndef NEWSDIGEST_SUMMARIZE_SUMMARIZE_H_
#define NEWSDIGEST_SUMMARIZE_SUMMARIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/text/text.h"

namespace newsdigest::summarize {

// How long a summary may be. The first non-zero limit among max_bytes,
// max_words and ratio applies; otherwise `sentences`.
struct SummaryOptions {
  uint32_t sentences = 3;  // number of sentences (default 3)
  double ratio = 0;        // fraction of the body's sentences, (0, 1]
  uint32_t max_words = 0;  // at most this many words
  uint32_t max_bytes = 0;  // at most this many UTF-8 bytes (sentences joined by one space)
  uint32_t keywords = 5;   // number of key terms to return
};

struct Summary {
  // Chosen sentences as byte spans of the body, in body order.
  std::vector<text::Span> sentences;
  // Key terms, most important first.
  std::vector<std::string> keywords;
};

// Summarizes `body` (normalized text, see ingest::NormalizeBody). `title`
// may be empty; `lang` is a BCP 47 tag or empty (then detected). Deterministic:
// the same input and options give the same summary.
Summary Summarize(std::string_view title, std::string_view body, std::string_view lang,
                  const SummaryOptions& options);

}  // namespace newsdigest::summarize

#endif  // NEWSDIGEST_SUMMARIZE_SUMMARIZE_H_
