// Bad input: damaged records, damaged index, conflicting dictionaries,
// another major version, output equal to an input.
#include <catch2/catch.hpp>

#include "cli_run.h"
#include "edition_test_util.h"

using namespace edition_test;
namespace ed = newsdigest::edition;

TEST_CASE("a damaged record is reported by file and index, the rest merged, exit 2", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build({in.begin(), in.begin() + 6}, dir / "a.ndg", {});
  Build({in.begin() + 6, in.begin() + 9}, dir / "b.ndg", {});
  std::string bytes = ReadAll(dir / "a.ndg");
  bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
  WriteAll(dir / "bad.ndg", bytes);
  ed::MergeReport r = Merge({dir / "bad.ndg", dir / "b.ndg"}, dir / "m.ndg");
  REQUIRE(r.damaged.size() == 1);
  CHECK(r.damaged[0].file == dir / "bad.ndg");
  CHECK(r.damaged[0].index >= 0);
  const size_t a = ReadDigests(dir / "a.ndg").size(), b = ReadDigests(dir / "b.ndg").size();
  CHECK(ReadDigests(dir / "m.ndg").size() == a + b - 1);
  auto c = cli_run::RunNewsdigest("merge '" + (dir / "bad.ndg") + "' '" + (dir / "b.ndg") + "' -o '" + (dir / "c.ndg") + "'");
  CHECK(c.code == 2);
  CHECK(c.err.find("bad.ndg: digest " + std::to_string(r.damaged[0].index)) != std::string::npos);
}

TEST_CASE("a damaged index: the records are scanned, all digests kept", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build({in.begin(), in.begin() + 6}, dir / "a.ndg", {});
  std::string bytes = ReadAll(dir / "a.ndg");
  bytes[bytes.size() - 30] = static_cast<char>(bytes[bytes.size() - 30] ^ 0x5A);  // inside the index
  WriteAll(dir / "bad.ndg", bytes);
  ed::MergeReport r = Merge({dir / "bad.ndg"}, dir / "m.ndg");
  CHECK(r.damaged.empty());
  CHECK_FALSE(r.warnings.empty());
  CHECK(ReadAll(dir / "m.ndg") == ReadAll(dir / "a.ndg"));
}

TEST_CASE("two different dictionaries with one id: clear error, nothing written", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  TrainExampleDictionary(in, dir / "one.dict");
  // Another dictionary content under the same id (bytes 4..7 of a ZDICT file).
  TrainExampleDictionary({in.begin(), in.begin() + 8}, dir / "two.dict");
  std::string one = ReadAll(dir / "one.dict"), two = ReadAll(dir / "two.dict");
  REQUIRE(one != two);
  two.replace(4, 4, one.substr(4, 4));
  WriteAll(dir / "two.dict", two);
  Build({in.begin(), in.begin() + 4}, dir / "a.ndg", {dir / "one.dict", true});
  Build({in.begin() + 4, in.begin() + 8}, dir / "b.ndg", {dir / "two.dict", true});
  WriteAll(dir / "out.ndg", "keep me");
  ed::MergeReport r;
  const auto st = ed::MergeFiles({dir / "a.ndg", dir / "b.ndg"}, dir / "out.ndg", {}, &r);
  CHECK_FALSE(st.ok());
  CHECK(r.error_text.find("two different dictionaries claim one id") != std::string::npos);
  CHECK(ReadAll(dir / "out.ndg") == "keep me");
  // Missing dictionary content: named, not embedded, not supplied.
  Build({in.begin(), in.begin() + 4}, dir / "named.ndg", {dir / "one.dict", false});
  const auto st2 = ed::MergeFiles({dir / "named.ndg"}, dir / "out.ndg", {}, &r);
  CHECK_FALSE(st2.ok());
  CHECK(r.error_text.find("--dict") != std::string::npos);
}

TEST_CASE("another major version, not a digest file, output equal to an input: refused", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build({in.begin(), in.begin() + 3}, dir / "a.ndg", {});
  std::string v2 = ReadAll(dir / "a.ndg");
  v2[4] = 2;
  WriteAll(dir / "v2.ndg", v2);
  WriteAll(dir / "text.ndg", "hello, not a digest file at all, just some text of some length");
  ed::MergeReport r;
  CHECK_FALSE(ed::MergeFiles({dir / "a.ndg", dir / "v2.ndg"}, dir / "o.ndg", {}, &r).ok());
  CHECK(r.error_text.find("major version 2") != std::string::npos);
  CHECK_FALSE(ed::MergeFiles({dir / "text.ndg"}, dir / "o.ndg", {}, &r).ok());
  CHECK_FALSE(fs::exists(dir / "o.ndg"));
  const std::string before = ReadAll(dir / "a.ndg");
  auto c = cli_run::RunNewsdigest("merge '" + (dir / "a.ndg") + "' -o '" + (dir / "a.ndg") + "'");
  CHECK(c.code == 1);
  CHECK(c.err.find("merge must not replace its input") != std::string::npos);
  CHECK(ReadAll(dir / "a.ndg") == before);
  auto a = cli_run::RunNewsdigest("append '" + (dir / "a.ndg") + "' '" + in[5] + "' -o '" + (dir / "a.ndg") + "'");
  CHECK(a.code == 1);
  CHECK(a.err.find("append must not replace its input") != std::string::npos);
  CHECK(ReadAll(dir / "a.ndg") == before);
}

TEST_CASE("a truncated input: the digests it lost are reported, exit 2 (merge and append)", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build({in.begin(), in.begin() + 8}, dir / "a.ndg", {});
  Build({in.begin() + 8, in.begin() + 10}, dir / "b.ndg", {});
  const std::string bytes = ReadAll(dir / "a.ndg");
  WriteAll(dir / "trunc.ndg", bytes.substr(0, bytes.size() / 2));
  const size_t total = ReadDigests(dir / "a.ndg").size();
  ed::MergeReport r = Merge({dir / "trunc.ndg", dir / "b.ndg"}, dir / "m.ndg");
  REQUIRE(r.lost.size() == 1);
  CHECK(r.lost[0].file == dir / "trunc.ndg");
  CHECK(r.lost[0].expected == total);
  const size_t found = ReadDigests(dir / "m.ndg").size() - ReadDigests(dir / "b.ndg").size();
  CHECK(found + r.lost[0].lost == total);
  CHECK(r.lost[0].lost > 0);
  const std::string want = "trunc.ndg: " + std::to_string(r.lost[0].lost) + " of " + std::to_string(total) +
                           " digests lost (truncated or damaged)";
  auto c = cli_run::RunNewsdigest("merge '" + (dir / "trunc.ndg") + "' '" + (dir / "b.ndg") + "' -o '" +
                                  (dir / "c.ndg") + "'");
  CHECK(c.code == 2);
  CHECK(c.err.find(want) != std::string::npos);
  auto a = cli_run::RunNewsdigest("append '" + (dir / "trunc.ndg") + "' '" + in.back() + "' -o '" + (dir / "d.ndg") +
                                  "'");
  CHECK(a.code == 2);
  CHECK(a.err.find(want) != std::string::npos);
}

TEST_CASE("a damaged embedded dictionary is reported as damaged, not as missing", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  TrainExampleDictionary(in, dir / "one.dict");
  Build({in.begin(), in.begin() + 4}, dir / "a.ndg", {dir / "one.dict", true});
  std::string bytes = ReadAll(dir / "a.ndg");
  const std::string dict = ReadAll(dir / "one.dict");
  const size_t at = bytes.find(dict.substr(dict.size() / 2, 64));
  REQUIRE(at != std::string::npos);
  bytes[at + 10] = static_cast<char>(bytes[at + 10] ^ 0x5A);
  WriteAll(dir / "bad.ndg", bytes);
  ed::MergeReport r;
  CHECK_FALSE(ed::MergeFiles({dir / "bad.ndg"}, dir / "out.ndg", {}, &r).ok());
  CHECK(r.error_text.find("bad.ndg: its embedded dictionary ") != std::string::npos);
  CHECK(r.error_text.find(" is damaged") != std::string::npos);
  CHECK(r.error_text.find("does not embed") == std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out.ndg"));
}
