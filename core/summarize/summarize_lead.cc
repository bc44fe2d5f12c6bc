// First summarizer: the leading sentences of the body, within the budget.
#include "newsdigest/summarize/summarize.h"

#include <algorithm>
#include <cmath>

namespace newsdigest::summarize {

Summary Summarize(std::string_view /*title*/, std::string_view body, std::string_view lang,
                  const SummaryOptions& options) {
  Summary out;
  std::vector<text::Span> all = text::SplitSentences(body, lang);
  size_t want = options.sentences;
  if (options.ratio > 0) want = static_cast<size_t>(std::ceil(options.ratio * static_cast<double>(all.size())));
  if (options.max_words > 0 || options.max_bytes > 0) want = all.size();
  size_t words = 0, bytes = 0;
  for (const text::Span& s : all) {
    if (out.sentences.size() >= want) break;
    size_t w = text::SplitWords(s.Of(body), lang).size();
    size_t b = s.size() + (out.sentences.empty() ? 0 : 1);
    if (options.max_words > 0 && words + w > options.max_words) break;
    if (options.max_bytes > 0 && bytes + b > options.max_bytes) break;
    words += w;
    bytes += b;
    out.sentences.push_back(s);
  }
  return out;
}

}  // namespace newsdigest::summarize
