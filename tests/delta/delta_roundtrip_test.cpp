// patch(OLD, delta(OLD, NEW)) == NEW on edition pairs, and the update size
// of a day's new articles (issue 18: <= 1.05x their records alone).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

#include "delta_test_util.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/format/container.h"
#include "newsdigest/writer/output.h"

namespace nd = newsdigest;
using nd::delta_test::Edition;
using nd::delta_test::Range;

namespace delta_roundtrip_test_detail {

std::string Patch(const std::string& old_file, const std::string& update, nd::Status* st) {
  std::string out;
  auto sink = nd::writer::NewMemorySink(&out);
  *st = nd::delta::ApplyDelta(old_file, update, nd::delta::ApplyOptions{}, sink.get());
  return out;
}

nd::delta::DeltaStats RoundTrip(const std::string& old_file, const std::string& new_file) {
  REQUIRE_FALSE(old_file.empty());
  REQUIRE_FALSE(new_file.empty());
  std::string update;
  nd::delta::DeltaStats stats;
  nd::delta::DeltaOptions opt;
  opt.sequence = 7;
  REQUIRE(nd::delta::MakeDelta(old_file, new_file, opt, &update, &stats).ok());
  CHECK(stats.update_bytes == update.size());
  nd::Status st;
  const std::string rebuilt = Patch(old_file, update, &st);
  INFO(st.message());
  REQUIRE(st.ok());
  CHECK(rebuilt == new_file);
  return stats;
}

}  // namespace delta_roundtrip_test_detail

using delta_roundtrip_test_detail::RoundTrip;

TEST_CASE("delta round trip: articles added, same dictionary", "[delta]") {
  const auto old_ids = Range(0, 60);
  auto new_ids = old_ids;
  for (uint32_t id : Range(1000, 8)) new_ids.push_back(id);
  const std::string old_file = Edition(old_ids, true), new_file = Edition(new_ids, true);
  const auto stats = RoundTrip(old_file, new_file);
  CHECK(stats.copied_bytes > old_file.size() / 2);  // old records and the dictionary are copied
}

TEST_CASE("delta round trip: articles removed, reordered, replaced, identical", "[delta]") {
  const auto base = Range(0, 40);
  std::vector<uint32_t> removed(base.begin(), base.end());
  removed.erase(removed.begin() + 5, removed.begin() + 15);
  std::vector<uint32_t> reordered(base.rbegin(), base.rend());
  std::vector<uint32_t> mixed = Range(20, 30);
  for (uint32_t id : Range(500, 5)) mixed.insert(mixed.begin() + 3, id);
  for (bool dict : {false, true}) {
    const std::string old_file = Edition(base, dict);
    SECTION(dict ? "dict removed" : "plain removed") { RoundTrip(old_file, Edition(removed, dict)); }
    SECTION(dict ? "dict reordered" : "plain reordered") {
      const auto st = RoundTrip(old_file, Edition(reordered, dict));
      CHECK(st.copied_bytes > old_file.size() / 2);
    }
    SECTION(dict ? "dict mixed" : "plain mixed") { RoundTrip(old_file, Edition(mixed, dict)); }
    SECTION(dict ? "dict all new" : "plain all new") {
      const auto st = RoundTrip(old_file, Edition(Range(3000, 25), dict));
      if (!dict) CHECK(st.copied_bytes == 0);
    }
    SECTION(dict ? "dict identical" : "plain identical") {
      const auto st = RoundTrip(old_file, old_file);
      CHECK(st.literal_bytes < 200);  // header and trailer only (the index is OFFSETS)
    }
  }
}

TEST_CASE("delta round trip: dictionary changed, empty edition, foreign bytes", "[delta]") {
  RoundTrip(Edition(Range(0, 20), false), Edition(Range(0, 25), true));
  RoundTrip(Edition(Range(0, 20), true), Edition({}, true));
  RoundTrip(Edition({}, false), Edition(Range(0, 3), false));
  RoundTrip(std::string("not a digest file at all"), Edition(Range(0, 3), false));
  RoundTrip(Edition(Range(0, 3), false), std::string(1000, 'x') + "tail");
}

TEST_CASE("delta size: a day's new articles cost at most 1.05x their records", "[delta]") {
  // Edition 1: N articles; edition 2: the same plus M new, same dictionary.
  struct Case {
    uint32_t n, m;
  };
  for (Case c : {Case{200, 20}, Case{400, 40}, Case{100, 50}}) {
    const auto old_ids = Range(0, c.n);
    auto new_ids = old_ids;
    const auto added = Range(10000, c.m);
    new_ids.insert(new_ids.end(), added.begin(), added.end());
    const std::string old_file = Edition(old_ids, true), new_file = Edition(new_ids, true);
    const auto stats = RoundTrip(old_file, new_file);
    const uint64_t records = nd::delta_test::RecordBytes(new_file, added);
    REQUIRE(records > 0);
    const double ratio = static_cast<double>(stats.update_bytes) / static_cast<double>(records);
    std::printf("delta size N=%u M=%u: update %llu bytes, new records %llu bytes, ratio %.4f\n", c.n, c.m,
                static_cast<unsigned long long>(stats.update_bytes), static_cast<unsigned long long>(records), ratio);
    CHECK(ratio <= 1.05);
  }
}

TEST_CASE("delta round trip: an index not in file order travels as OFFSETS", "[delta]") {
  // A valid file whose index lists the digests in another order than the
  // records (the writer never does this; a merge tool might).
  const std::string old_file = Edition(Range(0, 12), true);
  std::string new_file = Edition(Range(0, 14), true);
  auto* p = reinterpret_cast<uint8_t*>(new_file.data());
  nd::format::Trailer t{};
  REQUIRE(nd::format::DecodeTrailer(p + new_file.size() - nd::format::kTrailerSize, &t));
  nd::format::RecordHeader h{};
  REQUIRE(nd::format::ParseRecordHeader(p + t.index_offset, 17, &h) == nd::format::RecordParse::kOk);
  uint8_t* payload = p + t.index_offset + h.size;
  for (int k = 0; k < 4; ++k) std::swap(payload[k], payload[4 + k]);  // digests 0 and 1 swapped
  uint8_t hdr[nd::format::kMaxRecordHeaderSize];
  REQUIRE(nd::format::FrameRecord(nd::format::kRecordIndex, payload, h.payload_len, h.meta_len, hdr) == h.size);
  std::memcpy(p + t.index_offset, hdr, h.size);
  const auto stats = RoundTrip(old_file, new_file);
  CHECK(stats.offset_bytes == h.payload_len);
}
