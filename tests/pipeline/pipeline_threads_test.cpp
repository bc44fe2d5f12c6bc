// The pipeline writes the same bytes for any thread count and any in-flight
// window, with duplicates, rejected lines and dictionaries.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "newsdigest/pipeline/pipeline.h"

namespace pipeline_threads_test_detail {

namespace fs = std::filesystem;

// A fresh, empty directory under the system temp dir.
fs::path MakeBuildThreadsDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("nd_build_threads_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string ReadBuildThreadsFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Small articles written for this test: varied sentences so summaries and
// keywords differ, every fifth body repeated, one broken line.
void WriteBuildThreadsCorpus(const fs::path& path, int n) {
  static const char* const kSubjects[] = {"The harbour council", "A small bakery", "The regional railway",
                                          "Volunteers at the library", "The city orchestra", "A cycling club"};
  static const char* const kVerbs[] = {"announced", "postponed", "celebrated", "reviewed", "funded", "questioned"};
  static const char* const kObjects[] = {"a new timetable", "the winter festival", "repairs to the old bridge",
                                         "a reading programme for children", "longer opening hours",
                                         "the plan for a second platform"};
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < n; ++i) {
    const int k = (i % 5 == 4) ? i - 3 : i;  // duplicate body of an earlier article
    std::string body;
    for (int s = 0; s < 6 + k % 4; ++s) {
      body += std::string(kSubjects[(k + s) % 6]) + " " + kVerbs[(k * 7 + s) % 6] + " " + kObjects[(k + 3 * s) % 6] +
              " on day " + std::to_string(k * 13 + s) + ".";
      body += (s % 3 == 2) ? "\\n" : " ";
    }
    out << "{\"id\": \"a" << i << "\", \"lang\": \"en\", \"title\": \"Local news number " << i << "\", \"text\": \""
        << body << "\"}\n";
    if (i == 17) out << "{\"id\": \"broken\", \"text\": \n";  // rejected line
  }
}

newsdigest::pipeline::BuildOptions BuildThreadsOptions(const fs::path& in, unsigned threads, size_t window) {
  newsdigest::pipeline::BuildOptions o;
  o.inputs = {in.string()};
  o.pipeline.threads = threads;
  o.pipeline.max_in_flight = window;
  o.pipeline.encoder.level = 3;
  return o;
}

}  // namespace pipeline_threads_test_detail

TEST_CASE("pipeline: --threads 1 and --threads N write identical files", "[pipeline]") {
  namespace t = pipeline_threads_test_detail;
  const auto dir = t::MakeBuildThreadsDir("identical");
  t::WriteBuildThreadsCorpus(dir / "in.jsonl", 120);
  const bool dedup = GENERATE(true, false);
  const bool train = GENERATE(false, true);

  std::string reference;
  uint32_t ref_packed = 0;
  struct Run {
    unsigned threads;
    size_t window;
    size_t window_bytes;
  };
  const size_t kDefaultBytes = newsdigest::pipeline::kDefaultMaxInFlightBytes;
  for (Run run : {Run{1, 0, kDefaultBytes}, Run{2, 0, kDefaultBytes}, Run{2, 1, kDefaultBytes},
                  Run{3, 2, kDefaultBytes}, Run{4, 64, kDefaultBytes}, Run{2, 64, 1}, Run{3, 64, 2000}}) {
    CAPTURE(run.threads, run.window, run.window_bytes, dedup, train);
    auto o = t::BuildThreadsOptions(dir / "in.jsonl", run.threads, run.window);
    o.pipeline.max_in_flight_bytes = run.window_bytes;
    o.pipeline.dedup = dedup;
    o.train_dict = train;
    o.dict_size = 4096;
    std::vector<std::string> errors;
    o.pipeline.on_reject = [&](const newsdigest::ingest::InputError& e) { errors.push_back(e.origin); };
    newsdigest::pipeline::BuildResult result;
    // Odd runs go to a file, even ones to memory: both give the same bytes.
    const bool to_file = run.threads % 2 == 1;
    std::string bytes;
    auto sink = to_file ? newsdigest::writer::NewAtomicFileSink((dir / "out.ndg").string())
                        : newsdigest::writer::NewMemorySink(&bytes);
    auto st = newsdigest::pipeline::RunBuild(o, std::move(sink), "", &result);
    REQUIRE(st.ok());
    REQUIRE(result.written);
    const auto& r = result.stats;
    REQUIRE(r.threads == run.threads);
    REQUIRE(r.rejected >= 1);  // the broken line
    REQUIRE(errors.size() == r.rejected);
    REQUIRE(r.packed == 120);
    CHECK(r.deduplicated == (dedup ? 24u : 0u));
    if (to_file) bytes = t::ReadBuildThreadsFile(dir / "out.ndg");
    CHECK(r.output_bytes == bytes.size());
    REQUIRE(!bytes.empty());
    if (reference.empty()) {
      reference = bytes;
      ref_packed = r.packed;
    } else {
      REQUIRE(r.packed == ref_packed);
      REQUIRE(bytes.size() == reference.size());
      REQUIRE(bytes == reference);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("pipeline: progress is reported in order and once at the end", "[pipeline]") {
  namespace t = pipeline_threads_test_detail;
  const auto dir = t::MakeBuildThreadsDir("progress");
  t::WriteBuildThreadsCorpus(dir / "in.jsonl", 40);
  auto o = t::BuildThreadsOptions(dir / "in.jsonl", 2, 3);
  o.pipeline.progress_interval = 0;  // every item
  std::vector<newsdigest::pipeline::Progress> seen;
  o.pipeline.on_progress = [&](const newsdigest::pipeline::Progress& p) { seen.push_back(p); };
  newsdigest::pipeline::BuildResult result;
  std::string bytes;
  REQUIRE(newsdigest::pipeline::RunBuild(o, newsdigest::writer::NewMemorySink(&bytes), "", &result).ok());
  const auto& r = result.stats;
  REQUIRE(!seen.empty());
  for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].items >= seen[i - 1].items);
  CHECK(seen.back().final);
  CHECK(seen.back().items == r.packed + r.rejected);
  std::filesystem::remove_all(dir);
}
