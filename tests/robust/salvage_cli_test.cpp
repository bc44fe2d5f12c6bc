// `newsdigest verify` and `newsdigest salvage` on corruption-matrix files:
// verify flags every damaged file; salvage writes a valid file holding
// exactly the digests whose bytes (and dictionary and shared-text record)
// survived, each reading back identical, in the original order.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/reader/nd_reader.h"
#include "robust_fixture.h"
#include "scan_trap.h"

#ifdef ND_CLI_PATH
namespace salvage_cli_detail {

namespace fs = std::filesystem;

int RunCliQuiet(const std::string& args, const fs::path& log) {
  const std::string cmd = std::string(ND_CLI_PATH) + " " + args + " >" + log.string() + " 2>&1";
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void WriteBytes(const fs::path& p, const std::vector<uint8_t>& v) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size()));
}

// The salvaged file must hold exactly `want` (indices into fx.digests), in
// order, each reading back identical, and must verify clean.
void CheckSalvaged(const nd_robust::FixtureFile& fx, const std::vector<size_t>& want, const fs::path& out) {
  std::vector<uint8_t> v = nd_robust::RobustReadFile(out.string());
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(v.data(), v.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  CHECK(nd_reader_index_damaged(r) == 0);
  REQUIRE(nd_reader_count(r) == want.size());
  for (uint32_t k = 0; k < want.size(); ++k) {
    const nd_robust::ExpectedDigest& e = fx.digests[want[k]];
    nd_meta m;
    REQUIRE(nd_reader_meta(r, k, &m) == ND_OK);
    CHECK(std::string(m.id.ptr, m.id.len) == e.id);
    CHECK(std::string(m.title.ptr, m.title.len) == e.title);
    nd_str s[8];
    uint32_t n = 0;
    REQUIRE(nd_reader_summary(r, k, s, 8, &n) == ND_OK);
    REQUIRE(n == e.summary.size());
    for (uint32_t j = 0; j < n; ++j) CHECK(std::string(s[j].ptr, s[j].len) == e.summary[j]);
    std::string body(e.body.size(), '\0');
    size_t len = 0;
    REQUIRE(nd_reader_body(r, k, body.data(), body.size(), &len) == ND_OK);
    CHECK(body == e.body);
  }
}

// Runs the CLI with `args` (output discarded); @return its exit code, and
// its peak resident memory in KiB in *max_rss_kib.
int RunCliRss(const std::vector<std::string>& args, long* max_rss_kib) {
  std::vector<std::string> all = {ND_CLI_PATH};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  if (posix_spawn(&pid, ND_CLI_PATH, &fa, nullptr, argv.data(), environ) != 0) return -1;
  posix_spawn_file_actions_destroy(&fa);
  int st = 0;
  struct rusage ru {};
  if (::wait4(pid, &st, 0, &ru) != pid) return -1;
  *max_rss_kib = ru.ru_maxrss;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// Runs the CLI with stdout and stderr to separate files; @return its exit code.
int RunCliSplit(const std::string& args, const fs::path& out, const fs::path& err) {
  const std::string cmd = std::string(ND_CLI_PATH) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string Slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace salvage_cli_detail

TEST_CASE("verify and salvage on corruption-matrix files", "[robust]") {
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture((dir / "clean.ndg").string(), 50, 1, &fx).ok());
  const fs::path damaged = dir / "damaged.ndg", out = dir / "out.ndg", log = dir / "log";

  // The damage cases: one flip in each kind of part, and cuts.
  struct Case {
    std::string name;
    uint64_t begin, end;  // damaged bytes (a cut: end = UINT64_MAX)
  };
  std::vector<Case> cases;
  auto flip = [&](const std::string& name, uint64_t at) { cases.push_back({name, at, at + 1}); };
  flip("preamble magic", 1);
  flip("header crc", 9);
  flip("header body", fx.header_end - 3);
  flip("dictionary record", fx.dict_record.first + 30);
  for (size_t i : {0u, 4u, 7u, 23u, 49u}) {
    const auto& r = fx.records[i];
    flip("digest " + std::to_string(i) + " record header", r.first + 5);
    flip("digest " + std::to_string(i) + " metadata", r.first + 24);
    flip("digest " + std::to_string(i) + " last byte", r.second - 1);
  }
  flip("index header", fx.index_record.first + 2);
  flip("index payload", fx.index_record.first + 40);
  flip("trailer", fx.trailer + 4);
  for (size_t i : {1u, 20u, 48u}) cases.push_back({"cut in digest " + std::to_string(i), fx.records[i].first + 30, UINT64_MAX});
  cases.push_back({"cut before the trailer", fx.trailer, UINT64_MAX});
  cases.push_back({"cut after the dictionary", fx.dict_record.second, UINT64_MAX});

  SECTION("an intact file verifies clean and salvages whole") {
    CHECK(d::RunCliQuiet("verify " + (dir / "clean.ndg").string(), log) == 0);
    CHECK(d::RunCliQuiet("salvage " + (dir / "clean.ndg").string() + " -o " + out.string(), log) == 0);
    std::vector<size_t> all(50);
    for (size_t i = 0; i < 50; ++i) all[i] = i;
    d::CheckSalvaged(fx, all, out);
  }

  SECTION("damaged files: verify flags them, salvage keeps exactly the intact digests") {
    nd_robust::RobustRng rng(3);
    for (const Case& c : cases) {
      INFO(c.name);
      std::vector<uint8_t> v = fx.bytes;
      if (c.end == UINT64_MAX) {
        v.resize(c.begin);
      } else {
        v[c.begin] = static_cast<uint8_t>(v[c.begin] ^ (1 + rng.Below(255)));
      }
      d::WriteBytes(damaged, v);
      CHECK(d::RunCliQuiet("verify " + damaged.string(), log) == 2);
      fs::remove(out);
      const int code = d::RunCliQuiet("salvage " + damaged.string() + " -o " + out.string(), log);
      std::vector<size_t> want;
      for (size_t i = 0; i < fx.digests.size(); ++i)
        if (nd_robust::RobustDigestIntact(fx, c.begin, c.end, i)) want.push_back(i);
      {
        std::ifstream l(log);
        std::string text((std::istreambuf_iterator<char>(l)), std::istreambuf_iterator<char>());
        INFO("salvage output:\n" << text);
        // 0 only when every digest was recovered and the (intact) header
        // counts them; nothing recovered: 2 and nothing written.
        const bool header_hit = c.begin < fx.header_end;
        CHECK(code == (want.size() == fx.digests.size() && !header_hit ? 0 : 2));
        if (want.empty()) {
          CHECK_FALSE(fs::exists(out));
          continue;
        }
        REQUIRE(fs::exists(out));
      }
      d::CheckSalvaged(fx, want, out);
      CHECK(d::RunCliQuiet("verify " + out.string(), log) == 0);
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("salvage of an intact file with a compressed embedded dictionary recovers every digest",
          "[robust][salvage]") {
  // Issue 20 item 6: `build --compress-dict` then `salvage` recovered 0.
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  namespace w = newsdigest::writer;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_zdict";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::RobustRng rng(5);
  w::DictionaryData dict;
  dict.id = 0x8123;
  dict.lang = "en";
  for (int k = 0; k < 80; ++k) dict.content += nd_robust::RobustSentence(rng) + " ";
  w::EncoderOptions eo;
  eo.level = 3;
  eo.dictionaries.push_back(&dict);
  w::BuilderOptions bo;
  bo.dictionaries.push_back(&dict);
  bo.compress_dictionaries = true;
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  const fs::path in = dir / "z.ndg", out = dir / "out.ndg", log = dir / "log";
  REQUIRE(w::DigestBuilder::Create(in.string(), bo, &b).ok());
  for (int i = 0; i < 20; ++i) {
    w::DigestInput di;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    di.body = nd_robust::RobustBody(rng, 5, &spans);
    di.summary = {spans[0]};
    di.lang = "en";
    di.id = "z" + std::to_string(i);
    w::EncodedDigest e;
    REQUIRE(enc.Encode(di, &e).ok());
    REQUIRE(b->Add(e).ok());
  }
  REQUIRE(b->Finish().ok());
  CHECK(d::RunCliQuiet("salvage " + in.string() + " -o " + out.string(), log) == 0);
  std::vector<uint8_t> v = nd_robust::RobustReadFile(out.string());
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  CHECK(lim.digest_count == 20);
  CHECK(lim.inflated_dict_bytes == dict.content.size());  // still embedded compressed
  CHECK(d::RunCliQuiet("verify " + out.string(), log) == 0);
  fs::remove_all(dir);
}

TEST_CASE("salvage refuses to write over its input, however the path is spelled", "[robust][salvage]") {
  // Issue 20 item 11: `salvage d.ndg -o ./d.ndg` passed a string compare.
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_same";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture((dir / "d.ndg").string(), 5, 1, &fx).ok());
  std::vector<uint8_t> v = fx.bytes;
  v[fx.records[2].first + 20] ^= 0x10;  // damaged
  d::WriteBytes(dir / "d.ndg", v);
  const fs::path log = dir / "log";
  const std::string in = (dir / "d.ndg").string();
  CHECK(d::RunCliQuiet("salvage " + in + " -o " + (dir / "." / "d.ndg").string(), log) == 1);
  CHECK(d::RunCliQuiet("salvage " + in + " -o " + (dir / ".." / dir.filename() / "d.ndg").string(), log) == 1);
  CHECK(nd_robust::RobustReadFile(in) == v);  // the damaged original is untouched
  CHECK(d::RunCliQuiet("salvage " + in + " -o " + (dir / "new.ndg").string(), log) == 2);
  fs::remove_all(dir);
}
TEST_CASE("verify, stats and salvage of an 8 MiB scan trap each take under 2 s", "[robust][salvage][scan]") {
  // Issue 20 item 4: candidates every 18 bytes each claiming a payload to
  // the end made these quadratic (8 MiB: minutes).
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_scan_trap";
  fs::remove_all(dir);
  fs::create_directories(dir);
  d::WriteBytes(dir / "trap.ndg", nd_scan_trap::MakeScanTrap(8u << 20));
  const std::string trap = (dir / "trap.ndg").string();
  for (const std::string& cmd : {"verify " + trap, "stats " + trap, "salvage " + trap + " -o " + (dir / "o.ndg").string()}) {
    const auto t0 = std::chrono::steady_clock::now();
    const int code = d::RunCliQuiet(cmd, dir / "log");
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(cmd << ": exit " << code << " after " << secs << " s");
    CHECK(code >= 0);
    CHECK(code <= 2);
    CHECK(secs < 2.0);
  }
  fs::remove_all(dir);
}

TEST_CASE("salvage maps its input: memory grows by about the file size, not twice", "[robust][salvage]") {
  // Issue 20 item 8: salvage read the file into memory and copied it.
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  namespace w = newsdigest::writer;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_rss";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // 24 digests of 1 MiB of incompressible text (stored at level 1).
  w::EncoderOptions eo;
  eo.level = 1;
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  REQUIRE(w::DigestBuilder::Create((dir / "big.ndg").string(), {}, &b).ok());
  nd_robust::RobustRng rng(9);
  for (int i = 0; i < 24; ++i) {
    w::DigestInput in;
    in.id = "big" + std::to_string(i);
    in.body.resize(1000000);
    for (char& c : in.body) c = static_cast<char>('a' + rng.Below(26));
    in.summary = {{0, 100}};
    w::EncodedDigest e;
    REQUIRE(enc.Encode(in, &e).ok());
    REQUIRE(b->Add(e).ok());
  }
  REQUIRE(b->Finish().ok());
  const uint64_t size = fs::file_size(dir / "big.ndg");
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture((dir / "small.ndg").string(), 3, 1, &fx).ok());
  long small_rss = 0, big_rss = 0;
  REQUIRE(d::RunCliRss({"salvage", (dir / "small.ndg").string(), "-o", (dir / "s.ndg").string()}, &small_rss) == 0);
  REQUIRE(d::RunCliRss({"salvage", (dir / "big.ndg").string(), "-o", (dir / "b.ndg").string()}, &big_rss) == 0);
  const double grown = static_cast<double>(big_rss - small_rss) * 1024.0;
  INFO("file " << size << " bytes, peak RSS " << small_rss << " KiB (small file) vs " << big_rss << " KiB");
  CHECK(grown < 1.5 * static_cast<double>(size));  // reading it whole and copying it cost 2x
  fs::remove_all(dir);
}

TEST_CASE("salvage that recovers nothing leaves the output alone and names the missing dictionary once",
          "[robust][salvage]") {
  // Tester: `salvage dict.ndg -o keep.ndg` (dictionary not embedded, no
  // --dict) replaced keep.ndg by an empty file and printed a line per digest.
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  namespace w = newsdigest::writer;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_nodict";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::RobustRng rng(21);
  w::DictionaryData dict;
  dict.id = 0x7345;
  for (int k = 0; k < 80; ++k) dict.content += nd_robust::RobustSentence(rng) + " ";
  w::EncoderOptions eo;
  eo.level = 3;
  eo.dictionaries.push_back(&dict);
  w::BuilderOptions bo;
  bo.dictionaries.push_back(&dict);
  bo.embed_dictionaries = false;
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  const fs::path in = dir / "dict.ndg", keep = dir / "keep.ndg", out = dir / "o", err = dir / "e";
  REQUIRE(w::DigestBuilder::Create(in.string(), bo, &b).ok());
  for (int i = 0; i < 9; ++i) {
    w::DigestInput di;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    di.body = nd_robust::RobustBody(rng, 5, &spans);
    di.summary = {spans[0]};
    di.id = "nd" + std::to_string(i);
    w::EncodedDigest e;
    REQUIRE(enc.Encode(di, &e).ok());
    REQUIRE(b->Add(e).ok());
  }
  REQUIRE(b->Finish().ok());
  const std::vector<uint8_t> precious(4096, 0x5a);
  d::WriteBytes(keep, precious);
  CHECK(d::RunCliSplit("salvage " + in.string() + " -o " + keep.string(), out, err) == 2);
  CHECK(nd_robust::RobustReadFile(keep.string()) == precious);
  const std::string e = d::Slurp(err);
  INFO(e);
  size_t lines = 0, dict_lines = 0;
  for (size_t p = 0; p < e.size(); p = e.find('\n', p) + 1) {
    ++lines;
    const std::string line = e.substr(p, e.find('\n', p) - p);
    if (line.find("--dict FILE") != std::string::npos && line.find(std::to_string(0x7345)) != std::string::npos)
      ++dict_lines;
    if (e.find('\n', p) == std::string::npos) break;
  }
  CHECK(dict_lines == 1);
  CHECK(lines <= 3);
  CHECK(e.find("not written") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("salvage prints ids and titles terminal-safe", "[robust][salvage]") {
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  namespace w = newsdigest::writer;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_esc";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::RobustRng rng(22);
  w::EncoderOptions eo;
  eo.level = 3;
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  const fs::path in = dir / "esc.ndg", o = dir / "o.ndg", out = dir / "out", err = dir / "err";
  REQUIRE(w::DigestBuilder::Create(in.string(), {}, &b).ok());
  uint64_t victim_end = 0;
  for (int i = 0; i < 3; ++i) {
    w::DigestInput di;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    di.body = nd_robust::RobustBody(rng, 5, &spans);
    di.summary = {spans[0]};
    di.id = i == 1 ? "evil\x1b[2J\x07" : "ok" + std::to_string(i);
    di.title = i == 1 ? "T\x1b]0;pwned\x07\xc2\x9b" : "fine";
    w::EncodedDigest e;
    REQUIRE(enc.Encode(di, &e).ok());
    if (i == 1) victim_end = b->next_offset() + e.record.size();
    REQUIRE(b->Add(e).ok());
  }
  REQUIRE(b->Finish().ok());
  std::vector<uint8_t> v = nd_robust::RobustReadFile(in.string());
  v[victim_end - 1] ^= 0x21;  // payload damaged, metadata readable: the label is printed
  d::WriteBytes(in, v);
  CHECK(d::RunCliSplit("salvage " + in.string() + " -o " + o.string(), out, err) == 2);
  const std::string e = d::Slurp(err);
  INFO(e);
  CHECK(e.find("evil\\x1b[2J\\x07") != std::string::npos);
  CHECK(e.find('\x1b') == std::string::npos);
  CHECK(e.find('\x07') == std::string::npos);
  CHECK(e.find("\xc2\x9b") == std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("salvage -o - writes the file to standard output and the report to standard error",
          "[robust][salvage]") {
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_stdout";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture((dir / "clean.ndg").string(), 6, 1, &fx).ok());
  const fs::path out = dir / "piped.ndg", err = dir / "err";
  CHECK(d::RunCliSplit("salvage " + (dir / "clean.ndg").string() + " -o -", out, err) == 0);
  std::vector<size_t> all = {0, 1, 2, 3, 4, 5};
  d::CheckSalvaged(fx, all, out);
  CHECK(d::Slurp(err).find("6 digest(s) recovered into standard output") != std::string::npos);
  // Standard input too.
  CHECK(d::RunCliSplit("salvage - -o - <" + (dir / "clean.ndg").string(), out, err) == 0);
  d::CheckSalvaged(fx, all, out);
  fs::remove_all(dir);
}

TEST_CASE("salvage I/O errors carry the system's reason, --help documents - and the exit codes",
          "[robust][salvage]") {
  namespace d = salvage_cli_detail;
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nd_robust_salvage_ioerr";
  fs::remove_all(dir);
  fs::create_directories(dir);
  nd_robust::FixtureFile fx;
  const std::string in = (dir / "clean.ndg").string();
  REQUIRE(nd_robust::BuildRobustFixture(in, 4, 1, &fx).ok());
  const fs::path out = dir / "out", err = dir / "err";
  CHECK(d::RunCliSplit("salvage " + in + " -o /nonexistent-nd-dir/a.ndg", out, err) == 1);
  CHECK(d::Slurp(err).find("No such file or directory") != std::string::npos);
  CHECK(d::Slurp(err).find("/nonexistent-nd-dir/a.ndg") != std::string::npos);
  CHECK(d::RunCliSplit("salvage " + in + " -o ''", out, err) == 1);
  CHECK(d::Slurp(err).find("-o needs a path") != std::string::npos);
  if (fs::exists("/dev/full")) {
    CHECK(d::RunCliSplit("salvage " + in + " -o /dev/full", out, err) == 1);
    CHECK(d::Slurp(err).find("No space left on device") != std::string::npos);
  }
  if (fs::exists("/dev/zero")) {
    CHECK(d::RunCliSplit("salvage /dev/zero -o " + (dir / "z.ndg").string(), out, err) == 1);
    CHECK(d::Slurp(err).find("256 MiB") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "z.ndg"));
  }
  CHECK(d::RunCliSplit("salvage --help", out, err) == 0);
  const std::string help = d::Slurp(out) + d::Slurp(err);
  CHECK(help.find("- for standard input") != std::string::npos);
  CHECK(help.find("- for standard output") != std::string::npos);
  CHECK(help.find("Exit 0 when every digest was recovered") != std::string::npos);
  fs::remove_all(dir);
}
#endif  // ND_CLI_PATH
