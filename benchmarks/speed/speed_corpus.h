// The corpus and helpers shared by the speed benchmarks (benchmarks/speed).
//
// The corpus is ND_SPEED_CORPUS (colon-separated files or directories) when
// set, else ../shared/eval/summ/*.jsonl when present, else the bundled
// tools/examples articles. At most ND_SPEED_ARTICLES articles (default 1000)
// are used, taken evenly from each input. The corpus is also written as one
// JSONL file so that whole-build benchmarks read exactly the same articles.
//
// Thread-safety: SpeedCorpus() is initialized once (thread-safe static) and
// read-only afterwards.
#ifndef NEWSDIGEST_BENCHMARKS_SPEED_CORPUS_H_
#define NEWSDIGEST_BENCHMARKS_SPEED_CORPUS_H_


#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/summarize/summarize.h"
#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::speed {

struct Corpus {
  std::string description;                // what was loaded, for the report
  std::vector<ingest::Article> articles;  // ingested (normalized) articles
  std::string jsonl_path;                 // the same articles as one JSONL file (temp dir)
  uint64_t body_bytes = 0;                // sum of title + body sizes
};

// The corpus (loaded on first use). Exits the process if nothing loads.
const Corpus& SpeedCorpus();

// Writer inputs for every article, summarized with default options.
const std::vector<writer::DigestInput>& SpeedInputs();

// The text each digest compresses, in the writer's order: summary
// sentences first, then the rest of the body. Parallel to SpeedInputs().
const std::vector<std::string>& SpeedTexts();

// A dictionary trained on the corpus (64 KB, writer::TrainDictionary), and
// its path in the temp dir (saved with SaveDictionaryFile).
const writer::DictionaryData& SpeedDictionary();
const std::string& SpeedDictionaryPath();

// Temp directory for benchmark files (created on first use).
const std::string& SpeedTempDir();

// Reads a whole file. @return false on error.
bool ReadSpeedFile(const std::string& path, std::string* out);

}  // namespace newsdigest::speed

#endif  // NEWSDIGEST_BENCHMARKS_SPEED_CORPUS_H_
