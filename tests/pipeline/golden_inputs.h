// The inputs of the golden digest files in tests/data/pipeline (README there),
// shared by the library test (tests/pipeline) and the CLI test (tests/cli).
#ifndef NEWSDIGEST_TESTS_PIPELINE_GOLDEN_INPUTS_H_
#define NEWSDIGEST_TESTS_PIPELINE_GOLDEN_INPUTS_H_

#include <string>
#include <vector>

namespace golden_inputs {

// Paths under tools/examples, in build order (the JSONL file once; the
// dedup golden gives it a second time).
inline std::vector<std::string> GoldenInputPaths() {
  static const char* const kNames[] = {
      "bakery-chain-expansion.txt", "bridge-closure-repairs.txt", "clinic-wait-times.txt",
      "council-parking-levy.txt", "dairy-cooperative-prices.txt", "de-radweg-stadtrat.txt",
      "es-sequia-regantes.txt", "fr-halles-renovation.txt", "heatwave-warning-issued.txt",
      "jazz-festival-returns.txt", "library-app-launch.txt", "marathon-course-record.txt",
      "measles-vaccination-drive.txt", "more-articles.jsonl", "museum-textile-exhibition.txt",
      "observatory-comet-sighting.txt", "orchard-frost-damage.txt", "port-jobs-report.txt",
      "river-bacteria-study.txt", "rowing-final-harbour.txt", "ru-snegopad-transport.txt",
      "school-budget-vote.txt", "storm-ferry-cancellations.txt", "tram-line-extension.txt",
      "utility-data-breach.txt"};
  std::vector<std::string> v;
  for (const char* n : kNames) v.push_back(std::string(ND_SOURCE_DIR) + "/tools/examples/" + n);
  return v;
}

inline std::string GoldenJsonlPath() { return std::string(ND_SOURCE_DIR) + "/tools/examples/more-articles.jsonl"; }

}  // namespace golden_inputs

#endif  // NEWSDIGEST_TESTS_PIPELINE_GOLDEN_INPUTS_H_
