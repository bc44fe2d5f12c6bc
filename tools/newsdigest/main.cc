// newsdigest: build, inspect and verify digest files.
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"

namespace newsdigest::cli {
namespace main_detail {

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* help;
};

constexpr Command kCommands[] = {
    {"build", RunBuild, "pack articles (text, JSONL, HTML, feeds) into a digest file"},
    {"ls", RunLs, "list the digests of a file"},
    {"show", RunShow, "print one digest (metadata, summary, body)"},
    {"summarize", RunSummarize, "summarize one plain-text article"},
    {"verify", RunVerify, "check every checksum and record of a file"},
    {"stats", RunStats, "sizes and counts of a file"},
    {"split", RunSplit, "split text into sentences"},
    {"extract", RunExtract, "extract the article of an HTML page"},
    {"train-dict", RunTrainDict, "train a zstd dictionary on articles"},
    {"salvage", RunSalvage, "copy the readable digests of a damaged file into a new file"},
};

int Usage(std::FILE* out) {
  std::fprintf(out, "usage: newsdigest <command> [options]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.help);
  std::fprintf(out, "\nRun 'newsdigest <command> --help' for its options.\n");
  return out == stdout ? kExitOk : kExitUsage;
}

}  // namespace main_detail
}  // namespace newsdigest::cli

int main(int argc, char** argv) {
  namespace d = newsdigest::cli::main_detail;
  if (argc < 2) return d::Usage(stderr);
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return d::Usage(stdout);
  if (cmd == "--version") {
    std::printf("newsdigest %s\n", NEWSDIGEST_VERSION);
    return 0;
  }
  for (const d::Command& c : d::kCommands) {
    if (cmd == c.name) {
      std::string name = std::string("newsdigest ") + c.name;
      argv[1] = name.data();
      return c.run(argc - 1, argv + 1);
    }
  }
  std::fprintf(stderr, "newsdigest: unknown command '%s'\n\n", cmd.c_str());
  return d::Usage(stderr);
}
