// newsdigest: build, inspect and verify digest files.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli_output.h"
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
    {"summarize", RunSummarize, "summarize one article (text, HTML page or feed)"},
    {"verify", RunVerify, "check every checksum and record of a file"},
    {"stats", RunStats, "sizes and counts of a file"},
    {"split", RunSplit, "split an article (text, HTML page or feed) into sentences"},
    {"extract", RunExtract, "extract the article of an HTML page"},
    {"train-dict", RunTrainDict, "train a zstd dictionary on articles"},
    {"salvage", RunSalvage, "copy the readable digests of a damaged file into a new file"},
    {"keygen", RunKeygen, "create a key pair for signing digest files"},
    {"delta", RunDelta, "write the update that turns OLD into NEW"},
    {"patch", RunPatch, "apply an update to OLD"},
    {"merge", RunMerge, "merge digest files into one without recompressing"},
    {"append", RunAppend, "add articles to a digest file (its records kept verbatim)"},
};

int Usage(std::FILE* out) {
  std::fprintf(out, "usage: newsdigest <command> [options]\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.help);
  std::fprintf(out,
               "\nPipes and scripts (- is standard input or output):\n"
               "  cat x.ndg | newsdigest ls -                 ls, show, verify, stats read a digest file from a pipe\n"
               "  newsdigest ls x.ndg --json                  ls, stats, verify: one JSON document\n"
               "  newsdigest show x.ndg --all --jsonl         every digest as JSON Lines (the fields build reads)\n"
               "  newsdigest show x.ndg --all --jsonl | newsdigest build -o y.ndg -\n"
               "  newsdigest ls x.ndg | head -1               ends quietly (SIGPIPE, shell status 141)\n"
               "A failed write to standard output (a full disk) is an error: exit 1.\n"
               "\nRun 'newsdigest <command> --help' for its options.\n");
  return out == stdout ? kExitOk : kExitUsage;
}

int UnknownCommand(const std::string& cmd) {
  std::vector<std::string> names;
  for (const Command& c : kCommands) names.emplace_back(c.name);
  for (const char* n : {"help", "--help", "--version"}) names.emplace_back(n);
  const std::string near = NearestName(cmd, names);
  if (!near.empty())
    std::fprintf(stderr, "newsdigest: unknown command '%s'; did you mean '%s'?\n\n", TerminalSafe(cmd).c_str(),
                 near.c_str());
  else
    std::fprintf(stderr, "newsdigest: unknown command '%s'\n\n", TerminalSafe(cmd).c_str());
  return Usage(stderr);
}

// Runs the command named by argv[1]; returns its exit code.
int Dispatch(int argc, char** argv) {
  if (argc < 2) return Usage(stderr);
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") return Usage(stdout);
  if (cmd == "--version") {
    std::printf("newsdigest %s\n", NEWSDIGEST_VERSION);
    return kExitOk;
  }
  for (const Command& c : kCommands) {
    if (cmd == c.name) {
      std::string name = std::string("newsdigest ") + c.name;
      argv[1] = name.data();
      return c.run(argc - 1, argv + 1);
    }
  }
  return UnknownCommand(cmd);
}

}  // namespace main_detail
}  // namespace newsdigest::cli

int main(int argc, char** argv) {
  namespace cli = newsdigest::cli;
  // A closed pipe ends the process quietly, also when the parent left
  // SIGPIPE ignored; every other failed write to stdout is reported once.
  cli::RestoreDefaultSigpipe();
  // Past the file size limit (ulimit -f) a write fails with EFBIG instead of
  // killing the process, so the error path removes the temporary file.
  std::signal(SIGXFSZ, SIG_IGN);
  return cli::FinishStdout(cli::main_detail::Dispatch(argc, argv));
}
