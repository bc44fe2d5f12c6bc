// Helpers shared by the CLI subcommands: argument parsing with the exit-code
// convention, summary options, JSON output.
#ifndef NEWSDIGEST_TOOLS_CLI_COMMON_H_
#define NEWSDIGEST_TOOLS_CLI_COMMON_H_

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "commands.h"
#include "newsdigest/summarize/summarize.h"

namespace newsdigest::cli {

// Parses argv; returns true to continue. Otherwise *code is the exit code:
// 0 for --help, kExitUsage for a usage error (the message is printed).
inline bool ParseArgs(CLI::App& app, int argc, char** argv, int* code) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int r = app.exit(e);
    *code = r == 0 ? kExitOk : kExitUsage;
    return false;
  }
  return true;
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

// Reads a whole input file, or stdin for "-", into *out. On failure prints
// "<path>: cannot open" and returns false.
inline bool ReadInputFile(const std::string& path, std::string* out) {
  if (path == "-") {
    out->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", path.c_str());
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_CLI_COMMON_H_
