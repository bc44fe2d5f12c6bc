// Running a shell command line in the CLI tests: exit code, stdout and stderr
// captured through files (binary-safe). Shared by every test file of tests/cli.
#ifndef NEWSDIGEST_TESTS_CLI_CLI_RUN_H_
#define NEWSDIGEST_TESTS_CLI_CLI_RUN_H_

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace cli_run {

struct Result {
  int code = -1;  // exit status, -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `command` with `sh -c`. One capture folder per process and call, so
// test cases may run in parallel.
inline Result RunShell(const std::string& command) {
  static std::atomic<int> calls{0};
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() /
                       ("nd_cli_io_" + std::to_string(::getpid()) + "_" + std::to_string(++calls));
  fs::create_directories(dir);
  const std::string full = "( " + command + " ) >" + (dir / "out").string() + " 2>" + (dir / "err").string();
  const int st = std::system(full.c_str());
  Result r;
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::stringstream o, e;
  o << std::ifstream(dir / "out", std::ios::binary).rdbuf();
  e << std::ifstream(dir / "err", std::ios::binary).rdbuf();
  r.out = o.str();
  r.err = e.str();
  fs::remove_all(dir);
  return r;
}

// Runs the newsdigest CLI with `args` (shell-quoted by the caller).
inline Result RunNewsdigest(const std::string& args) { return RunShell(std::string(ND_CLI_PATH) + " " + args); }

}  // namespace cli_run

#endif  // NEWSDIGEST_TESTS_CLI_CLI_RUN_H_
