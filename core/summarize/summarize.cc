// Summarize(): analysis, features, the default model, selection, keywords.
#include "newsdigest/summarize/summarize.h"

#include "summarize_internal.h"

namespace newsdigest::summarize {

Summary Summarize(std::string_view title, std::string_view body, std::string_view lang,
                  const SummaryOptions& options) {
  internal::Analysis a;
  internal::Analyze(title, body, lang, &a);
  internal::Features f;
  internal::ComputeFeatures(a, &f);
  const internal::Model& m = internal::DefaultModel();
  std::vector<float> scores = internal::ScoreSentences(f, m);
  Summary out;
  for (uint32_t i : internal::SelectSentences(a, f, scores, m, options)) out.sentences.push_back(a.sentences[i].span);
  out.keywords = internal::ExtractKeywords(title, body, a, options.keywords);
  return out;
}

}  // namespace newsdigest::summarize
