// merge: identical bodies stored once, duplicate ids, dictionaries, order.
#include <catch2/catch.hpp>

#include <set>

#include "edition_test_util.h"

using namespace edition_test;
namespace ed = newsdigest::edition;

TEST_CASE("merge of a file with itself stores every body once", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build(in, dir / "a.ndg", {});
  const auto r = Merge({dir / "a.ndg", dir / "a.ndg"}, dir / "m.ndg");
  const auto a = ReadDigests(dir / "a.ndg"), m = ReadDigests(dir / "m.ndg");
  REQUIRE(m.size() == 2 * a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(m[i].body == a[i].body);
    CHECK(m[a.size() + i].body == a[i].body);
  }
  // The second copy adds metadata only: far smaller than the first file.
  const size_t one = ReadAll(dir / "a.ndg").size(), two = ReadAll(dir / "m.ndg").size();
  CHECK(two < one + one / 3);
  CHECK(r.shared > 0);
}

TEST_CASE("merge --drop-duplicate-ids keeps the first digest of each id", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build(in, dir / "a.ndg", {});
  ed::MergeOptions o;
  o.drop_duplicate_ids = true;
  const auto r = Merge({dir / "a.ndg", dir / "a.ndg"}, dir / "m.ndg", o);
  const auto a = ReadDigests(dir / "a.ndg"), m = ReadDigests(dir / "m.ndg");
  std::set<std::string> ids;
  for (const auto& s : a) ids.insert(s.id);
  CHECK(m.size() == ids.size());
  CHECK(r.dropped_duplicates == 2 * a.size() - ids.size());
}

TEST_CASE("merge keeps one copy of a dictionary several inputs embed", "[edition]") {
  TempDir dir;
  const auto in = ExampleInputs(dir);
  TrainExampleDictionary(in, dir / "news.dict");
  Build({in.begin(), in.begin() + 10}, dir / "a.ndg", {dir / "news.dict", true});
  Build({in.begin() + 10, in.end()}, dir / "b.ndg", {dir / "news.dict", true});
  Build({in.begin() + 3, in.begin() + 6}, dir / "plain.ndg", {});  // no dictionary at all
  Merge({dir / "a.ndg", dir / "b.ndg", dir / "plain.ndg"}, dir / "m.ndg");
  const std::string dict = ReadAll(dir / "news.dict"), m = ReadAll(dir / "m.ndg");
  // The dictionary's content appears once in the output.
  const size_t first = m.find(dict.substr(100, 400));
  REQUIRE(first != std::string::npos);
  CHECK(m.find(dict.substr(100, 400), first + 1) == std::string::npos);
  const auto got = ReadDigests(dir / "m.ndg");
  const auto a = ReadDigests(dir / "a.ndg"), b = ReadDigests(dir / "b.ndg"), p = ReadDigests(dir / "plain.ndg");
  REQUIRE(got.size() == a.size() + b.size() + p.size());
  CHECK(got.back().body == p.back().body);
}

TEST_CASE("merge --sort published orders by date, ties in input order", "[edition]") {
  TempDir dir;
  WriteAll(dir / "x.jsonl",
           "{\"id\":\"late\",\"title\":\"Late\",\"text\":\"The late story has a body of its own. It has two sentences.\","
           "\"published\":\"2026-11-20T10:00:00Z\"}\n");
  WriteAll(dir / "y.jsonl",
           "{\"id\":\"early\",\"title\":\"Early\",\"text\":\"The early story has a different body. It is short.\","
           "\"published\":\"2026-11-02T10:00:00Z\"}\n");
  Build({dir / "x.jsonl"}, dir / "x.ndg", {});
  Build({dir / "y.jsonl"}, dir / "y.ndg", {});
  ed::MergeOptions o;
  Merge({dir / "x.ndg", dir / "y.ndg"}, dir / "in.ndg", o);
  o.sort = ed::SortOrder::kPublished;
  Merge({dir / "x.ndg", dir / "y.ndg"}, dir / "pub.ndg", o);
  const auto a = ReadDigests(dir / "in.ndg"), b = ReadDigests(dir / "pub.ndg");
  REQUIRE(a.size() == 2);
  REQUIRE(b.size() == 2);
  CHECK(a[0].id == "late");
  CHECK(b[0].id == "early");
}
