// newsdigest train-dict -o news.dict [--size BYTES] [--lang TAG] INPUT...
#include <cstdio>
#include <string>
#include <vector>

#include "cli_common.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/dictionary.h"

namespace newsdigest::cli {

int RunTrainDict(int argc, char** argv) {
  CLI::App app{"Train a zstd dictionary (at most " + std::to_string(writer::kDefaultDictionarySize / 1024) +
                   " KiB by default) on articles, for build --dict. INPUT: files, directories, or - for JSONL on stdin.",
               "newsdigest train-dict"};
  std::string output, lang;
  std::vector<std::string> inputs;
  writer::TrainOptions to;
  size_t max_input = 0;
  bool quiet = false;
  app.add_option("-o,--output", output, "Dictionary file to write (atomically)")->required();
  app.add_option("inputs", inputs, "Input files or directories; - reads JSONL from stdin")->required();
  app.add_option("--size", to.max_size, "Largest dictionary size in bytes")
      ->check(WholeNumberIn(writer::kMinDictionarySize, writer::kMaxDictionarySize))
      ->capture_default_str();
  app.add_option("--lang", lang,
                 "Train only on articles in this language (BCP 47); name the file <name>.<lang>.dict so that build "
                 "picks it for that language");
  app.add_option("-k", to.k, "COVER segment size")->check(WholeNumberIn(1, UINT32_MAX))->capture_default_str();
  app.add_option("-d", to.d, "COVER n-gram size (6 or 8)")->check(CLI::IsMember({6u, 8u}))->capture_default_str();
  app.add_option("--optimize", to.steps, "Search k and d with this many steps (slow) instead of the defaults")
      ->check(WholeNumberIn(0, 10000));
  app.add_option("--max-input", max_input, "Stop reading after this many body bytes (0: 100 times --size)")
      ->check(WholeNumberIn(0, UINT32_MAX));
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (to.steps > 0) to.d = 0;
  if (max_input == 0) max_input = to.max_size * pipeline::kTrainingInputPerDictionaryByte;
  std::string problem;
  if (!pipeline::CheckBuildPaths(inputs, output, &problem).ok()) {
    std::fprintf(stderr, "%s\n", problem.c_str());
    return kExitUsage;
  }

  ingest::ArticleSource source(
      inputs, pipeline::SkipOutputInWalks(ingest::IngestOptions(), output, [](const std::string& notice) {
        std::fprintf(stderr, "%s\n", notice.c_str());
      }));
  ingest::Article a;
  ingest::InputError e;
  std::vector<std::string> samples;
  size_t total = 0;
  uint32_t rejected = 0;
  for (;;) {
    auto r = source.Next(&a, &e);
    if (r == ingest::ArticleSource::Result::kEnd) break;
    if (r == ingest::ArticleSource::Result::kError) {
      ++rejected;
      std::fprintf(stderr, "%s: %s\n", e.origin.c_str(), e.reason.c_str());
      continue;
    }
    if (!lang.empty() && a.lang != lang) continue;
    total += a.body.size();
    samples.push_back(std::move(a.body));
    if (total >= max_input) break;
  }
  writer::DictionaryData dict;
  Status st = writer::TrainDictionary(samples, to, &dict);
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s (%zu articles, %zu bytes read)\n", output.c_str(), st.message(), samples.size(), total);
    return kExitUsage;
  }
  std::string error_text;
  st = writer::SaveDictionaryFile(output, dict, &error_text);
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", error_text.c_str());
    return kExitUsage;
  }
  if (!quiet)
    std::fprintf(stderr, "%s: %zu bytes, id %u, trained on %zu articles (%zu bytes)\n", output.c_str(),
                 dict.content.size(), dict.id, samples.size(), total);
  return rejected ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
