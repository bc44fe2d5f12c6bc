// segment_bench: throughput of SplitSentences (and of the ICU baseline) in
// bytes of UTF-8 per second, one thread. The input is built from the hard-case
// texts in tests/data/text/segment/<lang>.jsonl, joined into paragraphs and
// repeated to ~1 MiB; set ND_SEGMENT_BENCH_FILE=/path/to/text to time a real
// corpus instead (language detected from its first 16 KiB).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "newsdigest/text/text.h"
#include "segment_icu.h"

namespace segment_bench_detail {

std::string BuildCorpus(const std::string& lang) {
  std::ifstream in(std::string(ND_SEGMENT_DATA_DIR) + "/" + lang + ".jsonl");
  std::string line, para;
  int n = 0;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    std::string t = j.value("text", "");
    for (char& c : t)
      if (c == '\n') c = ' ';
    para += t;
    para += (++n % 4 == 0) ? "\n" : " ";
  }
  std::string out;
  if (para.empty()) return out;
  while (out.size() < (1u << 20)) out += para;
  return out;
}

std::string FileCorpus() {
  const char* path = std::getenv("ND_SEGMENT_BENCH_FILE");
  if (path == nullptr) return "";
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void RunSegment(benchmark::State& state, const std::string& text, const std::string& lang, bool icu) {
  size_t sentences = 0;
  for (auto _ : state) {
    auto spans = icu ? newsdigest::text::SplitSentencesIcu(text, lang) : newsdigest::text::SplitSentences(text, lang);
    sentences = spans.size();
    benchmark::DoNotOptimize(spans.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["sentences"] = static_cast<double>(sentences);
}

void BM_Segment(benchmark::State& state, const char* lang) {
  static thread_local std::string cached_lang, text;
  if (cached_lang != lang) {
    text = BuildCorpus(lang);
    cached_lang = lang;
  }
  RunSegment(state, text, lang, false);
}

void BM_SegmentIcu(benchmark::State& state, const char* lang) {
  std::string text = BuildCorpus(lang);
  RunSegment(state, text, lang, true);
}

void BM_SegmentFile(benchmark::State& state) {
  std::string text = FileCorpus();
  if (text.empty()) {
    state.SkipWithError("ND_SEGMENT_BENCH_FILE not set");
    return;
  }
  RunSegment(state, text, newsdigest::text::DetectLanguage(text), false);
}

void BM_DetectLanguage(benchmark::State& state, const char* lang) {
  std::string text = BuildCorpus(lang).substr(0, 4096);
  for (auto _ : state) benchmark::DoNotOptimize(newsdigest::text::DetectLanguage(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}

BENCHMARK_CAPTURE(BM_Segment, en, "en")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, de, "de")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, fr, "fr")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, ru, "ru")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, ar, "ar")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, hi, "hi")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, zh, "zh")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Segment, ja, "ja")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SegmentIcu, en, "en")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SegmentFile)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectLanguage, en, "en");

}  // namespace segment_bench_detail

BENCHMARK_MAIN();
