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

#include "cli_common.h"
#include "cli_output.h"
#include "newsdigest/format/format.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::cli {
namespace cmd_build_detail {

inline constexpr uint64_t kUnknownInputs = ~uint64_t{0};
// Upper bound of --max-article-bytes: a body must fit in one record.
inline constexpr uint32_t kMaxArticleBytesFlag = format::kMaxRecordPayload;

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
void PrintProgress(const pipeline::Progress& p, uint64_t total) {
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

// "N thing" or "N things".
std::string Count(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace cmd_build_detail

int RunBuild(int argc, char** argv) {
  namespace d = cmd_build_detail;
  CLI::App app{"Pack articles into a digest file. INPUT: files, directories (walked recursively), or - for JSONL on stdin.",
               "newsdigest build"};
  pipeline::BuildOptions o;
  std::string output;
  bool quiet = false;
  app.add_option("-o,--output", output, "Output digest file (written atomically); - writes it to standard output")
      ->required();
  app.add_option("inputs", o.inputs, "Input files or directories; - reads JSONL from stdin")->required();
  AddSummaryOptions(app, &o.pipeline.summary);
  app.add_option("--level", o.pipeline.encoder.level, "zstd compression level (1-22)")
      ->check(WholeNumberIn(1, 22))
      ->capture_default_str();
  app.add_option("--max-article-bytes", o.ingest.max_article_bytes,
                 "Largest accepted article body in bytes; larger inputs are rejected")
      ->check(WholeNumberIn(1, d::kMaxArticleBytesFlag))
      ->capture_default_str();
  app.add_option("--base-url", o.ingest.base_url, "Base URL for relative links in HTML input");
  app.add_option("--dict", o.dict_files, "zstd dictionary file(s) (from train-dict); per-language ones are picked by article language")
      ->allow_extra_args(false);  // one file per --dict (repeat it), so inputs can follow
  app.add_flag("--embed-dict", o.embed_dict,
               "Store the dictionaries in the file (self-contained); otherwise the file names them and readers must "
               "have them (preloaded: no file bytes; the device keeps each dictionary once in flash, no RAM)");
  app.add_flag("--compress-dict", o.compress_dict,
               "Store embedded dictionaries zstd-compressed: fewer file bytes, but a reader needs the dictionary's "
               "full size in RAM (a plain embedded dictionary costs its full size in the file and is read in place "
               "from memory-mapped flash: no RAM)");
  app.add_flag("--train-dict", o.train_dict,
               "Train a dictionary on the input itself and embed it; unless --dict-size is given, its size is the one "
               "(or none) that makes the smallest file for the layout (plain or --compress-dict), tried on a sample");
  app.add_option("--dict-size", o.dict_size, "Size of a trained dictionary in bytes (default: chosen, see --train-dict)")
      ->check(WholeNumberIn(writer::kMinDictionarySize, writer::kMaxDictionarySize));
  app.add_option("--dict-max", o.dict_max,
                 "Largest trained dictionary the device can hold (bytes; K/M suffixes: 1K = 1024), for the chosen size")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(writer::kMinDictionarySize, writer::kMaxDictionarySize))
      ->capture_default_str();
  app.add_option("--device-ram", o.device_ram,
                 "RAM a reader may spend on a --compress-dict dictionary (bytes; K/M suffixes); bounds the chosen size")
      ->transform(CLI::AsSizeValue(false));
  bool dict_report = false;
  app.add_flag("--dict-report", dict_report,
               "Print every dictionary size tried by --train-dict and its estimated file bytes");
  bool no_dedup = false;
  app.add_flag("--no-dedup", no_dedup, "Store identical bodies separately");
  app.add_option("-j,--threads", o.pipeline.threads,
                 "Threads for summarizing and compressing (0 = all cores); the output is the same for any count")
      ->check(WholeNumberIn(0, 256))
      ->default_str("all cores");
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors (no progress line)");
  OutputSigner signer;
  signer.AddOption(app);
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  o.pipeline.dedup = !no_dedup;
  o.pipeline.encoder.article_limit = o.ingest.max_article_bytes;
  o.pipeline.builder.article_limit = o.ingest.max_article_bytes;

  // Nothing is read or written before every path checks out.
  if (output == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  std::string problem;
  if (!pipeline::CheckBuildPaths(o.inputs, output, &problem).ok()) {
    std::fprintf(stderr, "%s\n", problem.c_str());
    return kExitUsage;
  }
  const std::string shown = output == "-" ? "<stdout>" : output;
  if (!signer.Load(&problem)) {
    std::fprintf(stderr, "%s\n", problem.c_str());
    return kExitUsage;
  }

  // Progress only for a person watching: stderr is a terminal and not --quiet.
  std::atomic<bool> stop_count{false};
  std::atomic<uint64_t> total{0};
  std::thread counter;
  const bool show_progress = !quiet && isatty(STDERR_FILENO) != 0;
  bool progress_shown = false;
  if (show_progress) {
    counter = std::thread([&] { total = d::CountInputs(o.inputs, stop_count); });
    o.pipeline.on_progress = [&](const pipeline::Progress& p) {
      if (p.final && !progress_shown) return;
      progress_shown = true;
      d::PrintProgress(p, total.load());
    };
  }
  auto print_line = [&](const std::string& line) {
    if (progress_shown) std::fprintf(stderr, "\r\033[K");
    std::fprintf(stderr, "%s\n", line.c_str());
  };
  o.pipeline.on_reject = [&](const ingest::InputError& e) { print_line(e.origin + ": " + e.reason); };
  // Notices (feed enclosures not stored, the output file skipped in a walk,
  // no dictionary) are not errors: --quiet drops them.
  if (!quiet) o.on_notice = print_line;
  pipeline::BuildResult result;
  Status st = pipeline::RunBuild(o, signer.Wrap(writer::NewOutputSink(output)), output, &result);
  stop_count = true;
  if (counter.joinable()) counter.join();
  if (progress_shown) std::fprintf(stderr, "\r\033[K");
  const pipeline::Stats& s = result.stats;
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", result.error.c_str());
    std::error_code ec;
    const auto type = std::filesystem::status(output, ec).type();
    if (output != "-" && st.code() == Status::Code::kIOError &&
        (type == std::filesystem::file_type::regular || type == std::filesystem::file_type::not_found))
      std::fprintf(stderr, "%s: not written; an existing file is left as it was\n", shown.c_str());
    return kExitUsage;
  }
  if (!result.written) {
    if (s.rejected == 0)
      std::fprintf(stderr, "%s: no article found in the inputs; not written (an existing file is left as it was)\n",
                   shown.c_str());
    else
      std::fprintf(stderr, "%s: no article packed, %s; not written (an existing file is left as it was)\n",
                   shown.c_str(), d::Count(s.rejected, "input rejected", "inputs rejected").c_str());
    return kExitPartial;
  }
  if (dict_report)
    for (const auto& t : result.dict_choice.tried)
      std::fprintf(stderr, "dictionary %7zu bytes: text %llu + dictionary %llu = %llu (estimated)%s\n", t.size,
                   static_cast<unsigned long long>(t.text_bytes), static_cast<unsigned long long>(t.dict_bytes),
                   static_cast<unsigned long long>(t.text_bytes + t.dict_bytes),
                   t.size == result.dict_choice.size ? "  <- chosen" : "");
  if (!quiet) {
    std::string line = shown + ": " + d::Count(s.packed, "digest packed", "digests packed") + ", " +
                       d::Count(s.rejected, "input rejected", "inputs rejected");
    char buf[160];
    std::snprintf(buf, sizeof buf, ", %llu bytes (%.2fx of %llu input bytes)",
                  static_cast<unsigned long long>(s.output_bytes),
                  s.output_bytes ? static_cast<double>(s.input_bytes) / static_cast<double>(s.output_bytes) : 0.0,
                  static_cast<unsigned long long>(s.input_bytes));
    line += buf;
    if (s.deduplicated) line += "; " + d::Count(s.deduplicated, "duplicate stored once", "duplicates stored once");
    if (o.train_dict && o.dict_size == 0 && result.trained_dict_bytes != 0)
      line += "; dictionary of " + std::to_string(result.trained_dict_bytes) + " bytes (size chosen)";
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return s.rejected ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
