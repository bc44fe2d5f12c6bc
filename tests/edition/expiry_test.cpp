// Expiry: --since, --max-age, --max-digests; dates and durations.
#include <catch2/catch.hpp>

#include "cli_run.h"
#include "edition_test_util.h"

using namespace edition_test;
namespace ed = newsdigest::edition;

namespace expiry_test_detail {

// Four dated articles (Nov 1, 5, 9, 13 2026) and one without a date.
std::string DatedArticles(const TempDir& dir) {
  std::string jsonl;
  const char* days[] = {"01", "05", "09", "13"};
  for (int i = 0; i < 4; ++i)
    jsonl += std::string("{\"id\":\"d") + days[i] + "\",\"title\":\"Story " + days[i] +
             "\",\"text\":\"Story number " + days[i] + " tells its own news. The council met on day " + days[i] +
             ".\",\"published\":\"2026-11-" + days[i] + "T12:00:00Z\"}\n";
  jsonl += "{\"id\":\"undated\",\"title\":\"Undated\",\"text\":\"An undated story with a body of its own. It stays.\"}\n";
  WriteAll(dir / "dated.jsonl", jsonl);
  Build({dir / "dated.jsonl"}, dir / "dated.ndg", {});
  return dir / "dated.ndg";
}

std::vector<std::string> Ids(const std::string& path) {
  std::vector<std::string> ids;
  for (const auto& s : ReadDigests(path)) ids.push_back(s.id);
  return ids;
}

}  // namespace expiry_test_detail

TEST_CASE("dates and durations of the expiry flags", "[edition]") {
  int64_t t = 0;
  REQUIRE(ed::ParseDate("1970-01-02", &t));
  CHECK(t == 86400);
  REQUIRE(ed::ParseDate("2026-11-05T12:00:00Z", &t));
  CHECK(t == 1793880000);
  REQUIRE(ed::ParseDate("2026-11-05T12:30", &t));
  CHECK(t == 1793881800);
  REQUIRE(ed::ParseDate("@42", &t));
  CHECK(t == 42);
  CHECK_FALSE(ed::ParseDate("2026-13-01", &t));
  CHECK_FALSE(ed::ParseDate("yesterday", &t));
  CHECK_FALSE(ed::ParseDate("2026-11-05T25:00", &t));
  // Calendar days, empty text and zone offsets (the forms `build` reads).
  CHECK_FALSE(ed::ParseDate("2026-02-30", &t));
  CHECK_FALSE(ed::ParseDate("2026-04-31", &t));
  CHECK_FALSE(ed::ParseDate("", &t));
  REQUIRE(ed::ParseDate("2028-02-29", &t));
  REQUIRE(ed::ParseDate("2026-11-10T08:00+02:00", &t));
  CHECK(t == 1794290400);  // 2026-11-10T06:00Z
  REQUIRE(ed::ParseDate("2026-11-10T06:00Z", &t));
  CHECK(t == 1794290400);
  REQUIRE(ed::ParseDuration("36h", &t));
  CHECK(t == 36 * 3600);
  REQUIRE(ed::ParseDuration("2w", &t));
  CHECK(t == 14 * 86400);
  CHECK_FALSE(ed::ParseDuration("0d", &t));
  CHECK_FALSE(ed::ParseDuration("7", &t));
  CHECK_FALSE(ed::ParseDuration("d", &t));
}

TEST_CASE("expiry by since, max-age and max-digests drops old digests and keeps undated ones", "[edition]") {
  namespace d = expiry_test_detail;
  TempDir dir;
  const std::string in = d::DatedArticles(dir);
  ed::MergeOptions o;
  REQUIRE(ed::ParseDate("2026-11-05", &o.expiry.since));
  auto r = Merge({in}, dir / "since.ndg", o);
  CHECK(d::Ids(dir / "since.ndg") == std::vector<std::string>{"d05", "d09", "d13", "undated"});
  CHECK(r.expired == 1);

  ed::MergeOptions age;
  REQUIRE(ed::ParseDuration("5d", &age.expiry.max_age));  // newest is Nov 13: keep Nov 8 and later
  Merge({in}, dir / "age.ndg", age);
  CHECK(d::Ids(dir / "age.ndg") == std::vector<std::string>{"d09", "d13", "undated"});

  ed::MergeOptions last;
  last.expiry.max_digests = 2;
  last.sort = ed::SortOrder::kPublished;  // undated (0) first, then by date
  r = Merge({in}, dir / "last.ndg", last);
  // Undated digests are kept and not counted (README): the last 2 dated ones.
  CHECK(d::Ids(dir / "last.ndg") == std::vector<std::string>{"undated", "d09", "d13"});
  CHECK(r.expired == 2);
}

TEST_CASE("max-age: a digest dated in the future does not expire the rest (reference min(newest, now))",
          "[edition]") {
  namespace d = expiry_test_detail;
  TempDir dir;
  d::DatedArticles(dir);
  std::string jsonl = ReadAll(dir / "dated.jsonl");
  jsonl += "{\"id\":\"future\",\"title\":\"Future\",\"text\":\"A story from the far future. Its clock is wrong.\","
           "\"published\":\"2099-01-01T00:00:00Z\"}\n";
  WriteAll(dir / "future.jsonl", jsonl);
  Build({dir / "future.jsonl"}, dir / "future.ndg", {});
  ed::MergeOptions age;
  REQUIRE(ed::ParseDuration("5d", &age.expiry.max_age));
  REQUIRE(ed::ParseDate("2026-11-13T12:00:00Z", &age.expiry.now));
  Merge({dir / "future.ndg"}, dir / "age.ndg", age);
  CHECK(d::Ids(dir / "age.ndg") == std::vector<std::string>{"d09", "d13", "undated", "future"});
}

TEST_CASE("a merge or append that would write no digest leaves the output as it was, exit 2", "[edition][cli]") {
  namespace d = expiry_test_detail;
  TempDir dir;
  d::DatedArticles(dir);
  // Only dated digests, so that --since drops every one.
  std::string jsonl = ReadAll(dir / "dated.jsonl");
  jsonl = jsonl.substr(0, jsonl.find("{\"id\":\"undated\""));
  WriteAll(dir / "only.jsonl", jsonl);
  Build({dir / "only.jsonl"}, dir / "x.ndg", {});
  WriteAll(dir / "keep.ndg", "keep me");
  ed::MergeOptions o;
  REQUIRE(ed::ParseDate("2030-01-01", &o.expiry.since));
  ed::MergeReport r;
  REQUIRE(ed::MergeFiles({dir / "x.ndg"}, dir / "keep.ndg", o, &r).ok());
  CHECK_FALSE(r.written);
  CHECK(ReadAll(dir / "keep.ndg") == "keep me");
  auto c = cli_run::RunNewsdigest("merge '" + (dir / "x.ndg") + "' --since 2030-01-01 -o '" + (dir / "keep.ndg") + "'");
  CHECK(c.code == 2);
  CHECK(c.err.find("no digest left to write (4 expired)") != std::string::npos);
  CHECK(ReadAll(dir / "keep.ndg") == "keep me");
  auto a = cli_run::RunNewsdigest("append '" + (dir / "x.ndg") + "' '" + (dir / "only.jsonl") +
                                  "' --since 2030-01-01 -o '" + (dir / "keep.ndg") + "'");
  CHECK(a.code == 2);
  CHECK(ReadAll(dir / "keep.ndg") == "keep me");
}

TEST_CASE("expiry flags on the CLI, malformed values refused", "[edition][cli]") {
  namespace d = expiry_test_detail;
  TempDir dir;
  const std::string in = d::DatedArticles(dir);
  auto r = cli_run::RunNewsdigest("merge '" + in + "' --max-age 1w -o '" + (dir / "w.ndg") + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(d::Ids(dir / "w.ndg") == std::vector<std::string>{"d09", "d13", "undated"});
  r = cli_run::RunNewsdigest("merge '" + in + "' --since soon -o '" + (dir / "x.ndg") + "'");
  CHECK(r.code == 1);
  CHECK(r.err.find("--since") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "x.ndg"));
  r = cli_run::RunNewsdigest("merge '" + in + "' --since '' -o '" + (dir / "x.ndg") + "'");
  CHECK(r.code == 1);
  r = cli_run::RunNewsdigest("merge '" + in + "' --since 2026-02-30 -o '" + (dir / "x.ndg") + "'");
  CHECK(r.code == 1);
  CHECK_FALSE(fs::exists(dir / "x.ndg"));
  r = cli_run::RunNewsdigest("merge '" + in + "' --since 2026-11-09T08:00+02:00 -o '" + (dir / "z.ndg") + "'");
  CHECK(r.code == 0);
  CHECK(d::Ids(dir / "z.ndg") == std::vector<std::string>{"d09", "d13", "undated"});
}
