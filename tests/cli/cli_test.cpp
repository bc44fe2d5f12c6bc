// End-to-end tests of the newsdigest CLI.
#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace cli_test_detail {

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs the CLI with `args` (shell-quoted by the caller), capturing stdout and
// stderr through files.
RunResult RunCli(const std::string& args) {
  // One capture folder per process and call: test cases run in parallel.
  static int calls = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("nd_cli_test_io_" + std::to_string(::getpid()) + "_" + std::to_string(++calls));
  fs::create_directories(dir);
  std::string cmd = std::string(ND_CLI_PATH) + " " + args + " >" + (dir / "out").string() + " 2>" +
                    (dir / "err").string();
  int st = std::system(cmd.c_str());
  RunResult r;
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::stringstream o, e;
  o << std::ifstream(dir / "out").rdbuf();
  e << std::ifstream(dir / "err").rdbuf();
  r.out = o.str();
  r.err = e.str();
  fs::remove_all(dir);
  return r;
}

fs::path FreshDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / (name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void WriteFile(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

size_t CountLines(const std::string& s, const std::string& needle) {
  size_t n = 0;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) ++n;
  return n;
}

}  // namespace cli_test_detail

TEST_CASE("cli: build, ls, show --json, verify on a seed-shaped article", "[cli]") {
  namespace d = cli_test_detail;
  fs::path dir = d::FreshDir("nd_cli_seed");
  std::string in = std::string(ND_TEST_DATA_DIR) + "/articles/harbour-ferry.txt";
  std::string out = (dir / "s.ndg").string();
  auto b = d::RunCli("build -q -o " + out + " " + in);
  REQUIRE(b.code == 0);
  auto ls = d::RunCli("ls " + out);
  CHECK(ls.code == 0);
  CHECK(ls.out.find("Harbour ferry service resumes") != std::string::npos);
  auto show = d::RunCli("show " + out + " 0 --json --body");
  REQUIRE(show.code == 0);
  auto j = nlohmann::json::parse(show.out);
  CHECK(j["title"] == "Harbour ferry service resumes after three-day storm closure");
  CHECK(j["source"] == "Island Courier");
  CHECK(j["place"] == "Valletta");
  for (const char* k : {"byline", "url", "published", "lang", "summary", "body"}) CHECK(j.contains(k));
  std::string body = j["body"];
  CHECK(body.rfind("The ferry link between the two main islands", 0) == 0);
  REQUIRE(j["summary"].size() == 3);
  for (const auto& s : j["summary"]) CHECK(body.find(s.get<std::string>()) != std::string::npos);
  for (const char* furniture : {"Share", "Related News", "Comments", "No Comments Found"})
    CHECK(body.find(std::string("\n") + furniture) == std::string::npos);
  CHECK(d::RunCli("verify " + out).code == 0);
}

#ifdef ND_SHARED_DIR
TEST_CASE("cli: the seed article", "[cli][shared]") {
  namespace d = cli_test_detail;
  fs::path dir = d::FreshDir("nd_cli_seed_shared");
  std::string out = (dir / "s.ndg").string();
  REQUIRE(d::RunCli("build -q -o " + out + " " + ND_SHARED_DIR + "/samples/seed-article.txt").code == 0);
  auto show = d::RunCli("show " + out + " 0 --json --body");
  REQUIRE(show.code == 0);
  auto j = nlohmann::json::parse(show.out);
  CHECK(j["title"] == "Belgian security officer investigated on suspicion of spying for a foreign country");
  CHECK(j["source"] == "Europe and the Arabs");
  CHECK(j["place"] == "Brussels");
  std::string body = j["body"];
  CHECK(body.rfind("The Federal Prosecutor's Office in Brussels confirmed", 0) == 0);
  REQUIRE(j["summary"].size() == 3);
  for (const auto& s : j["summary"]) CHECK(body.find(s.get<std::string>()) != std::string::npos);
  for (const char* furniture : {"Share", "Related News", "Comments", "No Comments Found"}) {
    CHECK(body.find(std::string("\n") + furniture + "\n") == std::string::npos);
    CHECK(body.substr(body.size() - std::min(body.size(), std::string(furniture).size())) != furniture);
  }
}
#endif

TEST_CASE("cli: bad inputs are reported one per line, the rest is packed", "[cli]") {
  namespace d = cli_test_detail;
  fs::path dir = d::FreshDir("nd_cli_bad");
  fs::path in = dir / "in";
  fs::create_directories(in);
  d::WriteFile(in / "good1.txt", "First good article\n\nRiga: Baltic Wire\nThe first good article has a body. It is short.\n");
  d::WriteFile(in / "good2.txt", "Second good article\n\nOslo: Fjord Post\nThe second good article is fine too. Really.\n");
  d::WriteFile(in / "empty.txt", "");
  d::WriteFile(in / "binary.dat", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  d::WriteFile(in / "badutf8.txt", "Title\n\nBody with a bad byte \xC3\x28 here.\n");
  {
    std::ofstream big(in / "huge.txt", std::ios::binary);
    std::string para(1000, 'a');
    para += ".\n";
    for (int i = 0; i < 50 * 1024; ++i) big << para;
  }
  std::string out = (dir / "out.ndg").string();
  auto b = d::RunCli("build -o " + out + " " + in.string());
  CHECK(b.code == 2);
  CHECK(d::CountLines(b.err, "empty.txt: ") == 1);
  CHECK(d::CountLines(b.err, "binary.dat: ") == 1);
  CHECK(d::CountLines(b.err, "badutf8.txt: invalid UTF-8") == 1);
  CHECK(d::CountLines(b.err, "huge.txt: ") == 1);
  CHECK(b.err.find("exceeds") != std::string::npos);
  auto ls = d::RunCli("ls " + out);
  CHECK(ls.code == 0);
  CHECK(d::CountLines(ls.out, "good article") == 2);
  CHECK(d::RunCli("verify " + out).code == 0);
  // No temporary file is left behind.
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("cli: usage errors exit 1, help exits 0", "[cli]") {
  namespace d = cli_test_detail;
  CHECK(d::RunCli("").code == 1);
  CHECK(d::RunCli("nosuchcommand").code == 1);
  CHECK(d::RunCli("build").code == 1);
  CHECK(d::RunCli("show /nonexistent.ndg 0").code == 1);
  for (const char* c : {"build", "ls", "show", "summarize", "verify", "stats", "split", "extract", "train-dict", "salvage"}) {
    auto r = d::RunCli(std::string(c) + " --help");
    INFO(c);
    CHECK(r.code == 0);
  }
}

TEST_CASE("cli: summarize --json from stdin", "[cli]") {
  namespace d = cli_test_detail;
  auto r = d::RunCli("summarize --json --sentences 2 - < " + std::string(ND_TEST_DATA_DIR) + "/articles/harbour-ferry.txt");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["title"] == "Harbour ferry service resumes after three-day storm closure");
  CHECK(j["summary"].size() == 2);
  CHECK(j.contains("keywords"));
}

TEST_CASE("cli: JSONL on stdin and stats", "[cli]") {
  namespace d = cli_test_detail;
  fs::path dir = d::FreshDir("nd_cli_stdin");
  d::WriteFile(dir / "in.jsonl",
               "{\"id\":\"a\",\"title\":\"One\",\"text\":\"Alpha beta. Gamma delta.\",\"published\":\"2026-01-02T03:04:05Z\"}\n"
               "{\"id\":\"b\",\"title\":\"Two\",\"text\":\"Alpha beta. Gamma delta.\"}\n");
  std::string out = (dir / "o.ndg").string();
  auto b = d::RunCli("build -q -o " + out + " - < " + (dir / "in.jsonl").string());
  REQUIRE(b.code == 0);
  auto ls = d::RunCli("ls " + out);
  CHECK(ls.out.find("2026-01-02") != std::string::npos);
  auto show = d::RunCli("show " + out + " 1 --json --body");
  auto j = nlohmann::json::parse(show.out);
  CHECK(j["body"] == "Alpha beta. Gamma delta.");  // shared text (identical body)
  CHECK(d::RunCli("stats " + out).code == 0);
}

TEST_CASE("cli: summarize --json in seven languages", "[cli]") {
  namespace d = cli_test_detail;
  for (const char* lang : {"en", "fr", "de", "es", "ru", "ar", "zh"}) {
    INFO(lang);
    const std::string path = std::string(ND_TEST_DATA_DIR) + "/summarize/" + lang + ".txt";
    std::stringstream text;
    text << std::ifstream(path, std::ios::binary).rdbuf();
    auto r = d::RunCli("summarize --json --sentences 2 " + path);
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["summary"].is_array());
    CHECK(j["summary"].size() == 2);
    for (const auto& s : j["summary"]) CHECK(text.str().find(s.get<std::string>()) != std::string::npos);
    CHECK(j["keywords"].size() >= 1);
    CHECK(j["lang"] == lang);
  }
}
