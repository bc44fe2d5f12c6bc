// The scrapinghub article-extraction-benchmark metric, our implementation
// (checked against ../shared/eval/extract/score.py): tokens are \w+ runs
// (Unicode letters, numbers, '_'), shingles are 4-token runs counted with
// repeats, per-page TP/FP/FN normalised so pages weigh the same, precision
// and recall are macro means, F1 their harmonic mean, accuracy the share of
// pages whose token lists match exactly. Thread-safety: pure functions.
#ifndef NEWSDIGEST_BENCHMARKS_EXTRACT_SCORE_H_
#define NEWSDIGEST_BENCHMARKS_EXTRACT_SCORE_H_

#include <string>
#include <string_view>
#include <vector>

namespace newsdigest::bench {

std::vector<std::string> ExtractTokens(std::string_view utf8);

struct DocCounts {
  double tp = 0, fp = 0, fn = 0;  // normalised to sum 1 (all 0 when both empty)
  bool exact = false;
};

DocCounts ScoreDoc(std::string_view truth, std::string_view pred);

struct Aggregate {
  double f1 = 0, precision = 0, recall = 0, accuracy = 0;
  size_t n = 0;
};

Aggregate AggregateDocs(const std::vector<DocCounts>& docs);

}  // namespace newsdigest::bench

#endif  // NEWSDIGEST_BENCHMARKS_EXTRACT_SCORE_H_
