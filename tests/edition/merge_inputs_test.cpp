// merge: inputs read a few at a time (any number of inputs under the
// descriptor limit), the limit named when it is hit anyway.
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "edition_test_util.h"

using namespace edition_test;
namespace ed = newsdigest::edition;

namespace merge_inputs_test_detail {

// Sets the soft RLIMIT_NOFILE for the scope of the object.
struct FdLimit {
  rlimit old{};
  explicit FdLimit(rlim_t soft) {
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &old) == 0);
    rlimit now = old;
    now.rlim_cur = soft;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &now) == 0);
  }
  ~FdLimit() { ::setrlimit(RLIMIT_NOFILE, &old); }
};

}  // namespace merge_inputs_test_detail

TEST_CASE("merge of more inputs than may be open at once: the bytes of an unlimited merge", "[edition]") {
  using merge_inputs_test_detail::FdLimit;
  TempDir dir;
  const auto in = ExampleInputs(dir);
  std::vector<std::string> small;
  for (size_t i = 0; i < 3; ++i) {
    small.push_back(dir / ("s" + std::to_string(i) + ".ndg"));
    Build({in.at(i), in.at(i + 1)}, small.back(), {});
  }
  // 150 inputs: copies of three small files (identical bodies across
  // inputs, so earlier inputs are read again while later ones stream).
  std::vector<std::string> many;
  for (int i = 0; i < 150; ++i) {
    many.push_back(dir / ("in" + std::to_string(i) + ".ndg"));
    WriteAll(many.back(), ReadAll(small[static_cast<size_t>(i) % 3]));
  }
  for (const bool sorted : {false, true}) {
    for (const bool deep : {false, true}) {
      ed::MergeOptions o;
      o.deep_dedup = deep;
      if (sorted) o.sort = ed::SortOrder::kPublished;
      INFO("sorted " << sorted << " deep " << deep);
      Merge(many, dir / "free.ndg", o);
      ed::MergeReport r;
      newsdigest::Status st;
      {
        FdLimit limit(48);  // the test binary's own files included
        st = ed::MergeFiles(many, dir / "limited.ndg", o, &r);
      }
      INFO(r.error_text);
      REQUIRE(st.ok());
      CHECK(r.shared > 0);
      CHECK(ReadAll(dir / "limited.ndg") == ReadAll(dir / "free.ndg"));
    }
  }
  const auto got = ReadDigests(dir / "limited.ndg");
  size_t expect = 0;
  for (int i = 0; i < 150; ++i) expect += ReadDigests(small[static_cast<size_t>(i) % 3]).size();
  CHECK(got.size() == expect);
}

TEST_CASE("an input that cannot be opened for want of descriptors: the error names the limit", "[edition]") {
  using merge_inputs_test_detail::FdLimit;
  TempDir dir;
  const auto in = ExampleInputs(dir);
  Build({in.at(0)}, dir / "a.ndg", {});
  const int lowest = ::dup(0);  // the lowest free descriptor
  REQUIRE(lowest >= 0);
  ::close(lowest);
  ed::MergeReport r;
  newsdigest::Status st;
  {
    FdLimit limit(static_cast<rlim_t>(lowest));
    st = ed::MergeFiles({dir / "a.ndg"}, dir / "m.ndg", {}, &r);
  }
  CHECK(!st.ok());
  INFO(r.error_text);
  CHECK(r.error_text.find("a.ndg") != std::string::npos);
  CHECK(r.error_text.find("ulimit -n") != std::string::npos);
  CHECK(r.error_text.find(std::to_string(lowest)) != std::string::npos);
}
