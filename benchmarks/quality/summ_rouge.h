// ROUGE-1 / ROUGE-2 / ROUGE-Lsum F1, our C++ re-implementation of the
// conventions of ../shared/eval/summ/rouge.py (itself Google rouge-score with
// use_stemmer=True): for "en", ASCII lower-case alphanumeric tokens and the
// NLTK-extension Porter stemmer on tokens longer than 3 characters; for any
// other language, NFKC + lower-case + Unicode word characters, no stemming,
// CJK/Thai/Lao/Khmer/Myanmar/Tibetan split into single characters.
// Benchmark code: not part of the engine.
//
// Thread-safety: RougeTokenizer is not thread-safe (it caches stems).
#ifndef NEWSDIGEST_BENCHMARKS_QUALITY_SUMM_ROUGE_H_
#define NEWSDIGEST_BENCHMARKS_QUALITY_SUMM_ROUGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsdigest::bench {

struct Prf {
  double p = 0, r = 0, f = 0;
};

struct RougeScores {
  Prf r1, r2, rlsum;
};

// Porter stemmer, NLTK_EXTENSIONS mode (what rouge-score uses).
std::string PorterStemNltk(std::string_view word);

class RougeTokenizer {
 public:
  explicit RougeTokenizer(std::string lang) : lang_(std::move(lang)) {}
  // Tokens of `text` mapped to ids (shared vocabulary across calls).
  std::vector<uint32_t> Ids(std::string_view text);
  // One token-id list per non-empty '\n'-separated line.
  std::vector<std::vector<uint32_t>> SentenceIds(std::string_view text);
  std::vector<std::string> Tokens(std::string_view text);
  size_t vocab_size() const { return vocab_.size(); }

 private:
  std::string lang_;
  std::unordered_map<std::string, std::string> stem_cache_;
  std::unordered_map<std::string, uint32_t> vocab_;
};

Prf RougeN(const std::vector<uint32_t>& ref, const std::vector<uint32_t>& hyp, int n);
// Indices into `ref` of one LCS of ref and hyp (ROUGE-1.5.5 tie-breaking).
std::vector<uint32_t> LcsPositions(const std::vector<uint32_t>& ref, const std::vector<uint32_t>& hyp);
Prf RougeLsum(const std::vector<std::vector<uint32_t>>& ref_sents, const std::vector<std::vector<uint32_t>>& hyp_sents);

// Full score of one hypothesis against one reference (strings; sentences
// separated by '\n').
RougeScores ScoreTexts(RougeTokenizer* tok, std::string_view ref, std::string_view hyp);

}  // namespace newsdigest::bench

#endif  // NEWSDIGEST_BENCHMARKS_QUALITY_SUMM_ROUGE_H_
