// RunBuild --train-dict without a size: the size is chosen for the file
// within dict_max (writer::ChooseDictionarySize); an explicit size is kept.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/reader/nd_reader.h"

namespace build_dict_size_test_detail {

namespace np = newsdigest::pipeline;

// Opens `bytes` with the reader (embedded dictionaries only) and returns the
// digest count, or -1 when it does not open.
long CountDigests(const std::string& bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  nd_limits lim;
  size_t needed = 0;
  if (nd_reader_probe(p, bytes.size(), &lim, &needed) != ND_OK) return -1;
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(p, bytes.size(), ws.data(), ws.size() * 8, &r) != ND_OK) return -1;
  return static_cast<long>(nd_reader_count(r));
}

np::BuildOptions ExampleBuild() {
  np::BuildOptions o;
  o.inputs = {std::string(ND_SOURCE_DIR) + "/tools/examples"};
  o.pipeline.threads = 1;
  o.train_dict = true;
  return o;
}

}  // namespace build_dict_size_test_detail

TEST_CASE("build --train-dict chooses the dictionary size within the budget", "[pipeline]") {
  namespace d = build_dict_size_test_detail;
  namespace np = newsdigest::pipeline;
  std::vector<std::string> notices;
  np::BuildOptions o = d::ExampleBuild();
  o.on_notice = [&](const std::string& n) { notices.push_back(n); };
  std::string bytes;
  np::BuildResult r;

  SECTION("chosen") {
    o.compress_dict = GENERATE(false, true);
    REQUIRE(np::RunBuild(o, newsdigest::writer::NewMemorySink(&bytes), "", &r).ok());
    REQUIRE(!r.dict_choice.tried.empty());
    CHECK(r.dict_choice.tried[0].size == 0);
    CHECK(r.dict_choice.tried.back().size <= o.dict_max);
    if (r.dict_choice.size == 0) {
      CHECK(r.trained_dict_bytes == 0);
    } else {
      CHECK(r.trained_dict_bytes > 0);
      CHECK(r.trained_dict_bytes <= r.dict_choice.size);
    }
    CHECK(d::CountDigests(bytes) == static_cast<long>(r.stats.packed));
  }
  SECTION("a budget below every candidate: no dictionary, said so") {
    o.dict_max = 4096;
    REQUIRE(np::RunBuild(o, newsdigest::writer::NewMemorySink(&bytes), "", &r).ok());
    REQUIRE(r.dict_choice.tried.size() == 1);
    CHECK(r.dict_choice.size == 0);
    CHECK(r.trained_dict_bytes == 0);
    bool said = false;
    for (const std::string& n : notices) said = said || n.find("building without one") != std::string::npos;
    CHECK(said);
    CHECK(d::CountDigests(bytes) == static_cast<long>(r.stats.packed));
  }
  SECTION("an explicit size is kept, no search") {
    o.dict_size = 4096;
    REQUIRE(np::RunBuild(o, newsdigest::writer::NewMemorySink(&bytes), "", &r).ok());
    CHECK(r.dict_choice.tried.empty());
    CHECK(r.trained_dict_bytes > 0);
    CHECK(r.trained_dict_bytes <= 4096);
    CHECK(d::CountDigests(bytes) == static_cast<long>(r.stats.packed));
  }
}
