// Helpers of the edition tests: temporary folders, builds through the
// library (as `newsdigest build` runs them), the bundled example articles.
#ifndef NEWSDIGEST_TESTS_EDITION_EDITION_TEST_UTIL_H_
#define NEWSDIGEST_TESTS_EDITION_EDITION_TEST_UTIL_H_

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "newsdigest/edition/edition.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/reader/digest_reader.h"
#include "newsdigest/writer/dictionary.h"

namespace edition_test {

namespace fs = std::filesystem;

// A fresh folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> n{0};
    path = fs::temp_directory_path() / ("nd_edition_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// The bundled example articles (tools/examples), in name order, plus three
// copies of two of them (same bodies under other names), so that identical
// bodies occur in several shards.
inline std::vector<std::string> ExampleInputs(const TempDir& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(ND_SOURCE_DIR) / "tools" / "examples")) {
    const std::string ext = e.path().extension().string();
    if (ext == ".txt" || ext == ".jsonl") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  const std::string a = ReadAll(files.at(0)), b = ReadAll(files.at(files.size() / 2));
  WriteAll(dir / "copy1.txt", a);
  WriteAll(dir / "copy2.txt", b);
  WriteAll(dir / "copy3.txt", b);
  files.push_back(dir / "copy1.txt");
  files.insert(files.begin() + 7, dir / "copy2.txt");
  files.push_back(dir / "copy3.txt");
  return files;
}

// A dictionary trained on the example paragraphs, saved as `path`.
inline void TrainExampleDictionary(const std::vector<std::string>& inputs, const std::string& path) {
  std::vector<std::string> samples;
  for (const std::string& f : inputs) {
    const std::string text = ReadAll(f);
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      if (end - pos > 40) samples.push_back(text.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  newsdigest::writer::DictionaryData d;
  REQUIRE(newsdigest::writer::TrainDictionary(samples, 8192, &d).ok());
  REQUIRE(newsdigest::writer::SaveDictionaryFile(path, d).ok());
}

struct BuildFlags {
  std::string dict;  // dictionary file, or empty
  bool embed = false;
  bool compress = false;
  bool dedup = true;
};

// `newsdigest build` of `inputs` into `out` through the library.
inline void Build(const std::vector<std::string>& inputs, const std::string& out, const BuildFlags& f = {}) {
  newsdigest::pipeline::BuildOptions o;
  o.inputs = inputs;
  if (!f.dict.empty()) o.dict_files.push_back(f.dict);
  o.embed_dict = f.embed;
  o.compress_dict = f.compress;
  o.pipeline.dedup = f.dedup;
  o.pipeline.threads = 1;
  newsdigest::pipeline::BuildResult r;
  const auto st = newsdigest::pipeline::RunBuild(o, newsdigest::writer::NewAtomicFileSink(out), out, &r);
  INFO(r.error);
  REQUIRE(st.ok());
  REQUIRE(r.written);
}

inline newsdigest::edition::MergeReport Merge(const std::vector<std::string>& inputs, const std::string& out,
                                              const newsdigest::edition::MergeOptions& o = {}) {
  newsdigest::edition::MergeReport r;
  const auto st = newsdigest::edition::MergeFiles(inputs, out, o, &r);
  INFO(r.error_text);
  REQUIRE(st.ok());
  return r;
}

// One digest as a reader sees it.
struct Seen {
  std::string id;
  int64_t published = 0;
  std::string body;
};

// Every digest of `path` (bodies decoded; `dict`: a dictionary file the file
// names but does not embed). Fails the test when the file does not open or
// a digest does not decode.
inline std::vector<Seen> ReadDigests(const std::string& path, const std::string& dict = "") {
  using newsdigest::reader::DigestReader;
  std::unique_ptr<DigestReader> r;
  REQUIRE(DigestReader::Open(path, DigestReader::Options(), &r).ok());
  if (!dict.empty()) REQUIRE(r->AddDictionaryFile(dict).ok());
  std::vector<Seen> out;
  const uint32_t n = nd_reader_count(r->get());
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    REQUIRE(nd_reader_meta(r->get(), i, &m) == ND_OK);
    Seen s;
    s.id = std::string(newsdigest::reader::View(m.id));
    s.published = m.published;
    s.body.resize(m.text_size);
    size_t len = 0;
    REQUIRE(nd_reader_body(r->get(), i, s.body.data(), s.body.size(), &len) == ND_OK);
    REQUIRE(len == m.text_size);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace edition_test

#endif  // NEWSDIGEST_TESTS_EDITION_EDITION_TEST_UTIL_H_
