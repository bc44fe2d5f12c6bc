// Byte identity: core/pipeline, building in memory, writes exactly the golden
// files that `newsdigest build` wrote before the pipeline moved out of the
// CLI (tests/data/pipeline/README.md has the commands).
#include <catch2/catch.hpp>

#include "golden_inputs.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "newsdigest/pipeline/pipeline.h"

namespace pipeline_golden_test_detail {

namespace np = newsdigest::pipeline;

std::string ReadGoldenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> GoldenInputs() { return golden_inputs::GoldenInputPaths(); }

}  // namespace pipeline_golden_test_detail

TEST_CASE("pipeline: output bytes equal the golden files", "[pipeline]") {
  namespace t = pipeline_golden_test_detail;
  namespace np = newsdigest::pipeline;
  const std::string data = std::string(ND_SOURCE_DIR) + "/tests/data/pipeline/";
  const unsigned threads = GENERATE(1u, 2u);
  CAPTURE(threads);
  SECTION("defaults, one file given twice (dedup)") {
    np::BuildOptions o;
    o.inputs = t::GoldenInputs();
    o.inputs.push_back(o.inputs[13]);  // more-articles.jsonl again
    o.pipeline.threads = threads;
    std::string bytes;
    np::BuildResult r;
    REQUIRE(np::RunBuild(o, newsdigest::writer::NewMemorySink(&bytes), "", &r).ok());
    CHECK(r.stats.deduplicated == 8);
    const std::string golden = t::ReadGoldenFile(data + "golden_examples.ndg");
    REQUIRE(!golden.empty());
    CHECK(bytes.size() == golden.size());
    CHECK(bytes == golden);
  }
  SECTION("trained dictionary, level 12, two sentences") {
    np::BuildOptions o;
    o.inputs = t::GoldenInputs();
    o.pipeline.threads = threads;
    o.train_dict = true;
    o.dict_size = 4096;
    o.pipeline.encoder.level = 12;
    o.pipeline.summary.sentences = 2;
    std::string bytes;
    np::BuildResult r;
    REQUIRE(np::RunBuild(o, newsdigest::writer::NewMemorySink(&bytes), "", &r).ok());
    const std::string golden = t::ReadGoldenFile(data + "golden_examples_dict.ndg");
    REQUIRE(!golden.empty());
    CHECK(bytes.size() == golden.size());
    CHECK(bytes == golden);
  }
}
