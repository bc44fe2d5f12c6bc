// Helpers shared by the CLI subcommands: argument parsing with the exit-code
// convention, summary options, JSON output.
#ifndef NEWSDIGEST_TOOLS_CLI_COMMON_H_
#define NEWSDIGEST_TOOLS_CLI_COMMON_H_

#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

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

// Registers --sentences, --ratio, --max-words, --max-bytes, --keywords.
inline void AddSummaryOptions(CLI::App& app, summarize::SummaryOptions* o) {
  app.add_option("--sentences", o->sentences, "Summary length in sentences")->capture_default_str();
  app.add_option("--ratio", o->ratio, "Summary length as a fraction of the sentences (0-1]")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--max-words", o->max_words, "Summary length limit in words");
  app.add_option("--max-bytes", o->max_bytes, "Summary length limit in UTF-8 bytes (e.g. 140 for SMS)");
  app.add_option("--keywords", o->keywords, "Number of keywords per article")->capture_default_str();
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
