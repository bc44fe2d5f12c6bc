// Build-side latency of every stage, each next to its floor: bare zstd
// compression of exactly the bytes the digest stores.
//
// One iteration processes the whole corpus (speed_corpus.h), so every
// benchmark's time per iteration is directly comparable and
// items_per_second is articles per second. Ratios to the floor are computed
// by run.sh from the JSON output of the same run.
#include <benchmark/benchmark.h>
#include <zstd.h>

#include <string>
#include <thread>
#include <vector>

#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/text/text.h"
#include "speed_corpus.h"

namespace speed_build_bench_detail {

namespace nd = newsdigest;

void SetCorpusCounters(benchmark::State& state) {
  const auto& c = nd::speed::SpeedCorpus();
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.articles.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.body_bytes));
}

// Ingest: JSONL parsing, UTF-8 validation, NFC normalization.
void BM_Ingest(benchmark::State& state) {
  const auto& c = nd::speed::SpeedCorpus();
  for (auto _ : state) {
    nd::ingest::ArticleSource source({c.jsonl_path}, nd::ingest::IngestOptions());
    nd::ingest::Article a;
    nd::ingest::InputError e;
    size_t n = 0;
    while (source.Next(&a, &e) != nd::ingest::ArticleSource::Result::kEnd) ++n;
    benchmark::DoNotOptimize(n);
  }
  SetCorpusCounters(state);
}
BENCHMARK(BM_Ingest)->Unit(benchmark::kMillisecond);

void BM_Segment(benchmark::State& state) {
  const auto& c = nd::speed::SpeedCorpus();
  for (auto _ : state) {
    for (const auto& a : c.articles) {
      auto spans = nd::text::SplitSentences(a.body, a.lang);
      benchmark::DoNotOptimize(spans.data());
    }
  }
  SetCorpusCounters(state);
}
BENCHMARK(BM_Segment)->Unit(benchmark::kMillisecond);

void BM_Summarize(benchmark::State& state) {
  const auto& c = nd::speed::SpeedCorpus();
  nd::summarize::SummaryOptions opt;
  for (auto _ : state) {
    for (const auto& a : c.articles) {
      auto s = nd::summarize::Summarize(a.title, a.body, a.lang, opt);
      benchmark::DoNotOptimize(s.sentences.data());
    }
  }
  SetCorpusCounters(state);
}
BENCHMARK(BM_Summarize)->Unit(benchmark::kMillisecond);

// DigestEncoder::Encode (protobuf + zstd frame with the summary flushed
// first). Args: level, dictionary (0/1).
void BM_Encode(benchmark::State& state) {
  const auto& inputs = nd::speed::SpeedInputs();
  nd::writer::EncoderOptions o;
  o.level = static_cast<int>(state.range(0));
  if (state.range(1) != 0) o.dictionaries.push_back(&nd::speed::SpeedDictionary());
  nd::writer::DigestEncoder enc(o);
  nd::writer::EncodedDigest out;
  uint64_t stored = 0;
  for (auto _ : state) {
    stored = 0;
    for (const auto& in : inputs) {
      if (!enc.Encode(in, &out).ok()) state.SkipWithError("encode failed");
      stored += out.record.size();
    }
  }
  state.counters["stored_bytes"] = static_cast<double>(stored);
  SetCorpusCounters(state);
}

// The floor: bare zstd of the same text bytes at the same level, with
// ZSTD_compress_usingCDict (dictionary) or ZSTD_compressCCtx (none, which
// lets zstd size its tables to each input like the encoder does).
void BM_FloorCompress(benchmark::State& state) {
  const auto& texts = nd::speed::SpeedTexts();
  const int level = static_cast<int>(state.range(0));
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CDict* cdict = nullptr;
  if (state.range(1) != 0) {
    const auto& d = nd::speed::SpeedDictionary();
    cdict = ZSTD_createCDict(d.content.data(), d.content.size(), level);
  }
  std::string out;
  uint64_t stored = 0;
  for (auto _ : state) {
    stored = 0;
    for (const auto& t : texts) {
      out.resize(ZSTD_compressBound(t.size()));
      size_t n = cdict != nullptr ? ZSTD_compress_usingCDict(cctx, out.data(), out.size(), t.data(), t.size(), cdict)
                                  : ZSTD_compressCCtx(cctx, out.data(), out.size(), t.data(), t.size(), level);
      if (ZSTD_isError(n)) state.SkipWithError("zstd failed");
      stored += n;
    }
  }
  state.counters["stored_bytes"] = static_cast<double>(stored);
  ZSTD_freeCDict(cdict);
  ZSTD_freeCCtx(cctx);
  SetCorpusCounters(state);
}

void EncodeLevels(benchmark::internal::Benchmark* b) {
  for (int dict : {0, 1})
    for (int level : {1, 3, 9, 19}) b->Args({level, dict});
  b->ArgNames({"level", "dict"});
}
BENCHMARK(BM_Encode)->Apply(EncodeLevels)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FloorCompress)->Apply(EncodeLevels)->Unit(benchmark::kMillisecond);

// The whole build (newsdigest build: read JSONL, summarize, encode, write,
// fsync, rename) at the default level. Arg: threads. Wall time.
void BM_Build(benchmark::State& state) {
  const auto& c = nd::speed::SpeedCorpus();
  nd::pipeline::BuildOptions o;
  o.inputs = {c.jsonl_path};
  const std::string output = nd::speed::SpeedTempDir() + "/build.ndg";
  o.pipeline.threads = static_cast<unsigned>(state.range(0));
  o.pipeline.dedup = false;
  nd::pipeline::BuildResult r;
  for (auto _ : state) {
    if (!nd::pipeline::RunBuild(o, nd::writer::NewAtomicFileSink(output), output, &r).ok())
      state.SkipWithError("build failed");
  }
  state.counters["level"] = nd::writer::EncoderOptions().level;
  state.counters["stored_bytes"] = static_cast<double>(r.stats.output_bytes);
  SetCorpusCounters(state);
}
BENCHMARK(BM_Build)->Arg(1)->Arg(2)->ArgName("threads")->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace speed_build_bench_detail

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const auto& c = newsdigest::speed::SpeedCorpus();
  benchmark::AddCustomContext("corpus", c.description);
  benchmark::AddCustomContext("zstd", ZSTD_versionString());
  benchmark::AddCustomContext("default_level", std::to_string(newsdigest::writer::EncoderOptions().level));
  newsdigest::speed::SpeedTexts();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
