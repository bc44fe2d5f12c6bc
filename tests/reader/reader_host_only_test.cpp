// A program that reads digest files links the reader and the format only:
// this test links nd_reader_host and nothing of the writer side (no
// protobuf, ingest or ICU), opens the golden file by path, and reads every
// digest through it, in order and via a scan.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "newsdigest/reader/digest_reader.h"

TEST_CASE("the host reader alone reads the golden file", "[reader][host]") {
  namespace rd = newsdigest::reader;
  std::unique_ptr<rd::DigestReader> r;
  const newsdigest::Status s = rd::DigestReader::Open(std::string(ND_TEST_DATA_DIR) + "/reader/golden_v1.ndg", {}, &r);
  INFO(s.message());
  REQUIRE(s.ok());
  CHECK(r->file().mapped());
  nd_reader* nr = r->get();
  uint32_t readable = 0;
  REQUIRE(nd_reader_readable_count(nr, &readable) == ND_OK);
  REQUIRE(readable == nd_reader_count(nr));
  REQUIRE(readable == 8);
  for (uint32_t i = 0; i < readable; ++i) {
    nd_meta m;
    REQUIRE(nd_reader_meta(nr, i, &m) == ND_OK);
    CHECK_FALSE(rd::View(m.id).empty());
    uint64_t off = 0;
    REQUIRE(nd_reader_offset(nr, i, &off) == ND_OK);
    CHECK(nd_reader_check_at(nr, off) == ND_OK);
  }
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0, digests = 0;
  while (nd_reader_scan(nr, &pos, &off, &kind) == ND_OK) digests += kind == 1 ? 1 : 0;
  CHECK(digests == 8);
}
