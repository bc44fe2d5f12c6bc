// Hostile input, issue 20 items 4 and 5: scanning is linear in the file
// size (the scan trap), a damaged index costs one scan however the digests
// are read, and a header's digest count is not trusted beyond the file.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "newsdigest/format/container.h"
#include "newsdigest/reader/nd_reader.h"
#include "robust_fixture.h"
#include "scan_trap.h"

namespace scan_trap_test_detail {

struct CountingInput {
  const std::vector<uint8_t>* v;
  uint64_t bytes_read = 0;
};

int CountingRead(void* ctx, uint64_t offset, void* dst, size_t len) {
  auto* in = static_cast<CountingInput*>(ctx);
  if (offset > in->v->size() || len > in->v->size() - offset) return 1;
  std::memcpy(dst, in->v->data() + offset, len);
  in->bytes_read += len;
  return 0;
}

// Scans the whole file; @return the number of records found.
uint32_t ScanAll(nd_reader* r) {
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0, found = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) ++found;
  return found;
}

}  // namespace scan_trap_test_detail

TEST_CASE("scan trap: an 8 MiB file of overlapping candidates scans in linear time", "[robust][scan]") {
  namespace d = scan_trap_test_detail;
  const std::vector<uint8_t> v = nd_scan_trap::MakeScanTrap(8u << 20);
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(v.data(), v.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  CHECK(nd_reader_index_damaged(r) != 0);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(d::ScanAll(r) == 0);
  uint32_t readable = 99;
  REQUIRE(nd_reader_readable_count(r, &readable) == ND_OK);
  CHECK(readable == 0);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO("two scans of the 8 MiB trap took " << secs << " s");
  CHECK(secs < 2.0);  // quadratic scanning took minutes
}

TEST_CASE("scan trap: bytes read through a callback stay linear in the file size", "[robust][scan]") {
  namespace d = scan_trap_test_detail;
  const std::vector<uint8_t> v = nd_scan_trap::MakeScanTrap(1u << 20);
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size_for(&lim, ND_WS_IO) / 8 + 1);
  d::CountingInput in{&v};
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_io(d::CountingRead, &in, v.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  in.bytes_read = 0;
  CHECK(d::ScanAll(r) == 0);
  // Record headers are read at every position (17 bytes each); checksums
  // add a small multiple of the file. Quadratic scanning reads terabytes.
  INFO("bytes read " << in.bytes_read << " for a " << v.size() << "-byte file");
  CHECK(in.bytes_read < 40 * v.size());
}

TEST_CASE("damaged index: reading every digest in order costs one scan", "[robust][scan]") {
  namespace d = scan_trap_test_detail;
  const std::string path = (std::filesystem::temp_directory_path() / "nd_scan_cursor.ndg").string();
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture(path, 400, 7, &fx).ok());
  std::filesystem::remove(path);
  std::vector<uint8_t> v = fx.bytes;
  v.pop_back();  // cut by one byte: trailer gone, index found only by scanning
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size_for(&lim, ND_WS_IO) / 8 + 1);
  d::CountingInput in{&v};
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_io(d::CountingRead, &in, v.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  REQUIRE(nd_reader_index_damaged(r) != 0);
  in.bytes_read = 0;
  for (uint32_t i = 0; i < 400; ++i) {
    nd_meta m;
    REQUIRE(nd_reader_meta(r, i, &m) == ND_OK);
    CHECK(std::string(m.id.ptr, m.id.len) == fx.digests[i].id);
    REQUIRE(nd_reader_meta(r, i, &m) == ND_OK);  // again: no rescan
  }
  uint32_t readable = 0;
  REQUIRE(nd_reader_readable_count(r, &readable) == ND_OK);
  CHECK(readable == 400);
  uint64_t off = 0;
  CHECK(nd_reader_offset(r, 399, &off) == ND_OK);
  CHECK(off == fx.records[399].first);
  // One pass reads each position's header (<= 17 bytes) plus metadata;
  // a rescan per digest read 200 file sizes.
  INFO("bytes read " << in.bytes_read << " for a " << v.size() << "-byte file");
  CHECK(in.bytes_read < 30 * v.size());
}

TEST_CASE("a short file whose header claims 16 Mi digests has few readable ones", "[robust][scan]") {
  const std::string path = (std::filesystem::temp_directory_path() / "nd_scan_claim.ndg").string();
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture(path, 1, 3, &fx).ok());
  std::filesystem::remove(path);
  namespace f = newsdigest::format;
  std::vector<uint8_t> v = fx.bytes;
  // Rewrite the header with digest_count = kMaxDigests (same size: padding).
  f::Preamble pre{};
  REQUIRE(f::DecodePreamble(v.data(), v.size(), &pre) == f::PreambleParse::kOk);
  std::vector<uint8_t> h(pre.header_len);
  size_t n = f::EncodeVarintField(f::field::kHeaderDigestCount, f::kMaxDigests, h.data());
  n += f::EncodeVarintField(2, 1u << 16, h.data() + n);
  n += f::EncodeVarintField(3, 1u << 12, h.data() + n);
  n += f::EncodeVarintField(4, 1u << 12, h.data() + n);
  n += f::EncodeVarintField(5, 1u << 17, h.data() + n);
  n += f::EncodeVarintField(10, 64, h.data() + n);
  size_t pad = 0;
  REQUIRE(f::HeaderPaddingFor(n, pre.header_len, &pad));
  n += f::EncodeHeaderPadding(pad, h.data() + n);
  REQUIRE(n == pre.header_len);
  pre.header_crc = f::ComputeHeaderCrc(pre, h.data());
  f::EncodePreamble(pre, v.data());
  std::copy(h.begin(), h.end(), v.begin() + f::kPreambleSize);
  nd_limits lim;
  REQUIRE(nd_reader_probe(v.data(), v.size(), &lim, nullptr) == ND_OK);
  CHECK(lim.digest_count == f::kMaxDigests);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(v.data(), v.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  CHECK(nd_reader_index_damaged(r) != 0);  // the trailer names the old header
  uint32_t readable = 0;
  REQUIRE(nd_reader_readable_count(r, &readable) == ND_OK);
  CHECK(readable == 1);
  // Asking for every claimed digest costs nothing after the one scan.
  const auto t0 = std::chrono::steady_clock::now();
  uint32_t missing = 0;
  for (uint32_t i = 1; i < lim.digest_count; ++i) {
    uint64_t off = 0;
    if (nd_reader_offset(r, i, &off) == ND_ERR_NOT_FOUND) ++missing;
  }
  CHECK(missing == lim.digest_count - 1);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 2.0);
}
