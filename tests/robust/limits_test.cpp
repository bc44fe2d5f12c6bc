// Limits (docs/ROBUSTNESS.md): each is enforced with a clear error, or, for
// markup, a flagged best effort; nothing past a limit crashes or hangs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/format/container.h"
#include "robust_fixture.h"

TEST_CASE("limits: writer refuses oversized articles and summaries", "[robust]") {
  namespace w = newsdigest::writer;
  w::EncoderOptions eo;
  eo.article_limit = 1000;
  w::DigestEncoder enc(eo);
  w::DigestInput in;
  in.body = std::string(1001, 'a');
  w::EncodedDigest e;
  newsdigest::Status s = enc.Encode(in, &e);
  CHECK(s.code() == newsdigest::Status::Code::kTooLarge);
  CHECK(std::string(s.message()).find("article") != std::string::npos);

  in.body = std::string(900, 'b');
  for (uint32_t k = 0; k <= newsdigest::format::kMaxSummarySentences; ++k) in.summary.emplace_back(k * 10, 5);
  s = enc.Encode(in, &e);
  CHECK(s.code() == newsdigest::Status::Code::kInvalidArgument);
  CHECK(std::string(s.message()).find("summary") != std::string::npos);
}

TEST_CASE("limits: JSON nesting depth", "[robust]") {
  namespace ing = newsdigest::ingest;
  ing::Article a;
  std::string reason;
  std::string ok = R"({"text": "A body sentence.", "extra": )" + std::string(10, '[') + std::string(10, ']') + "}";
  CHECK(ing::ParseJsonLine(ok, &a, &reason).ok());
  std::string deep = R"({"text": "A body sentence.", "extra": )" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  newsdigest::Status s = ing::ParseJsonLine(deep, &a, &reason);
  CHECK(s.code() == newsdigest::Status::Code::kTooLarge);
  CHECK(reason.find("nested deeper than 64") != std::string::npos);
  // Brackets inside strings do not count.
  std::string quoted = R"({"text": "A body sentence )" + std::string(500, '[') + R"( here."})";
  CHECK(ing::ParseJsonLine(quoted, &a, &reason).ok());
}

TEST_CASE("limits: HTML size and nesting, feed items", "[robust]") {
  namespace ing = newsdigest::ingest;
  ing::ExtractOptions o;
  o.limits.max_input_bytes = 4096;
  ing::ExtractedPage page;
  std::string reason;
  std::string big = "<html><body><p>" + std::string(5000, 'x') + "</p></body></html>";
  CHECK_FALSE(ing::ExtractHtml(big, o, &page, &reason).ok());
  CHECK(reason.find("exceeds the limit") != std::string::npos);

  o = ing::ExtractOptions();
  o.limits.max_nesting = 100;
  std::string deep = "<html><body><p>First paragraph of the article, long enough to count as text.</p>";
  for (int k = 0; k < 5000; ++k) deep += "<div>";
  deep += "<p>Deep text.</p>";
  CHECK(ing::ExtractHtml(deep, o, &page, &reason).ok());
  CHECK(page.truncated);

  o = ing::ExtractOptions();
  o.limits.max_feed_items = 3;
  std::string feed = R"(<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>)";
  for (int k = 0; k < 6; ++k)
    feed += "<item><title>Item " + std::to_string(k) + "</title><description>Body text of the item.</description></item>";
  feed += "</channel></rss>";
  ing::FeedDocument doc;
  newsdigest::Status s = ing::ParseFeedDocument(feed, o, &doc, &reason);
  CHECK(s.ok());
  CHECK(doc.items.size() <= 3);
  CHECK_FALSE(doc.item_errors.empty());
}

TEST_CASE("limits: the reader refuses files that claim more than format v1 allows", "[robust]") {
  // A clean fixture, then its header's digest count raised past kMaxDigests
  // (checksum recomputed): the header is refused as corrupt.
  const std::string path = (std::filesystem::temp_directory_path() / "nd_robust_limits.ndg").string();
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture(path, 2, 1, &fx).ok());
  std::filesystem::remove(path);
  namespace f = newsdigest::format;
  std::vector<uint8_t> v = fx.bytes;
  // Field 1 (digest_count) is the header's first field: tag 0x08, varint.
  REQUIRE(v[f::kPreambleSize] == 0x08);
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  CHECK(lim.digest_count == 2);
  // The writer padded the header; rewrite it with a huge count + padding.
  f::Preamble pre{};
  REQUIRE(f::DecodePreamble(v.data(), v.size(), &pre) == f::PreambleParse::kOk);
  const size_t hlen = pre.header_len;
  std::vector<uint8_t> h = {0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};  // digest_count 0xFFFFFFFF
  h.push_back(0x7A);                                              // padding (field 15)
  const size_t pad = hlen - h.size() - 2;
  h.push_back(static_cast<uint8_t>(pad | 0x80));
  h.push_back(static_cast<uint8_t>(pad >> 7));
  h.resize(hlen, 0);
  std::copy(h.begin(), h.end(), v.begin() + f::kPreambleSize);
  pre.header_crc = f::ComputeHeaderCrc(pre, v.data() + f::kPreambleSize);
  f::EncodePreamble(pre, v.data());
  CHECK(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_ERR_CORRUPT);
}
