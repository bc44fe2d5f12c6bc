// newsdigest build -o OUT.ndg INPUT...
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "build_pipeline.h"
#include "cli_common.h"

namespace newsdigest::cli {
namespace cmd_build_detail {

inline constexpr uint64_t kUnknownInputs = ~uint64_t{0};

// Counts the inputs of one file the way ArticleSource splits them: one per
// non-blank line of a JSONL file, one per other file (a feed counts as one,
// so its ETA is rough); kUnknownInputs for a JSONL pipe. Stops early when
// `stop` is set.
uint64_t CountFileInputs(const std::filesystem::path& path, const std::atomic<bool>& stop) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".jsonl" && ext != ".ndjson" && ext != ".json") return 1;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return kUnknownInputs;  // a pipe is read once, by the build
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return 1;
  std::vector<char> buf(1 << 20);
  uint64_t lines = 0;
  bool blank = true;
  size_t n;
  while (!stop.load(std::memory_order_relaxed) && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      const char c = buf[i];
      if (c == '\n') {
        if (!blank) ++lines;
        blank = true;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        blank = false;
      }
    }
  }
  if (!blank) ++lines;
  std::fclose(f);
  return lines;
}

// Total inputs of a build, or 0 when unknown (stdin, pipes). Reads the JSONL
// files once more, concurrently with the build; only for the progress line.
uint64_t CountInputs(const std::vector<std::string>& inputs, const std::atomic<bool>& stop) {
  namespace fs = std::filesystem;
  uint64_t total = 0;
  for (const std::string& in : inputs) {
    if (in == "-") return 0;
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      fs::recursive_directory_iterator it(in, ec), end;
      for (; !ec && it != end && !stop.load(std::memory_order_relaxed); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec)) {
          const uint64_t n = CountFileInputs(it->path(), stop);
          if (n != kUnknownInputs) total += n;
        }
      }
    } else {
      const uint64_t n = CountFileInputs(in, stop);
      if (n == kUnknownInputs) return 0;
      total += n;
    }
  }
  return total;
}

// The progress line on stderr: done, rate, ETA (when the total is known).
void PrintProgress(const BuildProgress& p, uint64_t total) {
  if (p.final) {
    std::fprintf(stderr, "\r\033[K");
    return;
  }
  const double rate = p.seconds > 0 ? static_cast<double>(p.items) / p.seconds : 0.0;
  const double mbps = p.seconds > 0 ? static_cast<double>(p.input_bytes) / p.seconds / 1e6 : 0.0;
  std::fprintf(stderr, "\r\033[K%llu", static_cast<unsigned long long>(p.items));
  if (total >= p.items && total > 0) std::fprintf(stderr, "/%llu", static_cast<unsigned long long>(total));
  std::fprintf(stderr, " articles, %.0f/s, %.1f MB/s", rate, mbps);
  if (total > p.items && rate > 0) {
    const auto eta = static_cast<unsigned long long>(static_cast<double>(total - p.items) / rate + 0.5);
    std::fprintf(stderr, ", ETA %llu:%02llu:%02llu", eta / 3600, eta / 60 % 60, eta % 60);
  }
  std::fflush(stderr);
}

}  // namespace cmd_build_detail

int RunBuild(int argc, char** argv) {
  CLI::App app{"Pack articles into a digest file. INPUT: files, directories (walked recursively), or - for JSONL on stdin.",
               "newsdigest build"};
  BuildOptions o;
  bool quiet = false;
  app.add_option("-o,--output", o.output, "Output digest file (written atomically)")->required();
  app.add_option("inputs", o.inputs, "Input files or directories; - reads JSONL from stdin")->required();
  AddSummaryOptions(app, &o.summary);
  app.add_option("--level", o.encoder.level, "zstd compression level (1-22)")
      ->check(CLI::Range(1, 22))
      ->capture_default_str();
  app.add_option("--max-article-bytes", o.ingest.max_article_bytes,
                 "Largest accepted article body in bytes; larger inputs are rejected")
      ->check(CLI::Range(1u, 64u * 1024u * 1024u))
      ->capture_default_str();
  app.add_option("--base-url", o.ingest.base_url, "Base URL for relative links in HTML input");
  app.add_option("--dict", o.dict_files, "zstd dictionary file(s) (from train-dict); per-language ones are picked by article language");
  app.add_flag("--embed-dict", o.embed_dict, "Store the dictionaries in the file (self-contained); otherwise the file names them and readers must have them");
  app.add_flag("--compress-dict", o.compress_dict, "Store embedded dictionaries compressed (smaller file, more reader RAM)");
  app.add_flag("--train-dict", o.train_dict, "Train a dictionary on the input itself and embed it");
  app.add_option("--dict-size", o.dict_size, "Size of a trained dictionary in bytes")->capture_default_str();
  bool no_dedup = false;
  app.add_flag("--no-dedup", no_dedup, "Store identical bodies separately");
  app.add_option("-j,--threads", o.threads, "Threads for summarizing and compressing (0 = all cores); the output is the same for any count")
      ->check(CLI::Range(0u, 256u))
      ->default_str("all cores");
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors (no progress line)");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  o.dedup = !no_dedup;
  o.encoder.article_limit = o.ingest.max_article_bytes;
  o.builder.article_limit = o.ingest.max_article_bytes;

  // Progress only for a person watching: stderr is a terminal and not --quiet.
  std::atomic<bool> stop_count{false};
  std::atomic<uint64_t> total{0};
  std::thread counter;
  const bool show_progress = !quiet && isatty(STDERR_FILENO) != 0;
  bool progress_shown = false;
  if (show_progress) {
    counter = std::thread([&] { total = cmd_build_detail::CountInputs(o.inputs, stop_count); });
    o.on_progress = [&](const BuildProgress& p) {
      if (p.final && !progress_shown) return;
      progress_shown = true;
      cmd_build_detail::PrintProgress(p, total.load());
    };
  }
  BuildResult result;
  Status st = RunBuildPipeline(
      o,
      [&](const ingest::InputError& e) {
        if (progress_shown) std::fprintf(stderr, "\r\033[K");
        std::fprintf(stderr, "%s: %s\n", e.origin.c_str(), e.reason.c_str());
      },
      &result);
  stop_count = true;
  if (counter.joinable()) counter.join();
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s (%s)\n", o.output.c_str(), st.message(), st.CodeName());
    return kExitUsage;
  }
  if (!quiet) {
    std::fprintf(stderr, "%s: %u digests, %llu bytes (%.2fx of %llu input bytes)", o.output.c_str(), result.packed,
                 static_cast<unsigned long long>(result.output_bytes),
                 result.output_bytes ? static_cast<double>(result.input_bytes) / static_cast<double>(result.output_bytes) : 0.0,
                 static_cast<unsigned long long>(result.input_bytes));
    if (result.deduplicated) std::fprintf(stderr, "; %u duplicates stored once", result.deduplicated);
    if (result.rejected) std::fprintf(stderr, "; %u inputs rejected", result.rejected);
    std::fprintf(stderr, "\n");
  }
  return result.rejected ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
