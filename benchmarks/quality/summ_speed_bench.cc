// Speed of Summarize() on a ~400-word English article (the target:
// <= 0.25 ms per article on one core) and on shorter texts in other scripts.
#include <benchmark/benchmark.h>

#include <string>

#include "newsdigest/summarize/summarize.h"

namespace summ_speed_bench_detail {

// A synthetic article written for this benchmark: 24 sentences, ~400 words.
std::string MakeArticle() {
  static const char* kSentences[] = {
      "The city council approved a new plan on Tuesday to rebuild the old harbour bridge before the winter storms.",
      "Engineers had warned for years that the steel frame was rusting faster than expected.",
      "The mayor said the work would start in March and last about eighteen months.",
      "Local shop owners fear that the closure of the bridge will keep customers away from the market.",
      "A temporary ferry service will carry pedestrians and cyclists across the river during the works.",
      "Drivers will have to use the ring road, which adds about twenty minutes to the trip.",
      "The plan costs 48 million euros, most of it paid by the regional government.",
      "Opposition members asked why the repairs had been delayed for so long.",
      "They pointed to a report from 2019 that described the bridge as unsafe for heavy lorries.",
      "The council replied that money had only become available after the last budget.",
      "Residents who live near the harbour welcomed the decision but worry about noise at night.",
      "The construction company promised to stop loud work at ten in the evening.",
      "Cyclist groups asked for a wider lane on the new bridge and got a promise to study it.",
      "The old bridge opened in 1931 and was last repaired in the nineteen-eighties.",
      "Historians want some of the original lamps and railings to be kept in a museum.",
      "The council said it would consider the request when the bridge is taken apart.",
      "Traffic experts expect the new bridge to carry more buses and fewer cars.",
      "A public meeting about the ferry timetable will take place next week at the town hall.",
      "The mayor said the harbour bridge is the most important project of her term.",
      "Work on the approach roads is expected to begin before the end of the year.",
      "Several schools near the river have asked for safe crossings for children while the bridge is closed.",
      "The regional transport office said it would add extra buses on the ring road during the morning rush.",
      "Fishermen who use the harbour worry that barges and cranes will block the channel for months.",
      "The council answered that the channel will stay open except for a few nights when the old spans are lifted out."};
  std::string body;
  for (const char* s : kSentences) {
    if (!body.empty()) body += ' ';
    body += s;
  }
  return body;
}

void BM_Summarize400Words(benchmark::State& state) {
  std::string body = MakeArticle();
  newsdigest::summarize::SummaryOptions opt;
  opt.sentences = 3;
  for (auto _ : state) {
    auto s = newsdigest::summarize::Summarize("Harbour bridge to be rebuilt", body, "en", opt);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(body.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Summarize400Words)->Unit(benchmark::kMicrosecond);

void BM_Summarize400WordsDetect(benchmark::State& state) {
  std::string body = MakeArticle();
  newsdigest::summarize::SummaryOptions opt;
  for (auto _ : state) {
    auto s = newsdigest::summarize::Summarize("", body, "", opt);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Summarize400WordsDetect)->Unit(benchmark::kMicrosecond);

}  // namespace summ_speed_bench_detail

BENCHMARK_MAIN();
