// `newsdigest build` end to end: exact exit codes, and an existing output
// left byte-identical after a missing input, an all-rejected build, a full
// device and `build -o X X`; golden bytes; `-o -`; range-checked sizes.
#include <catch2/catch.hpp>

#include "cli_run.h"

#include "../pipeline/golden_inputs.h"
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace cli_build_test_detail {

namespace fs = std::filesystem;

using BuildRun = cli_run::Result;

// Runs the CLI with `args` (shell syntax), capturing stdout and stderr.
BuildRun RunBuildCli(const std::string& args) { return cli_run::RunNewsdigest(args); }

fs::path BuildTestDir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("nd_cli_build_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string ReadBuildFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string Example(const std::string& name) { return std::string(ND_SOURCE_DIR) + "/tools/examples/" + name; }

// The inputs of tests/data/pipeline/golden_examples.ndg, in order (the JSONL
// file twice: identical bodies stored once).
std::string GoldenArgs() {
  std::string s;
  for (const std::string& p : golden_inputs::GoldenInputPaths()) s += " " + p;
  return s + " " + golden_inputs::GoldenJsonlPath();
}

// The last non-empty line of `s`.
std::string LastLine(const std::string& s) {
  std::string last;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) last = line;
  return last;
}

// A directory with a previous good output in it.
struct Existing {
  fs::path dir, out;
  std::string bytes;
};
Existing MakeExisting(const std::string& name) {
  Existing e;
  e.dir = BuildTestDir(name);
  e.out = e.dir / "keep.ndg";
  const auto r = RunBuildCli("build -q -o " + e.out.string() + " " + Example("bakery-chain-expansion.txt") + " " +
                             Example("tram-line-extension.txt"));
  REQUIRE(r.code == 0);
  e.bytes = ReadBuildFile(e.out);
  REQUIRE(!e.bytes.empty());
  return e;
}

}  // namespace cli_build_test_detail

TEST_CASE("cli build: a missing input is a usage error and the output is untouched", "[cli]") {
  namespace t = cli_build_test_detail;
  const auto e = t::MakeExisting("missing");
  const auto r = t::RunBuildCli("build -o " + e.out.string() + " " + t::Example("clinic-wait-times.txt") + " " +
                                (e.dir / "typo.jsonl").string());
  CHECK(r.code == 1);
  CHECK(r.err.find("typo.jsonl: No such file or directory") != std::string::npos);
  CHECK(t::ReadBuildFile(e.out) == e.bytes);
  CHECK(std::distance(std::filesystem::directory_iterator(e.dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(e.dir);
}

TEST_CASE("cli build: a build that packs nothing leaves the output untouched, exit 2", "[cli]") {
  namespace t = cli_build_test_detail;
  const auto e = t::MakeExisting("rejected");
  std::ofstream(e.dir / "bad.txt", std::ios::binary) << std::string("\0\1\2binary", 9);
  std::ofstream(e.dir / "empty.jsonl", std::ios::binary) << "{\"text\": \"\"}\n";
  const auto r = t::RunBuildCli("build -o " + e.out.string() + " " + (e.dir / "bad.txt").string() + " " +
                                (e.dir / "empty.jsonl").string());
  CHECK(r.code == 2);
  CHECK(t::LastLine(r.err) == e.out.string() + ": no article packed, 2 inputs rejected; not written (an existing "
                                                "file is left as it was)");
  CHECK(t::ReadBuildFile(e.out) == e.bytes);
  std::filesystem::remove_all(e.dir);
}

TEST_CASE("cli build: some inputs rejected, the rest packed, exit 2 with the counts", "[cli]") {
  namespace t = cli_build_test_detail;
  const auto dir = t::BuildTestDir("partial");
  std::ofstream(dir / "bad.txt", std::ios::binary) << std::string("\0\1\2binary", 9);
  const auto out = dir / "x.ndg";
  const auto r = t::RunBuildCli("build -o " + out.string() + " " + t::Example("clinic-wait-times.txt") + " " +
                                (dir / "bad.txt").string() + " " + t::Example("tram-line-extension.txt"));
  CHECK(r.code == 2);
  CHECK(t::LastLine(r.err).rfind(out.string() + ": 2 digests packed, 1 input rejected, ", 0) == 0);
  CHECK(std::filesystem::file_size(out) > 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli build: the output is never one of its inputs", "[cli]") {
  // Regression (issue 20 item 11): `build -o X X` replaced its input.
  namespace t = cli_build_test_detail;
  namespace fs = std::filesystem;
  const auto e = t::MakeExisting("self");
  auto r = t::RunBuildCli("build -o " + e.out.string() + " " + e.out.string());
  CHECK(r.code == 1);
  CHECK(r.err.find("is the output file too") != std::string::npos);
  CHECK(t::ReadBuildFile(e.out) == e.bytes);
  // Through another name (a symlink) too: same device and inode.
  fs::create_symlink(e.out, e.dir / "alias.ndg");
  r = t::RunBuildCli("build -o " + e.out.string() + " " + t::Example("clinic-wait-times.txt") + " " +
                     (e.dir / "alias.ndg").string());
  CHECK(r.code == 1);
  CHECK(t::ReadBuildFile(e.out) == e.bytes);
  fs::remove(e.dir / "alias.ndg");
  // An output inside an input directory is skipped with one notice, not read
  // back as an input (which used to give exit 2 on every later run).
  fs::copy_file(t::Example("clinic-wait-times.txt"), e.dir / "clinic.txt");
  for (int run = 0; run < 2; ++run) {
    r = t::RunBuildCli("build -o " + e.out.string() + " " + e.dir.string());
    CHECK(r.code == 0);
    CHECK(r.err.find("1 digest packed, 0 inputs rejected") != std::string::npos);
  }
  CHECK(r.err.find(e.out.string() + ": is the output file; not read as input") != std::string::npos);
  fs::remove_all(e.dir);
}

TEST_CASE("cli build: a full device fails with the system's reason, exit 1", "[cli]") {
  namespace t = cli_build_test_detail;
  if (!std::filesystem::is_character_file("/dev/full")) {
    WARN("no /dev/full: skipped");
    return;
  }
  const auto r = t::RunBuildCli("build -o /dev/full " + t::Example("clinic-wait-times.txt"));
  CHECK(r.code == 1);
  CHECK(r.err.find("/dev/full: cannot write the output: No space left on device") != std::string::npos);
  CHECK(std::filesystem::is_character_file("/dev/full"));  // written to, never replaced
  // A full disk under a regular file is simulated through the library sink:
  // tests/robust/writer_fault_test.cpp and tests/pipeline.
}

TEST_CASE("cli build: output bytes equal the golden file, -o - writes the same to stdout", "[cli]") {
  namespace t = cli_build_test_detail;
  const auto dir = t::BuildTestDir("golden");
  const std::string golden =
      t::ReadBuildFile(std::string(ND_SOURCE_DIR) + "/tests/data/pipeline/golden_examples.ndg");
  REQUIRE(!golden.empty());
  const auto out = dir / "g.ndg";
  auto r = t::RunBuildCli("build -q -j 2 -o " + out.string() + t::GoldenArgs());
  REQUIRE(r.code == 0);
  CHECK(t::ReadBuildFile(out) == golden);
  r = t::RunBuildCli("build -q -j 1 -o -" + t::GoldenArgs());
  REQUIRE(r.code == 0);
  CHECK(r.out.size() == golden.size());
  CHECK(r.out == golden);
  CHECK(!std::filesystem::exists("-"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli build: dictionary sizes are range-checked", "[cli]") {
  // Regression (issue 20 item 13): -1 aborted, 4 GiB took 88 s and 4.2 GB.
  namespace t = cli_build_test_detail;
  const auto dir = t::BuildTestDir("dictsize");
  const auto out = dir / "x.ndg";
  for (const char* size : {"-1", "4294967296", "0", "100"}) {
    CAPTURE(size);
    auto r = t::RunBuildCli("build --train-dict --dict-size " + std::string(size) + " -o " + out.string() + " " +
                            t::Example("clinic-wait-times.txt"));
    CHECK(r.code == 1);
    CHECK(r.err.find("--dict-size") != std::string::npos);
    r = t::RunBuildCli("train-dict --size " + std::string(size) + " -o " + (dir / "x.dict").string() + " " +
                       t::Example("clinic-wait-times.txt"));
    CHECK(r.code == 1);
  }
  CHECK(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli build: standard input redirected from the output is refused", "[cli]") {
  // Regression: `build -o g.ndg - < g.ndg` replaced its own input.
  namespace t = cli_build_test_detail;
  const auto e = t::MakeExisting("stdin_self");
  const auto r = t::RunBuildCli("build -o " + e.out.string() + " - < " + e.out.string());
  CHECK(r.code == 1);
  CHECK(r.err.find("standard input is the output file too") != std::string::npos);
  CHECK(t::ReadBuildFile(e.out) == e.bytes);
  CHECK(std::distance(std::filesystem::directory_iterator(e.dir), std::filesystem::directory_iterator()) == 1);
  std::filesystem::remove_all(e.dir);
}

TEST_CASE("cli build: an empty output name is a usage error up front", "[cli]") {
  namespace t = cli_build_test_detail;
  auto r = t::RunBuildCli("build -o '' " + t::Example("clinic-wait-times.txt"));
  CHECK(r.code == 1);
  CHECK(r.err.find("the output name is empty") != std::string::npos);
  CHECK(r.err.find("packed") == std::string::npos);  // nothing was built
  r = t::RunBuildCli("train-dict -o '' " + t::Example("clinic-wait-times.txt"));
  CHECK(r.code == 1);
  CHECK(r.err.find("the output name is empty") != std::string::npos);
}

TEST_CASE("cli build: a rebuilt output keeps its permission bits", "[cli]") {
  namespace t = cli_build_test_detail;
  namespace fs = std::filesystem;
  const auto e = t::MakeExisting("mode");
  fs::permissions(e.out, fs::perms::owner_read | fs::perms::owner_write);
  const auto r = t::RunBuildCli("build -q -o " + e.out.string() + " " + t::Example("clinic-wait-times.txt"));
  REQUIRE(r.code == 0);
  CHECK(t::ReadBuildFile(e.out) != e.bytes);
  CHECK(fs::status(e.out).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  fs::remove_all(e.dir);
}

TEST_CASE("cli build: past the file size limit the build fails cleanly (no SIGXFSZ)", "[cli]") {
  namespace t = cli_build_test_detail;
  namespace fs = std::filesystem;
  const auto dir = t::BuildTestDir("fsize");
  const auto out = dir / "full.ndg";
  // 1 block (512 or 1024 bytes): the golden output is far larger.
  const std::string cmd = "(ulimit -f 1; exec " + std::string(ND_CLI_PATH) + " build -q -o " + out.string() +
                          t::GoldenArgs() + ") 2>" + (dir / "err").string();
  const int st = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(st));  // not killed by SIGXFSZ
  CHECK(WEXITSTATUS(st) == 1);
  CHECK(t::ReadBuildFile(dir / "err").find("File too large") != std::string::npos);
  fs::remove(dir / "err");
  CHECK(fs::is_empty(dir));  // no temporary file left
  fs::remove_all(dir);
}

TEST_CASE("cli build: numeric flags are range-checked", "[cli]") {
  // Regression (issue 20): --ratio nan/0 and --max-words 0 were ignored,
  // --sentences 0 and --max-bytes 1 gave empty summaries with exit 0.
  namespace t = cli_build_test_detail;
  const auto dir = t::BuildTestDir("numflags");
  const auto out = dir / "x.ndg";
  const std::string in = " " + t::Example("clinic-wait-times.txt");
  for (const char* flag : {"--ratio nan", "--ratio 0", "--ratio -0.5", "--ratio 1.5", "--ratio abc",
                           "--max-words 0", "--sentences 0", "--max-bytes 1", "--max-bytes 15", "--keywords x",
                           "--level 0", "--level 23", "-j 257", "--max-article-bytes 0"}) {
    CAPTURE(flag);
    auto r = t::RunBuildCli("build -q " + std::string(flag) + " -o " + out.string() + in);
    CHECK(r.code == 1);
    CHECK((r.err.find("out of range") != std::string::npos || r.err.find("is not a number") != std::string::npos));
    r = t::RunBuildCli("summarize " + std::string(flag) + in);
    if (std::string(flag).rfind("--level", 0) != 0 && std::string(flag).rfind("-j", 0) != 0 &&
        std::string(flag).rfind("--max-article", 0) != 0)
      CHECK(r.code == 1);
  }
  CHECK(std::filesystem::is_empty(dir));
  auto r = t::RunBuildCli("build --train-dict --dict-size abc -o " + out.string() + in);
  CHECK(r.code == 1);
  CHECK(r.err.find("'abc' is not a number") != std::string::npos);
  r = t::RunBuildCli("train-dict --size 12x -o " + (dir / "x.dict").string() + in);
  CHECK(r.code == 1);
  CHECK(r.err.find("'12x' is not a number") != std::string::npos);
  // In range: accepted.
  for (const char* flag : {"--ratio 0.5", "--ratio 1", "--max-words 1", "--sentences 1", "--max-bytes 16"}) {
    CAPTURE(flag);
    CHECK(t::RunBuildCli("summarize " + std::string(flag) + in).code == 0);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli build: empty inputs say there was no article, exit 2", "[cli]") {
  namespace t = cli_build_test_detail;
  const auto dir = t::BuildTestDir("noinput");
  std::filesystem::create_directories(dir / "empty");
  const auto out = dir / "x.ndg";
  auto r = t::RunBuildCli("build -o " + out.string() + " - < /dev/null");
  CHECK(r.code == 2);
  CHECK(t::LastLine(r.err) ==
        out.string() + ": no article found in the inputs; not written (an existing file is left as it was)");
  r = t::RunBuildCli("build -o " + out.string() + " " + (dir / "empty").string());
  CHECK(r.code == 2);
  CHECK(r.err.find("no article found in the inputs") != std::string::npos);
  CHECK(!std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli build: a digest file given as input is named as such", "[cli]") {
  // Regression: it was rejected as "invalid UTF-8 at byte 10".
  namespace t = cli_build_test_detail;
  const auto e = t::MakeExisting("digest_in");
  const auto out = e.dir / "y.ndg";
  auto r = t::RunBuildCli("build -o " + out.string() + " " + e.out.string());
  CHECK(r.code == 2);
  CHECK(r.err.find(e.out.string() + ": is a digest file, not an article input") != std::string::npos);
  r = t::RunBuildCli("build -o " + out.string() + " - < " + e.out.string());
  CHECK(r.code == 2);
  CHECK(r.err.find("<stdin>: is a digest file, not an article input") != std::string::npos);
  std::filesystem::remove_all(e.dir);
}

TEST_CASE("cli: the command list describes summarize and split inputs", "[cli]") {
  namespace t = cli_build_test_detail;
  const auto r = t::RunBuildCli("--help");
  CHECK(r.code == 0);
  CHECK(r.out.find("plain-text") == std::string::npos);
  CHECK(r.out.find("summarize one article (text, HTML page or feed)") != std::string::npos);
}
