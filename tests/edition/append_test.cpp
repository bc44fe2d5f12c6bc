// append: old records verbatim, new ones with the edition's dictionaries,
// duplicates of old articles skipped.
#include <catch2/catch.hpp>

#include <set>

#include "cli_run.h"
#include "edition_test_util.h"

using namespace edition_test;
namespace ed = newsdigest::edition;

TEST_CASE("append keeps the old records verbatim and skips articles the edition has", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  TrainExampleDictionary(in, dir / "news.dict");
  const std::vector<std::string> old_in(in.begin(), in.begin() + 12), new_in(in.begin() + 8, in.end());
  Build(old_in, dir / "old.ndg", {dir / "news.dict", true});
  ed::AppendOptions o;
  o.pipeline.threads = 1;
  ed::AppendReport r;
  const auto st = ed::AppendFiles(dir / "old.ndg", new_in, dir / "new.ndg", o, &r);
  INFO(r.merge.error_text);
  REQUIRE(st.ok());
  const auto old_d = ReadDigests(dir / "old.ndg"), got = ReadDigests(dir / "new.ndg");
  REQUIRE(got.size() > old_d.size());
  for (size_t i = 0; i < old_d.size(); ++i) CHECK(got[i].id == old_d[i].id);
  // Inputs 8..11 are in the edition already (same ids): skipped.
  CHECK(r.merge.dropped_duplicates >= 4);
  std::set<std::string> ids;
  size_t dup_ids = 0;
  for (const auto& s : got) dup_ids += ids.insert(s.id).second ? 0 : 1;
  // Only the copies among the new inputs themselves may repeat an id (build keeps those).
  CHECK(dup_ids <= 2);
  // The edition's records are in the output byte for byte (the first digest
  // record starts right after the same header and dictionary).
  const std::string old_bytes = ReadAll(dir / "old.ndg"), new_bytes = ReadAll(dir / "new.ndg");
  const size_t tail = 24 + 12 + 4 * old_d.size() + 8;  // trailer + index record, generous
  const std::string body_part = old_bytes.substr(4200, old_bytes.size() - tail - 4200);
  CHECK(new_bytes.find(body_part) != std::string::npos);
}

TEST_CASE("append of the edition's own articles adds nothing", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build(in, dir / "old.ndg", {});
  ed::AppendOptions o;
  o.pipeline.threads = 1;
  ed::AppendReport r;
  REQUIRE(ed::AppendFiles(dir / "old.ndg", in, dir / "new.ndg", o, &r).ok());
  CHECK(ReadDigests(dir / "new.ndg").size() == ReadDigests(dir / "old.ndg").size());
  CHECK(ReadAll(dir / "new.ndg") == ReadAll(dir / "old.ndg"));
}

TEST_CASE("newsdigest append on the CLI, and output equal to the edition refused", "[edition][cli]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build({in.begin(), in.begin() + 5}, dir / "old.ndg", {});
  auto r = cli_run::RunNewsdigest("append '" + (dir / "old.ndg") + "' '" + in[6] + "' '" + in[7] + "' -o '" +
                                  (dir / "new.ndg") + "'");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(ReadDigests(dir / "new.ndg").size() == ReadDigests(dir / "old.ndg").size() + 2);
  const std::string before = ReadAll(dir / "old.ndg");
  r = cli_run::RunNewsdigest("append '" + (dir / "old.ndg") + "' '" + in[8] + "' -o '" + (dir / "old.ndg") + "'");
  CHECK(r.code == 1);
  CHECK(r.err.find("output") != std::string::npos);
  CHECK(ReadAll(dir / "old.ndg") == before);
}

TEST_CASE("append skips a new article whose body the edition has under another id", "[edition]") {
  TempDir dir;
  const std::string x = "The harbour ferry will run every twenty minutes from Monday. The council approved the plan.";
  const std::string y = "A new library opens on the square next week. It has a reading room for children.";
  WriteAll(dir / "old.jsonl", "{\"id\":\"a1\",\"title\":\"Ferry\",\"text\":\"" + x + "\"}\n");
  WriteAll(dir / "new.jsonl", "{\"id\":\"b1\",\"title\":\"Ferry again\",\"text\":\"" + x +
                                  "\"}\n{\"id\":\"b2\",\"title\":\"Library\",\"text\":\"" + y + "\"}\n");
  Build({dir / "old.jsonl"}, dir / "old.ndg", {});
  ed::AppendOptions o;
  o.pipeline.threads = 1;
  ed::AppendReport r;
  REQUIRE(ed::AppendFiles(dir / "old.ndg", {dir / "new.jsonl"}, dir / "new.ndg", o, &r).ok());
  const auto got = ReadDigests(dir / "new.ndg");
  REQUIRE(got.size() == 2);
  CHECK(got[0].id == "a1");
  CHECK(got[1].id == "b2");
  CHECK(r.merge.dropped_duplicates == 1);
}
