// newsdigest train-dict -o news.dict [--size BYTES] [--lang TAG] INPUT...
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli_common.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/dictionary.h"

namespace newsdigest::cli {
namespace cmd_train_dict_detail {

// The device tiers of --tiers.
inline constexpr size_t kTierSizes[] = {64 * 1024, 256 * 1024, 1024 * 1024};

// "news.en.dict" + 65536 -> "news-64k.en.dict"; "news.dict" -> "news-64k.dict";
// other names get "-64k" appended.
std::string TierPath(const std::string& path, size_t size) {
  const std::string tag = "-" + (size % (1024 * 1024) == 0 ? std::to_string(size >> 20) + "m"
                                                            : std::to_string(size >> 10) + "k");
  const size_t slash = path.find_last_of('/');
  const size_t base = slash == std::string::npos ? 0 : slash + 1;
  const size_t dot = path.find('.', base);
  if (dot == std::string::npos) return path + tag;
  return path.substr(0, dot) + tag + path.substr(dot);
}

}  // namespace cmd_train_dict_detail

int RunTrainDict(int argc, char** argv) {
  CLI::App app{"Train a zstd dictionary (at most " + std::to_string(writer::kDefaultDictionarySize / 1024) +
                   " KiB by default) on articles, for build --dict. INPUT: files, directories, or - for JSONL on stdin.",
               "newsdigest train-dict"};
  std::string output, lang;
  std::vector<std::string> inputs;
  writer::TrainOptions to;
  size_t max_input = 0;
  bool quiet = false, tiers = false;
  std::vector<std::string> measure;
  unsigned hold_out = 0;
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
  app.add_flag("--tiers", tiers,
               "Write one dictionary per device tier (64 KiB, 256 KiB, 1 MiB) instead of one of --size: "
               "-o news.en.dict writes news-64k.en.dict, news-256k.en.dict and news-1m.en.dict");
  app.add_option("--measure", measure,
                 "Articles the dictionaries are NOT trained on (files, directories): print per-article zstd bytes "
                 "with each dictionary against none");
  app.add_option("--hold-out", hold_out,
                 "Leave every Nth article out of training and measure on those (like --measure)")
      ->check(CLI::Range(2u, 1000u));
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (to.steps > 0) to.d = 0;
  std::vector<size_t> sizes{to.max_size};
  if (tiers) sizes.assign(std::begin(cmd_train_dict_detail::kTierSizes), std::end(cmd_train_dict_detail::kTierSizes));
  if (max_input == 0) max_input = sizes.back() * pipeline::kTrainingInputPerDictionaryByte;
  std::string problem;
  if (!pipeline::CheckBuildPaths(inputs, output, &problem, "train-dict").ok()) {
    std::fprintf(stderr, "%s\n", problem.c_str());
    return kExitUsage;
  }

  ingest::ArticleSource source(
      inputs, pipeline::SkipOutputInWalks(ingest::IngestOptions(), output, [](const std::string& notice) {
        std::fprintf(stderr, "%s\n", notice.c_str());
      }));
  ingest::Article a;
  ingest::InputError e;
  std::vector<std::string> samples, held;
  size_t total = 0, seen = 0;
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
    if (hold_out > 0 && ++seen % hold_out == 0) {
      held.push_back(std::move(a.body));
      continue;
    }
    if (total >= max_input) {
      if (hold_out > 0) continue;  // keep collecting the held-out articles
      break;
    }
    total += a.body.size();
    samples.push_back(std::move(a.body));
  }
  if (!measure.empty()) {
    ingest::ArticleSource msource(measure, ingest::IngestOptions());
    for (;;) {
      auto r = msource.Next(&a, &e);
      if (r == ingest::ArticleSource::Result::kEnd) break;
      if (r != ingest::ArticleSource::Result::kArticle) continue;
      if (!lang.empty() && a.lang != lang) continue;
      held.push_back(std::move(a.body));
    }
  }
  uint64_t held_in = 0, held_plain = 0;
  for (const std::string& h : held) held_in += h.size();
  if (!held.empty()) {
    held_plain = writer::PerArticleBytes(held, std::string(), to.level);
    std::printf("held-out: %zu articles, %llu bytes; zstd -%d per article, no dictionary: %llu bytes\n", held.size(),
                static_cast<unsigned long long>(held_in), to.level, static_cast<unsigned long long>(held_plain));
    std::printf("| dictionary | bytes | held-out bytes (per article) | x no dictionary | ratio |\n|---|---:|---:|---:|---:|\n");
  }
  for (const size_t size : sizes) {
    const std::string path = tiers ? cmd_train_dict_detail::TierPath(output, size) : output;
    // Each tier reads at most 100 times its size, like a single dictionary.
    std::vector<std::string> part;
    size_t used = 0;
    for (size_t i = 0; i < samples.size() && used < std::min(max_input, size * pipeline::kTrainingInputPerDictionaryByte); ++i) {
      used += samples[i].size();
      part.push_back(samples[i]);
    }
    writer::TrainOptions tier = to;
    tier.max_size = size;
    writer::DictionaryData dict;
    Status st = writer::TrainDictionary(part, tier, &dict);
    if (!st.ok()) {
      std::fprintf(stderr, "%s: %s (%zu articles, %zu bytes read)\n", path.c_str(), st.message(), part.size(), used);
      return kExitUsage;
    }
    std::string error_text;
    st = writer::SaveDictionaryFile(path, dict, &error_text);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", error_text.c_str());
      return kExitUsage;
    }
    if (!quiet)
      std::fprintf(stderr, "%s: %zu bytes, id %u, trained on %zu articles (%zu bytes)\n", path.c_str(),
                   dict.content.size(), dict.id, part.size(), used);
    if (!held.empty()) {
      const uint64_t b = writer::PerArticleBytes(held, dict.content, to.level);
      std::printf("| %s | %zu | %llu | %.3f | %.3f |\n", path.c_str(), dict.content.size(),
                  static_cast<unsigned long long>(b), held_plain ? static_cast<double>(b) / static_cast<double>(held_plain) : 0.0,
                  b ? static_cast<double>(held_in) / static_cast<double>(b) : 0.0);
    }
  }
  return rejected ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
