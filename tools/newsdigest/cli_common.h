// Helpers shared by the CLI subcommands: argument parsing with the exit-code
// convention, summary options, JSON output.
#ifndef NEWSDIGEST_TOOLS_CLI_COMMON_H_
#define NEWSDIGEST_TOOLS_CLI_COMMON_H_

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>

#include "cli_output.h"
#include "commands.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/ingest/input_file.h"
#include "newsdigest/summarize/summarize.h"

namespace newsdigest::cli {

// Parses argv; returns true to continue. Otherwise *code is the exit code:
// 0 for --help, kExitUsage for a usage error (the message is printed).
// Unknown flags get a hint naming the nearest one (cli_output.h).
inline bool ParseArgs(CLI::App& app, int argc, char** argv, int* code) {
  return ParseCommandLine(app, argc, argv, code);
}

// A validator of a whole number in [lo, hi]: "abc" fails with "'abc' is not
// a number", "0" with "0 is out of range (lo to hi)". CLI11 prefixes the
// option's name.
inline CLI::Validator WholeNumberIn(uint64_t lo, uint64_t hi) {
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& in) -> std::string {
        uint64_t v = 0;
        const char* end = in.data() + in.size();
        const auto r = std::from_chars(in.data(), end, v);
        if (in.empty() || r.ptr != end) {
          if (r.ec == std::errc::result_out_of_range && r.ptr == end) return in + " is out of range (" + range + ")";
          return "'" + in + "' is not a number";
        }
        if (v < lo || v > hi) return in + " is out of range (" + range + ")";
        return std::string();
      },
      "INT in [" + range + "]");
}

// A validator of a fraction in (0, 1]: NaN, 0 and non-numbers fail.
inline CLI::Validator FractionValidator() {
  return CLI::Validator(
      [](std::string& in) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(in.c_str(), &end);
        if (in.empty() || end != in.c_str() + in.size() || std::isnan(v)) return "'" + in + "' is not a number";
        if (!(v > 0.0 && v <= 1.0)) return in + " is out of range (greater than 0, at most 1)";
        return std::string();
      },
      "FLOAT in (0, 1]");
}

// The smallest --max-bytes: a budget below it fits hardly any sentence.
inline constexpr uint32_t kMinSummaryBytes = 16;
// The largest --sentences, --keywords.
inline constexpr uint32_t kMaxSummaryCount = 10000;

// Registers --sentences, --ratio, --max-words, --max-bytes, --keywords, each
// range-checked (a value out of range is a usage error). Precedence when
// several are given: --max-bytes, --max-words, --ratio, --sentences.
inline void AddSummaryOptions(CLI::App& app, summarize::SummaryOptions* o) {
  app.add_option("--sentences", o->sentences, "Summary length in sentences (at least 1)")
      ->check(WholeNumberIn(1, kMaxSummaryCount))
      ->capture_default_str();
  app.add_option("--ratio", o->ratio, "Summary length as a fraction of the sentences (0-1]")
      ->check(FractionValidator());
  app.add_option("--max-words", o->max_words,
                 "Summary length limit in words (at least 1; a sentence longer than the limit is left out)")
      ->check(WholeNumberIn(1, UINT32_MAX));
  app.add_option("--max-bytes", o->max_bytes,
                 "Summary length limit in UTF-8 bytes, at least " + std::to_string(kMinSummaryBytes) +
                     " (e.g. 140 for SMS; a sentence longer than the limit is left out, so a summary can be empty)")
      ->check(WholeNumberIn(kMinSummaryBytes, UINT32_MAX));
  app.add_option("--keywords", o->keywords, "Number of keywords per article")
      ->check(WholeNumberIn(0, kMaxSummaryCount))
      ->capture_default_str();
}

// The largest input `summarize`, `split` and `extract` read: the limit of an
// HTML page or feed with the default article size (16 MiB).
inline constexpr uint64_t kMaxCliInputBytes = ingest::kMinMarkupFileBytes;

// Reads a whole input file, or stdin for "-", into *out (gzip input is
// decompressed), with the limit applied while reading: /dev/zero or a gzip
// bomb stops at `max_bytes`. On failure prints "<path>: <reason>" with the
// system's reason (e.g. "cannot open: No such file or directory") and
// returns false.
inline bool ReadInputFile(const std::string& path, std::string* out, uint64_t max_bytes = kMaxCliInputBytes) {
  std::string reason;
  Status st = ingest::ReadInputFile(path, max_bytes, out, &reason);
  if (!st.ok()) {
    const std::string name = path == "-" ? "<stdin>" : path;
    if (st.IsTooLarge()) reason = "input " + reason;
    std::fprintf(stderr, "%s: %s\n", name.c_str(), reason.c_str());
    return false;
  }
  return true;
}

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_CLI_COMMON_H_
