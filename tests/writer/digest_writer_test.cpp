// Writer round trips: DigestEncoder + DigestBuilder output read back through
// the reader (headline, summary prefix, exact body), shared texts, limits.
#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/writer/digest_builder.h"
#include "writer_test_util.h"

namespace wt = newsdigest::writer_test;
namespace nw = newsdigest::writer;

namespace digest_writer_test_detail {

// Builds `path` from `inputs`; identical bodies share text when `dedup`.
newsdigest::Status BuildWriterTestFile(const std::string& path, std::vector<nw::DigestInput> inputs,
                                       const nw::EncoderOptions& eo, const nw::BuilderOptions& bo, bool dedup) {
  std::unique_ptr<nw::DigestBuilder> b;
  ND_RETURN_IF_ERROR(nw::DigestBuilder::Create(path, bo, &b));
  nw::DigestEncoder enc(eo);
  nw::EncodedDigest e;
  std::vector<std::pair<std::string, uint32_t>> seen;
  for (auto& in : inputs) {
    if (dedup) {
      for (const auto& [body, off] : seen)
        if (body == in.body) in.text_ref = off;
    }
    const uint32_t off = b->next_offset();
    newsdigest::Status st = enc.Encode(in, &e);
    if (!st.ok()) {
      b->Abandon();
      return st;
    }
    ND_RETURN_IF_ERROR(b->Add(e));
    if (in.text_ref == 0) seen.emplace_back(in.body, off);
  }
  return b->Finish();
}

std::string JoinedSummary(const nw::DigestInput& in) {
  std::string s;
  for (const auto& [off, len] : in.summary) {
    if (!s.empty()) s += '|';
    s += in.body.substr(off, len);
  }
  return s;
}

}  // namespace digest_writer_test_detail

TEST_CASE("round trip of many articles without a dictionary", "[writer]") {
  namespace d = digest_writer_test_detail;
  std::vector<nw::DigestInput> in;
  for (uint32_t n = 0; n < 400; ++n) in.push_back(wt::MakeArticle(n, 3 + n % 40));
  const std::string path = wt::WriterTempPath("plain.ndg");
  REQUIRE(d::BuildWriterTestFile(path, in, nw::EncoderOptions(), nw::BuilderOptions(), true).ok());
  wt::ReadBack rb = wt::ReadAllDigests(path, {});
  REQUIRE(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    CHECK(rb.titles[i] == in[i].title);
    CHECK(rb.bodies[i] == in[i].body);
    CHECK(rb.summaries[i] == d::JoinedSummary(in[i]));
  }
  std::remove(path.c_str());
}

TEST_CASE("edge summaries: none, whole body, single sentence", "[writer]") {
  namespace d = digest_writer_test_detail;
  std::vector<nw::DigestInput> in;
  nw::DigestInput a = wt::MakeArticle(1, 5);
  a.summary.clear();
  in.push_back(a);
  nw::DigestInput b = wt::MakeArticle(2, 1);
  b.summary = {{0, static_cast<uint32_t>(b.body.size())}};
  in.push_back(b);
  nw::DigestInput c = wt::MakeArticle(3, 1);
  c.body.clear();
  c.summary.clear();
  in.push_back(c);
  const std::string path = wt::WriterTempPath("edge.ndg");
  for (int level : {1, 3, 19}) {
    nw::EncoderOptions eo;
    eo.level = level;
    REQUIRE(d::BuildWriterTestFile(path, in, eo, nw::BuilderOptions(), false).ok());
    wt::ReadBack rb = wt::ReadAllDigests(path, {});
    REQUIRE(rb.status == ND_OK);
    REQUIRE(rb.bodies.size() == 3);
    for (size_t i = 0; i < in.size(); ++i) {
      CHECK(rb.bodies[i] == in[i].body);
      CHECK(rb.summaries[i] == d::JoinedSummary(in[i]));
    }
  }
  std::remove(path.c_str());
}

TEST_CASE("identical bodies are stored once", "[writer]") {
  namespace d = digest_writer_test_detail;
  std::vector<nw::DigestInput> in;
  for (uint32_t n = 0; n < 20; ++n) in.push_back(wt::MakeArticle(n % 5, 30));
  for (uint32_t n = 0; n < 20; ++n) in[n].title = "copy " + std::to_string(n);
  const std::string with = wt::WriterTempPath("dedup.ndg"), without = wt::WriterTempPath("nodedup.ndg");
  REQUIRE(d::BuildWriterTestFile(with, in, nw::EncoderOptions(), nw::BuilderOptions(), true).ok());
  REQUIRE(d::BuildWriterTestFile(without, in, nw::EncoderOptions(), nw::BuilderOptions(), false).ok());
  const size_t a = wt::SlurpFile(with).size(), b = wt::SlurpFile(without).size();
  CHECK(a * 2 < b);
  wt::ReadBack rb = wt::ReadAllDigests(with, {});
  REQUIRE(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    CHECK(rb.titles[i] == in[i].title);
    CHECK(rb.bodies[i] == in[i].body);
    CHECK(rb.summaries[i] == d::JoinedSummary(in[i]));
  }
  std::remove(with.c_str());
  std::remove(without.c_str());
}

TEST_CASE("encoder rejects bad summaries and oversized bodies", "[writer]") {
  nw::EncoderOptions eo;
  eo.article_limit = 100;
  nw::DigestEncoder enc(eo);
  nw::EncodedDigest e;
  nw::DigestInput big = wt::MakeArticle(1, 30);
  CHECK(enc.Encode(big, &e).IsTooLarge());
  nw::DigestEncoder enc2{nw::EncoderOptions()};
  nw::DigestInput bad = wt::MakeArticle(1, 10);
  bad.summary = {{10, 5}, {12, 5}};  // overlapping
  CHECK(enc2.Encode(bad, &e).code() == newsdigest::Status::Code::kInvalidArgument);
  bad.summary = {{0, static_cast<uint32_t>(bad.body.size() + 1)}};  // past the end
  CHECK(enc2.Encode(bad, &e).code() == newsdigest::Status::Code::kInvalidArgument);
  // The encoder is still usable after errors.
  nw::DigestInput good = wt::MakeArticle(2, 10);
  CHECK(enc2.Encode(good, &e).ok());
}

TEST_CASE("header records the largest body and summary", "[writer]") {
  namespace d = digest_writer_test_detail;
  std::vector<nw::DigestInput> in;
  uint32_t max_body = 0, max_summary = 0;
  for (uint32_t n = 0; n < 30; ++n) {
    in.push_back(wt::MakeArticle(n, 2 + n));
    max_body = std::max(max_body, static_cast<uint32_t>(in.back().body.size()));
    uint32_t s = 0;
    for (const auto& sp : in.back().summary) s += sp.second;
    max_summary = std::max(max_summary, s);
  }
  const std::string path = wt::WriterTempPath("limits.ndg");
  REQUIRE(d::BuildWriterTestFile(path, in, nw::EncoderOptions(), nw::BuilderOptions(), false).ok());
  const std::string data = wt::SlurpFile(path);
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(reinterpret_cast<const uint8_t*>(data.data()), data.size(), &lim, &needed) == ND_OK);
  CHECK(lim.digest_count == 30);
  CHECK(lim.max_text_size == max_body);
  CHECK(lim.max_summary_size == max_summary);
  std::remove(path.c_str());
}

#ifdef ND_SHARED_ABS
#include <fstream>
#include <nlohmann/json.hpp>

// Every BBC article (../shared corpus), summary = its first paragraph when
// there are several: bodies and summaries must come back exactly.
TEST_CASE("BBC corpus round trip", "[writer][corpus]") {
  namespace d = digest_writer_test_detail;
  std::ifstream f(std::string(ND_SHARED_ABS) + "/eval/summ/bbc_news_summary.jsonl");
  REQUIRE(f.good());
  std::vector<nw::DigestInput> in;
  std::string line;
  while (std::getline(f, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    nw::DigestInput a;
    if (j["title"].is_string()) a.title = j["title"].get<std::string>();
    a.body = j["text"].get<std::string>();
    a.lang = "en";
    const size_t nl = a.body.find('\n');
    if (nl != std::string::npos && nl > 0) a.summary = {{0, static_cast<uint32_t>(nl)}};
    in.push_back(std::move(a));
  }
  REQUIRE(in.size() > 2000);
  const std::string path = wt::WriterTempPath("bbc.ndg");
  REQUIRE(d::BuildWriterTestFile(path, in, nw::EncoderOptions(), nw::BuilderOptions(), true).ok());
  wt::ReadBack rb = wt::ReadAllDigests(path, {});
  CHECK(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == in.size());
  size_t bad = 0;
  for (size_t i = 0; i < in.size(); ++i) bad += rb.bodies[i] != in[i].body;
  CHECK(bad == 0);
  std::remove(path.c_str());
}
#endif
