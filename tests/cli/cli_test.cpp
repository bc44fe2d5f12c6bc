// End-to-end tests of the newsdigest CLI.
#include <catch2/catch.hpp>

#include "cli_run.h"
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <vector>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace cli_test_detail {

using RunResult = cli_run::Result;

// Runs the CLI with `args` (shell-quoted by the caller).
RunResult RunCli(const std::string& args) { return cli_run::RunNewsdigest(args); }

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
  d::WriteFile(in / "binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
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
  CHECK(d::CountLines(b.err, "binary.txt: ") == 1);
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

// ---------------------------------------------------------------------------
// Read-side commands (ls, show, verify, stats): pipes, JSON, checked stdout,
// terminal-safe text, dates, messages (issue 12 items 4-5, issue 20 items
// 10, 12, 14).
// ---------------------------------------------------------------------------

namespace cli_read_detail {

namespace d = cli_test_detail;

const std::string kNd = ND_CLI_PATH;

// Runs a shell script (sh -c) with stdout and stderr captured; `ND` in it is
// replaced by the CLI's path.
d::RunResult RunSh(std::string script) {
  for (size_t p = 0; (p = script.find("ND", p)) != std::string::npos; p += kNd.size()) script.replace(p, 2, kNd);
  static int calls = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("nd_cli_sh_" + std::to_string(::getpid()) + "_" + std::to_string(++calls));
  fs::create_directories(dir);
  d::WriteFile(dir / "script.sh", script);
  std::string cmd = "sh " + (dir / "script.sh").string() + " >" + (dir / "out").string() + " 2>" +
                    (dir / "err").string();
  int st = std::system(cmd.c_str());
  d::RunResult r;
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  std::stringstream o, e;
  o << std::ifstream(dir / "out").rdbuf();
  e << std::ifstream(dir / "err").rdbuf();
  r.out = o.str();
  r.err = e.str();
  fs::remove_all(dir);
  return r;
}

std::string ReadAll(const fs::path& p) {
  std::stringstream s;
  s << std::ifstream(p, std::ios::binary).rdbuf();
  return s.str();
}

size_t CountAll(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t p = 0; (p = s.find(needle, p)) != std::string::npos; p += needle.size()) ++n;
  return n;
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) v.push_back(line);
  return v;
}

// `n` short articles as JSONL (`title_prefix` + number as titles).
std::string Articles(int n, const std::string& title_prefix = "Story number ") {
  std::string out;
  for (int i = 0; i < n; ++i) {
    nlohmann::json j;
    j["id"] = "n" + std::to_string(i);
    j["title"] = title_prefix + std::to_string(i);
    j["source"] = "Wire";
    std::string text;
    for (int k = 0; k < 10; ++k)
      text += "Sentence " + std::to_string(k) + " of story " + std::to_string(i) + " has a few words. ";
    j["text"] = text;
    out += j.dump() + "\n";
  }
  return out;
}

// Builds `jsonl` into dir/name and returns the digest file's path.
std::string Build(const fs::path& dir, const std::string& name, const std::string& jsonl,
                  const std::string& flags = "") {
  const fs::path in = dir / (name + ".jsonl");
  d::WriteFile(in, jsonl);
  const std::string out = (dir / name).string();
  auto b = d::RunCli("build -q " + flags + " -o " + out + " " + in.string());
  REQUIRE(b.code == 0);
  return out;
}

// CRC-32C (Castagnoli), as the format's checksums.
uint32_t Crc32c(uint32_t crc, const std::string& s, size_t pos, size_t n) {
  crc = ~crc;
  for (size_t i = pos; i < pos + n; ++i) {
    crc ^= static_cast<unsigned char>(s[i]);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::string Varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  s += static_cast<char>(v);
  return s;
}

// A digest record found around a byte position (FORMAT.md "Records").
struct Record {
  size_t offset = 0, header = 0, payload_len = 0, meta_len = 0;
};

bool ParseRecordHeader(const std::string& f, size_t o, Record* r) {
  if (o >= f.size() || static_cast<unsigned char>(f[o]) != 0xD1) return false;
  size_t n = o + 1;
  uint64_t v[2] = {0, 0};
  for (uint64_t& x : v) {
    for (int shift = 0; shift <= 21; shift += 7) {
      if (n >= f.size()) return false;
      const auto b = static_cast<unsigned char>(f[n++]);
      x |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
      if (shift == 21) return false;
    }
  }
  r->offset = o;
  r->header = n + 8 - o;
  r->payload_len = v[0];
  r->meta_len = v[1];
  return r->meta_len <= r->payload_len && o + r->header + r->payload_len <= f.size();
}

// The digest record whose metadata holds byte `pos`.
Record RecordAround(const std::string& f, size_t pos) {
  for (size_t o = pos; o-- > 0 && pos - o < 100000;) {
    Record r;
    if (ParseRecordHeader(f, o, &r) && o + r.header <= pos && pos < o + r.header + r.meta_len) return r;
  }
  FAIL("no record around " << pos);
  return {};
}

// Recomputes the record's meta_crc after its metadata was edited.
void FixMetaCrc(std::string* f, const Record& r) {
  uint32_t crc = Crc32c(0, *f, r.offset, r.header - 8);
  crc = Crc32c(crc, *f, r.offset + r.header, r.meta_len);
  for (int k = 0; k < 4; ++k) (*f)[r.offset + r.header - 8 + k] = static_cast<char>((crc >> (8 * k)) & 0xFF);
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

}  // namespace cli_read_detail

TEST_CASE("cli read: - reads the digest file from standard input", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_stdin_read");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(20));
  for (const char* cmd : {"ls", "show", "verify", "stats"}) {
    INFO(cmd);
    const std::string args = std::string(cmd) == "show" ? " 3" : "";
    auto by_path = cli_test_detail::RunCli(std::string(cmd) + " " + f + args);
    REQUIRE(by_path.code == 0);
    auto piped = r::RunSh("cat " + f + " | ND " + cmd + " -" + args);
    CHECK(piped.code == 0);
    CHECK(piped.err.empty());
    auto redirected = r::RunSh("ND " + std::string(cmd) + " -" + args + " < " + f);
    CHECK(redirected.code == 0);
    if (std::string(cmd) == "show" || std::string(cmd) == "ls") {
      CHECK(piped.out == by_path.out);
      CHECK(redirected.out == by_path.out);
    } else {
      // verify and stats name the input: "standard input" instead of the path.
      CHECK(piped.out.find("standard input") != std::string::npos);
      CHECK(piped.out.find(f) == std::string::npos);
    }
  }
  // Not a digest file: one line, exit 1, without reading the rest.
  auto foreign = r::RunSh("head -c 100000000 /dev/zero | ND ls -");
  CHECK(foreign.code == 1);
  CHECK(foreign.err == "standard input: not a digest file (it does not start with the digest magic NDGF)\n");
  // Over the in-memory limit (256 MiB): a clear error, exit 1.
  auto big = r::RunSh("(cat " + f + "; head -c 270000000 /dev/zero) | ND verify -");
  CHECK(big.code == 1);
  CHECK(big.err.find("standard input: more than 256 MiB from a pipe") == 0);
  CHECK(r::CountAll(big.err, "\n") == 1);
  auto empty = r::RunSh("ND ls - < /dev/null");
  CHECK(empty.code == 1);
  CHECK(empty.err == "standard input: empty file\n");
}

TEST_CASE("cli read: show --all --jsonl dumps every digest with build's field names", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_jsonl");
  std::string jsonl = r::Articles(30);
  jsonl += "{\"id\":\"dated\",\"title\":\"Dated\",\"text\":\"One sentence here. Another one there.\","
           "\"published\":\"2026-01-02T03:04:05Z\",\"byline\":\"A. Writer\",\"url\":\"https://x.example/a\"}\n";
  const std::string f = r::Build(dir, "a.ndg", jsonl);
  auto dump = cli_test_detail::RunCli("show " + f + " --all --jsonl");
  REQUIRE(dump.code == 0);
  CHECK(dump.err.empty());
  const auto lines = r::Lines(dump.out);
  REQUIRE(lines.size() == 31);
  const std::vector<std::string> keys = {"id",        "title", "source",   "place",   "byline", "url",
                                         "published", "lang",  "keywords", "summary", "body"};
  for (size_t i = 0; i < lines.size(); ++i) {
    auto j = nlohmann::ordered_json::parse(lines[i]);
    std::vector<std::string> got;
    for (auto it = j.begin(); it != j.end(); ++it) got.push_back(it.key());
    CHECK(got == keys);
    // The same digest as `show N --json --body`.
    auto one = nlohmann::json::parse(cli_test_detail::RunCli("show " + f + " " + std::to_string(i) + " --json --body").out);
    CHECK(one["index"] == i);
    CHECK(one["body"] == j["body"]);
    CHECK(one["summary"] == j["summary"]);
    CHECK(one["id"] == j["id"]);
  }
  auto last = nlohmann::json::parse(lines.back());
  CHECK(last["published"] == "2026-01-02T03:04:05Z");
  CHECK(last["byline"] == "A. Writer");
  CHECK(nlohmann::json::parse(lines[0])["published"].is_null());
  // `show N --jsonl` is the same single line.
  auto single = cli_test_detail::RunCli("show " + f + " 30 --jsonl");
  CHECK(single.code == 0);
  CHECK(single.out == lines.back() + "\n");
  // Today's build reads "text": with that one rename the dump packs the same
  // articles (the full pipe is checked by the next test once build reads "body").
  std::string renamed;
  for (const auto& line : lines) {
    auto j = nlohmann::ordered_json::parse(line);
    j["text"] = j["body"];
    j.erase("body");
    renamed += j.dump() + "\n";
  }
  const std::string g = r::Build(dir, "b.ndg", renamed);
  auto dump2 = cli_test_detail::RunCli("show " + g + " --all --jsonl");
  CHECK(dump2.code == 0);
  CHECK(dump2.out == dump.out);
  // Usage errors.
  CHECK(cli_test_detail::RunCli("show " + f).code == 1);
  CHECK(cli_test_detail::RunCli("show " + f + " 3 --all").code == 1);
  CHECK(cli_test_detail::RunCli("show " + f + " --all --json").code == 1);
  CHECK(cli_test_detail::RunCli("show " + f + " 99").code == 1);
}

// `build` reads the keys `show --jsonl` writes (body, byline, published).
TEST_CASE("cli read: show --all --jsonl | build - repacks the same articles", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_jsonl_pipe");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(25));
  const std::string g = (dir / "b.ndg").string();
  auto pipe = r::RunSh("ND show " + f + " --all --jsonl | ND build -q -o " + g + " -");
  REQUIRE(pipe.code == 0);
  CHECK(cli_test_detail::RunCli("show " + g + " --all --jsonl").out ==
        cli_test_detail::RunCli("show " + f + " --all --jsonl").out);
}

TEST_CASE("cli read: --json for ls, stats and verify", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_json_docs");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(12));
  auto ls = cli_test_detail::RunCli("ls " + f + " --json");
  REQUIRE(ls.code == 0);
  auto lj = nlohmann::json::parse(ls.out);
  CHECK(lj["file"] == f);
  CHECK(lj["digests"] == 12);
  CHECK(lj["readable"] == 12);
  CHECK(lj["index_damaged"] == false);
  REQUIRE(lj["list"].size() == 12);
  CHECK(lj["list"][4]["index"] == 4);
  CHECK(lj["list"][4]["title"] == "Story number 4");
  CHECK(lj["list"][4]["source"] == "Wire");
  CHECK(lj["list"][4]["published"].is_null());
  CHECK(lj["problems"].empty());
  auto st = cli_test_detail::RunCli("stats " + f + " --json");
  REQUIRE(st.code == 0);
  auto sj = nlohmann::json::parse(st.out);
  CHECK(sj["digests"] == 12);
  CHECK(sj["bytes"]["total"] == fs::file_size(f));
  CHECK(sj["bytes"]["text"].get<uint64_t>() > 0);
  CHECK(sj["index_damaged"] == false);
  auto ve = cli_test_detail::RunCli("verify " + f + " --json");
  REQUIRE(ve.code == 0);
  auto vj = nlohmann::json::parse(ve.out);
  CHECK(vj["ok"] == true);
  CHECK(vj["digests"] == 12);
  CHECK(vj["unreadable"] == 0);
  CHECK(vj["problems"].empty());
  CHECK(vj["error"].is_null());
  // A damaged text frame: verify --json names the digest, exit 2.
  std::string bytes = r::ReadAll(f);
  const size_t at = bytes.find("Story number 7");
  REQUIRE(at != std::string::npos);
  const r::Record rec = r::RecordAround(bytes, at);
  REQUIRE(rec.payload_len > rec.meta_len);
  bytes[rec.offset + rec.header + rec.meta_len + 1] ^= 0x5A;
  cli_test_detail::WriteFile(dir / "bad.ndg", bytes);
  auto bad = cli_test_detail::RunCli("verify " + (dir / "bad.ndg").string() + " --json");
  CHECK(bad.code == 2);
  auto bj = nlohmann::json::parse(bad.out);
  CHECK(bj["ok"] == false);
  CHECK(bj["unreadable"] == 1);
  REQUIRE(bj["problems"].size() == 1);
  CHECK(bj["problems"][0]["index"] == 7);
  CHECK(bj["problems"][0]["title"] == "Story number 7");
  CHECK(bj["problems"][0]["error"] == "checksum mismatch");
  // Not a digest file: JSON with the reason, exit 1.
  auto foreign = cli_test_detail::RunCli("verify " + (dir / "a.ndg.jsonl").string() + " --json");
  CHECK(foreign.code == 1);
  CHECK(nlohmann::json::parse(foreign.out)["ok"] == false);
}

TEST_CASE("cli read: ls | head -1 ends quietly by SIGPIPE", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_sigpipe");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(3000));
  // Far more than a pipe holds: head exits first and ls gets SIGPIPE.
  auto h = r::RunSh("ND ls " + f + " | head -1 > " + (dir / "first").string() +
                    "; ND ls " + f + " | (head -1 >/dev/null; exit 0); exit 0");
  CHECK(h.err.empty());
  CHECK(r::ReadAll(dir / "first").find("Story number 0") != std::string::npos);
  // Exactly: a pipe without a reader, also with SIGPIPE ignored by the parent
  // (mode 1); with SIGPIPE blocked (mode 2) the write fails with EPIPE and
  // the exit status is 141 as the shell shows for the signal.
  for (int mode : {0, 1, 2}) {
    INFO("mode " << mode);
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[0]);
    const fs::path err = dir / "err";
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      if (mode == 1) std::signal(SIGPIPE, SIG_IGN);
      if (mode == 2) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigprocmask(SIG_BLOCK, &set, nullptr);
      }
      ::dup2(fds[1], 1);
      FILE* e = std::freopen(err.c_str(), "w", stderr);
      (void)e;
      ::execl(ND_CLI_PATH, ND_CLI_PATH, "ls", f.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    int st = 0;
    REQUIRE(::waitpid(pid, &st, 0) == pid);
    if (mode < 2) {
      CHECK(WIFSIGNALED(st));
      CHECK(WTERMSIG(st) == SIGPIPE);
    } else {
      CHECK(WIFEXITED(st));
      CHECK(WEXITSTATUS(st) == 141);
    }
    CHECK(r::ReadAll(err).empty());
  }
}

TEST_CASE("cli read: every write to standard output is checked", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_full");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(5));
  const std::vector<std::string> runs = {"ls " + f,           "show " + f + " 0",    "show " + f + " --all --jsonl",
                                        "verify " + f,       "stats " + f,          "ls " + f + " --json",
                                        "stats " + f + " --json", "verify " + f + " --json", "--help",
                                        "ls --help",
                                        // main() checks stdout after every command, these too:
                                        "summarize " + std::string(ND_TEST_DATA_DIR) + "/articles/harbour-ferry.txt",
                                        "split " + std::string(ND_TEST_DATA_DIR) + "/articles/harbour-ferry.txt",
                                        "extract " + std::string(ND_TEST_DATA_DIR) + "/html/article.html"};
  for (const std::string& args : runs) {
    INFO(args);
    auto full = r::RunSh("ND " + args + " >/dev/full");
    CHECK(full.code == 1);
    CHECK(full.err == "newsdigest: standard output: No space left on device\n");
    auto closed = r::RunSh("ND " + args + " >&-");
    CHECK(closed.code == 1);
    CHECK(closed.err == "newsdigest: standard output: Bad file descriptor\n");
  }
}

TEST_CASE("cli read: control characters from the file are escaped on terminals, not in JSON", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_escape");
  nlohmann::json a;
  a["id"] = "id\x1b]0;pwned\x07";
  a["title"] = "Red \x1b[31malert\x07 del\x7f csi\xC2\x9b" "2J";
  a["source"] = "Src\x1b[2J";
  a["text"] = "Body line one has words. Body line two has more words.";
  const std::string f = r::Build(dir, "a.ndg", a.dump() + "\n");
  auto no_raw = [](const std::string& s) {
    for (unsigned char c : s) {
      if (c == '\n') continue;
      CHECK(c >= 0x20);
      CHECK(c != 0x7f);
    }
    CHECK(s.find("\xC2\x9b") == std::string::npos);
  };
  auto ls = cli_test_detail::RunCli("ls " + f);
  CHECK(ls.code == 0);
  no_raw(ls.out);
  CHECK(ls.out.find("Red \\x1b[31malert\\x07 del\\x7f csi\\u009b2J") != std::string::npos);
  CHECK(ls.out.find("Src\\x1b[2J") != std::string::npos);
  auto show = cli_test_detail::RunCli("show " + f + " 0 --body");
  CHECK(show.code == 0);
  no_raw(show.out);
  CHECK(show.out.find("id:       id\\x1b]0;pwned\\x07\n") != std::string::npos);
  // Damaged: verify's message names the digest, escaped.
  std::string bytes = r::ReadAll(f);
  const r::Record rec = r::RecordAround(bytes, bytes.find("Red "));
  bytes[rec.offset + rec.header + rec.meta_len + 1] ^= 0x5A;
  cli_test_detail::WriteFile(dir / "bad.ndg", bytes);
  auto ve = cli_test_detail::RunCli("verify " + (dir / "bad.ndg").string());
  CHECK(ve.code == 2);
  no_raw(ve.err);
  no_raw(ve.out);
  CHECK(ve.err.find("'id\\x1b]0;pwned\\x07'") != std::string::npos);
  // JSON escapes them itself (C0 as JSON requires, DEL and C1 too).
  const std::vector<std::string> runs = {"ls " + f + " --json", "show " + f + " 0 --json",
                                        "show " + f + " --all --jsonl"};
  for (const std::string& args : runs) {
    INFO(args);
    auto j = cli_test_detail::RunCli(args);
    CHECK(j.code == 0);
    no_raw(j.out);
    CHECK(j.out.find("\\u001b[31malert\\u0007 del\\u007f csi\\u009b2J") != std::string::npos);
  }
}

TEST_CASE("cli read: published = INT64_MIN from a file is clamped, not overflowed", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_int64_date");
  // 0001-01-01T00:00:01Z: a negative int64, a 10-byte varint like INT64_MIN.
  const int64_t early = -62135596799;
  const std::string f = r::Build(
      dir, "a.ndg",
      "{\"id\":\"d\",\"title\":\"Dated\",\"text\":\"One sentence. Two sentences.\",\"published\":" +
          std::to_string(early) + "}\n");
  auto before = cli_test_detail::RunCli("show " + f + " 0 --json");
  REQUIRE(nlohmann::json::parse(before.out)["published"] == "0001-01-01T00:00:01Z");
  std::string bytes = r::ReadAll(f);
  const std::string field = "\x38" + r::Varint(static_cast<uint64_t>(early));  // field 7, varint
  const size_t at = bytes.find(field);
  REQUIRE(at != std::string::npos);
  REQUIRE(bytes.find(field, at + 1) == std::string::npos);
  for (int64_t v : {std::numeric_limits<int64_t>::min(), int64_t{-1} << 62}) {
    INFO(v);
    const std::string repl = "\x38" + r::Varint(static_cast<uint64_t>(v));
    REQUIRE(repl.size() == field.size());
    std::string crafted = bytes;
    crafted.replace(at, repl.size(), repl);
    r::FixMetaCrc(&crafted, r::RecordAround(crafted, at));
    cli_test_detail::WriteFile(dir / "min.ndg", crafted);
    const std::string m = (dir / "min.ndg").string();
    CHECK(cli_test_detail::RunCli("verify " + m).code == 0);
    auto ls = cli_test_detail::RunCli("ls " + m);
    CHECK(ls.code == 0);
    CHECK(ls.out.find("0001-01-01") != std::string::npos);
    auto show = cli_test_detail::RunCli("show " + m + " 0 --json");
    CHECK(show.code == 0);
    CHECK(nlohmann::json::parse(show.out)["published"] == "0001-01-01T00:00:00Z");
    auto text = cli_test_detail::RunCli("show " + m + " 0");
    CHECK(text.out.find("date:     0001-01-01T00:00:00Z\n") != std::string::npos);
  }
}

TEST_CASE("cli read: a missing dictionary is one line, metadata still shown", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_nodict");
  const std::string jsonl = r::Articles(200);
  cli_test_detail::WriteFile(dir / "in.jsonl", jsonl);
  const std::string dict = (dir / "d.dict").string();
  REQUIRE(cli_test_detail::RunCli("train-dict -q -o " + dict + " " + (dir / "in.jsonl").string()).code == 0);
  const std::string f = r::Build(dir, "a.ndg", jsonl, "--dict " + dict);
  auto ve = cli_test_detail::RunCli("verify " + f);
  CHECK(ve.code == 1);
  CHECK(ve.err.empty());
  REQUIRE(r::Lines(ve.out).size() == 1);
  CHECK(ve.out.find("not verified: dictionary missing for 200 digests: id ") != std::string::npos);
  CHECK(ve.out.find(", which the file names but does not embed; pass it with --dict FILE") != std::string::npos);
  CHECK(ve.out.find("--dict FILE") != std::string::npos);
  CHECK(ve.out.find("DAMAGED") == std::string::npos);
  auto vj = nlohmann::json::parse(cli_test_detail::RunCli("verify " + f + " --json").out);
  CHECK(vj["unverified"] == 200);
  CHECK(vj["unreadable"] == 0);
  REQUIRE(vj["missing_dictionaries"].size() == 1);
  CHECK(vj["missing_dictionaries"][0]["digests"] == 200);
  CHECK(cli_test_detail::RunCli("verify " + f + " --dict " + dict).code == 0);
  auto show = cli_test_detail::RunCli("show " + f + " 5");
  CHECK(show.code == 2);
  CHECK(show.out.rfind("title:    Story number 5\n", 0) == 0);
  CHECK(show.out.find("source:   Wire\n") != std::string::npos);
  REQUIRE(r::Lines(show.err).size() == 1);
  CHECK(show.err.find(": dictionary missing for 1 digest: id ") != std::string::npos);
  CHECK(show.err.find("--dict") != std::string::npos);
  auto shown = cli_test_detail::RunCli("show " + f + " 5 --dict " + dict);
  CHECK(shown.code == 0);
  CHECK(shown.out.find("summary:") != std::string::npos);
  // --dict takes one value: the positionals may follow it.
  auto before = cli_test_detail::RunCli("show --dict " + dict + " " + f + " 5");
  CHECK(before.code == 0);
  CHECK(before.out == shown.out);
  CHECK(cli_test_detail::RunCli("verify --dict " + dict + " " + f).code == 0);
  auto all = cli_test_detail::RunCli("show " + f + " --all");
  CHECK(all.code == 2);
  CHECK(r::Lines(all.err).size() == 1);
  CHECK(r::CountAll(all.out, "title:") == 200);
  CHECK(all.out.rfind("=== digest 0 ===\ntitle:    Story number 0\n", 0) == 0);
  CHECK(all.out.find("\n\n=== digest 199 ===\ntitle:    Story number 199\n") != std::string::npos);
  CHECK(cli_test_detail::RunCli("ls " + f).code == 0);  // ls needs no dictionary
  // Embedded but damaged: damage (exit 2), still one line for the dictionary.
  const std::string e = r::Build(dir, "e.ndg", jsonl, "--dict " + dict + " --embed-dict");
  CHECK(cli_test_detail::RunCli("verify " + e).code == 0);
  const auto header = nlohmann::json::parse(cli_test_detail::RunCli("stats " + e + " --json").out)["bytes"]["header"];
  std::string eb = r::ReadAll(e);
  eb[header.get<size_t>() + 40] ^= 0x5A;
  cli_test_detail::WriteFile(dir / "ex.ndg", eb);
  auto ed = cli_test_detail::RunCli("verify " + (dir / "ex.ndg").string());
  CHECK(ed.code == 2);
  CHECK(ed.out.find("DAMAGED, 200 of 200 digests unreadable") != std::string::npos);
  REQUIRE(r::Lines(ed.err).size() == 1);
  CHECK(ed.err.find("dictionary missing for 200 digests: id ") != std::string::npos);
  CHECK(ed.err.find("embedded copy is damaged") != std::string::npos);
  auto nofile = cli_test_detail::RunCli("show " + f + " 5 --dict " + (dir / "nope.dict").string());
  CHECK(nofile.code == 1);
  CHECK(nofile.err.find("nope.dict: cannot open the dictionary: No such file or directory") != std::string::npos);
}

TEST_CASE("cli read: a truncated file is one line with the readable count", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_trunc");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(300));
  const std::string bytes = r::ReadAll(f);
  cli_test_detail::WriteFile(dir / "t.ndg", bytes.substr(0, bytes.size() / 3));
  const std::string t = (dir / "t.ndg").string();
  auto ls = cli_test_detail::RunCli("ls " + t);
  CHECK(ls.code == 2);
  REQUIRE(r::Lines(ls.err).size() == 1);
  const size_t listed = r::Lines(ls.out).size();
  CHECK(listed > 10);
  CHECK(listed < 300);
  CHECK(ls.err.find(std::to_string(listed) + " of 300 digests readable") != std::string::npos);
  CHECK(ls.out.find("Story number 0\n") != std::string::npos);
  // The numbering is show's.
  auto show = cli_test_detail::RunCli("show " + t + " " + std::to_string(listed - 1) + " --json");
  CHECK(nlohmann::json::parse(show.out)["title"] == "Story number " + std::to_string(listed - 1));
  auto lj = nlohmann::json::parse(cli_test_detail::RunCli("ls " + t + " --json").out);
  CHECK(lj["readable"] == listed);
  CHECK(lj["index_damaged"] == true);
}

TEST_CASE("cli read: titles in messages are cut on character boundaries", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_cut");
  std::string title;
  for (int i = 0; i < 100; ++i) title += "\xE6\xBC\xA2";  // 漢: 3 bytes, 2 columns
  nlohmann::json a;
  a["id"] = "cjk";
  a["title"] = title;
  a["text"] = "One sentence here. Another sentence there.";
  const std::string f = r::Build(dir, "a.ndg", a.dump() + "\n");
  std::string bytes = r::ReadAll(f);
  const r::Record rec = r::RecordAround(bytes, bytes.find(title));
  bytes[rec.offset + rec.header + rec.meta_len + 1] ^= 0x5A;
  cli_test_detail::WriteFile(dir / "bad.ndg", bytes);
  auto ve = cli_test_detail::RunCli("verify " + (dir / "bad.ndg").string());
  CHECK(ve.code == 2);
  CHECK(r::ValidUtf8(ve.err));
  CHECK(ve.err.find("\xE6\xBC\xA2\xE2\x80\xA6)") != std::string::npos);  // cut, then "…"
  CHECK(ve.err.find(title) == std::string::npos);
}

TEST_CASE("cli read: I/O errors carry the system's reason", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_ioerr");
  for (const char* cmd : {"ls", "show", "verify", "stats"}) {
    INFO(cmd);
    const std::string args = std::string(cmd) == "show" ? " 0" : "";
    auto missing = cli_test_detail::RunCli(std::string(cmd) + " " + (dir / "nope.ndg").string() + args);
    CHECK(missing.code == 1);
    CHECK(missing.err == (dir / "nope.ndg").string() + ": cannot open: No such file or directory\n");
    auto isdir = cli_test_detail::RunCli(std::string(cmd) + " " + dir.string() + args);
    CHECK(isdir.code == 1);
    CHECK(isdir.err == dir.string() + ": cannot read: Is a directory\n");
  }
}

TEST_CASE("cli read: unknown commands and flags suggest the nearest", "[cli]") {
  namespace r = cli_read_detail;
  auto c = cli_test_detail::RunCli("biuld -o x.ndg y");
  CHECK(c.code == 1);
  CHECK(c.err.rfind("newsdigest: unknown command 'biuld'; did you mean 'build'?\n", 0) == 0);
  auto version = cli_test_detail::RunCli("--verison");
  CHECK(version.code == 1);
  CHECK(version.err.rfind("newsdigest: unknown command '--verison'; did you mean '--version'?\n", 0) == 0);
  auto none = cli_test_detail::RunCli("frobnicate");
  CHECK(none.code == 1);
  CHECK(none.err.find("did you mean") == std::string::npos);
  fs::path dir = cli_test_detail::FreshDir("nd_cli_hint");
  const std::string f = r::Build(dir, "a.ndg", r::Articles(2));
  auto ls = cli_test_detail::RunCli("ls " + f + " --jsn");
  CHECK(ls.code == 1);
  CHECK(ls.err.find("newsdigest ls: unknown option '--jsn'; did you mean '--json'?\n") != std::string::npos);
  auto show = cli_test_detail::RunCli("show " + f + " 0 --bdy");
  CHECK(show.code == 1);
  CHECK(show.err.find("did you mean '--body'?") != std::string::npos);
  auto al = cli_test_detail::RunCli("show " + f + " --al --jsonl");
  CHECK(al.code == 1);
  CHECK(al.err.find("did you mean '--all'?") != std::string::npos);
  auto ve = cli_test_detail::RunCli("verify " + f + " --dcit d");
  CHECK(ve.code == 1);
  CHECK(ve.err.find("did you mean '--dict'?") != std::string::npos);
}

TEST_CASE("cli read: ls aligns columns by display width", "[cli]") {
  namespace r = cli_read_detail;
  fs::path dir = cli_test_detail::FreshDir("nd_cli_width");
  std::string jsonl;
  const char* sources[] = {"\xE6\x96\xB0\xE5\x8D\x8E\xE7\xA4\xBE",    // 新华社: 6 columns, 9 bytes
                           "\xD0\xA2\xD0\x90\xD0\xA1\xD0\xA1",        // ТАСС: 4 columns, 8 bytes
                           "\xD8\xA7\xD9\x84\xD8\xAC\xD8\xB2\xD9\x8A\xD8\xB1\xD8\xA9",  // الجزيرة: 7 columns
                           "Cafe\xCC\x81",                            // Café with a combining accent: 4
                           "\xEF\xBC\xA1\xEF\xBC\xA2",                // ＡＢ fullwidth: 4 columns
                           "AP"};
  int k = 0;
  for (const char* s : sources) {
    nlohmann::json a;
    a["id"] = "w" + std::to_string(k);
    a["title"] = "TITLE" + std::to_string(k++);
    a["source"] = s;
    a["text"] = "One sentence here. Another sentence there.";
    jsonl += a.dump() + "\n";
  }
  const std::string f = r::Build(dir, "a.ndg", jsonl);
  auto ls = cli_test_detail::RunCli("ls " + f);
  REQUIRE(ls.code == 0);
  const auto lines = r::Lines(ls.out);
  REQUIRE(lines.size() == 6);
  // The title starts at the same terminal column on every line.
  auto column_of_title = [](const std::string& line) {
    const size_t at = line.find("TITLE");
    size_t cols = 0;
    for (size_t i = 0; i < at;) {
      const auto b = static_cast<unsigned char>(line[i]);
      size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
      const std::string ch = line.substr(i, n);
      if (ch == "\xCC\x81") cols += 0;                                          // combining
      else if (n == 3 && ((b >= 0xE4 && b <= 0xE9) || b == 0xEF)) cols += 2;  // CJK, fullwidth
      else cols += 1;
      i += n;
    }
    return cols;
  };
  const size_t expect = column_of_title(lines[0]);
  for (const auto& line : lines) {
    INFO(line);
    CHECK(column_of_title(line) == expect);
  }
}

TEST_CASE("cli read: every read command's --help lists the pipe forms", "[cli]") {
  for (const char* c : {"ls", "show", "verify", "stats"}) {
    INFO(c);
    auto h = cli_test_detail::RunCli(std::string(c) + " --help");
    CHECK(h.code == 0);
    CHECK(h.out.find("Pipes and scripts:") != std::string::npos);
    CHECK(h.out.find(std::string("| newsdigest ") + c + " -") != std::string::npos);
    CHECK(h.out.find("--json") != std::string::npos);
  }
  auto top = cli_test_detail::RunCli("--help");
  CHECK(top.out.find("--all --jsonl") != std::string::npos);
  CHECK(top.out.find("| head -1") != std::string::npos);
}

TEST_CASE("cli merge/append: the same checks in the same order (flags, then --sign's key)", "[cli]") {
  namespace d = cli_test_detail;
  const fs::path dir = d::FreshDir("nd_cli_edition_checks");
  const std::string golden = std::string(ND_TEST_DATA_DIR) + "/pipeline/golden_examples_dict.ndg";
  const std::string article = std::string(ND_TEST_DATA_DIR) + "/articles/harbour-ferry.txt";
  const std::string out = (dir / "out.ndg").string(), key = (dir / "no-such-key").string();
  const std::string merge = "merge " + golden + " -o " + out;
  const std::string append = "append " + golden + " " + article + " -o " + out;
  for (const std::string& cmd : {merge, append}) {
    INFO(cmd);
    // A malformed date is reported before the key is looked at.
    auto both = d::RunCli(cmd + " --since yesterday --sign " + key);
    CHECK(both.code == 1);
    CHECK(both.err == "--since 'yesterday': not a date (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or @SECONDS)\n");
    // The key alone: its problem, after the command's name.
    auto key_only = d::RunCli(cmd + " --sign " + key);
    CHECK(key_only.code == 1);
    CHECK(key_only.err.rfind("newsdigest " + cmd.substr(0, cmd.find(' ')) + ": ", 0) == 0);
    CHECK_FALSE(fs::exists(out));
  }
  fs::remove_all(dir);
}
