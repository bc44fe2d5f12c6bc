// Corruption matrix: a 50-digest file, cut at every length and damaged by
// single-byte changes at >= 2000 positions stratified over its parts (header,
// dictionary record, each digest record's header, metadata and text, index,
// trailer). Every damage must be detected, the reader must never crash or
// read outside the file, and every digest whose bytes (and whose dictionary
// and shared-text record) are untouched must read back exactly, both through
// the index and by scanning the records. Read in memory mode and through a
// read callback. The same matrix runs on the signed file (issue 18): every
// damage must be rejected by the signature (last test case).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "newsdigest/format/signature.h"
#include "newsdigest/reader/digest_reader.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/repair/salvage.h"
#include "newsdigest/sign/sign.h"
#include "robust_fixture.h"

namespace corruption_matrix_detail {

// A damaged copy: bytes [damage_begin, damage_end) differ from the original
// (a cut file: damage_end is infinite).
struct DamageCase {
  std::vector<uint8_t> bytes;
  uint64_t damage_begin = 0, damage_end = 0;
};

struct MatrixStats {
  uint64_t cases = 0, detected = 0, open_failed = 0, index_damaged = 0;
  uint64_t intact_checked = 0, damaged_rejected = 0;
  uint64_t bad_reads = 0;  // reads outside the file (callback mode)
  uint64_t salvaged = 0, salvaged_digests = 0;  // through core/repair
};

struct CallbackInput {
  const uint8_t* data;
  uint64_t size;
  MatrixStats* stats;
};

int MatrixRead(void* ctx, uint64_t offset, void* dst, size_t len) {
  auto* in = static_cast<CallbackInput*>(ctx);
  if (offset > in->size || len > in->size - offset) {
    ++in->stats->bad_reads;
    return 1;
  }
  std::memcpy(dst, in->data + offset, len);
  return 0;
}

bool Overlaps(uint64_t b, uint64_t e, const DamageCase& d) { return b < d.damage_end && d.damage_begin < e; }

bool DigestIntact(const nd_robust::FixtureFile& fx, const DamageCase& d, size_t i) {
  return nd_robust::RobustDigestIntact(fx, d.damage_begin, d.damage_end, i);
}

// Reads digest at `offset` fully; true when every read succeeded. On success
// the content must equal the expectation (a damaged file never yields wrong
// data silently).
bool ReadDigestAt(nd_reader* r, uint64_t offset, const nd_robust::ExpectedDigest& e) {
  if (nd_reader_check_at(r, offset) != ND_OK) return false;
  nd_meta m;
  if (nd_reader_meta_at(r, offset, &m) != ND_OK) return false;
  CHECK(std::string(m.id.ptr, m.id.len) == e.id);
  CHECK(std::string(m.title.ptr, m.title.len) == e.title);
  nd_str sentences[8];
  uint32_t count = 0;
  if (nd_reader_summary_at(r, offset, sentences, 8, &count) != ND_OK) return false;
  REQUIRE(count == e.summary.size());
  for (uint32_t k = 0; k < count; ++k) CHECK(std::string(sentences[k].ptr, sentences[k].len) == e.summary[k]);
  std::string body(e.body.size(), '\0');
  size_t len = 0;
  if (nd_reader_body_at(r, offset, body.data(), body.size(), &len) != ND_OK) return false;
  REQUIRE(len == e.body.size());
  CHECK(body == e.body);
  return true;
}

size_t DigestAt(const nd_robust::FixtureFile& fx, uint64_t offset) {
  for (size_t i = 0; i < fx.records.size(); ++i)
    if (fx.records[i].first == offset) return i;
  return fx.records.size();
}

// Runs one damaged file through the reader; returns true when the damage was
// detected (open failed, index flagged damaged, or a digest failed).
bool RunCase(const nd_robust::FixtureFile& fx, const DamageCase& d, bool callback, size_t ws_size,
             MatrixStats* st) {
  ++st->cases;
  // Exact-size copies, so ASan sees any read past the end.
  const size_t n = d.bytes.size();
  std::unique_ptr<uint8_t[]> data(new uint8_t[n == 0 ? 1 : n]);
  if (n > 0) std::memcpy(data.get(), d.bytes.data(), n);
  std::unique_ptr<uint64_t[]> ws(new uint64_t[ws_size / 8 + 1]);
  CallbackInput cb{data.get(), n, st};
  nd_reader* r = nullptr;
  nd_status s = callback ? nd_reader_open_io(MatrixRead, &cb, n, ws.get(), ws_size, &r)
                         : nd_reader_open_memory(data.get(), n, ws.get(), ws_size, &r);
  const bool header_hit = d.damage_begin < fx.header_end;
  if (s != ND_OK) {
    INFO("open failed: " << nd_status_str(s) << " damage at " << d.damage_begin);
    CHECK(header_hit);
    ++st->open_failed;
    ++st->detected;
    return true;
  }
  CHECK_FALSE(header_hit);
  bool detected = false;
  const bool index_hit = Overlaps(fx.index_record.first, fx.bytes.size(), d);
  const bool idx_damaged = nd_reader_index_damaged(r) != 0;
  CHECK(idx_damaged == index_hit);
  if (idx_damaged) {
    detected = true;
    ++st->index_damaged;
  }
  CHECK(nd_reader_count(r) == fx.digests.size());
  // Through the index.
  if (!idx_damaged) {
    for (size_t i = 0; i < fx.digests.size(); ++i) {
      uint64_t off = 0;
      REQUIRE(nd_reader_offset(r, static_cast<uint32_t>(i), &off) == ND_OK);
      REQUIRE(off == fx.records[i].first);
      const bool intact = DigestIntact(fx, d, i);
      const bool ok = ReadDigestAt(r, off, fx.digests[i]);
      INFO("digest " << i << " via index, damage at " << d.damage_begin);
      CHECK(ok == intact);
      if (!ok) detected = true;
      if (intact) ++st->intact_checked;
      else ++st->damaged_rejected;
    }
  }
  // By scanning.
  std::set<size_t> found;
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
    REQUIRE(pos > off);
    if (kind == 2) {
      CHECK(off == fx.dict_record.first);
      continue;
    }
    if (kind == 3) {
      CHECK(off == fx.index_record.first);
      continue;
    }
    REQUIRE(kind == 1);
    const size_t i = DigestAt(fx, off);
    INFO("scan found a record at " << off);
    REQUIRE(i < fx.digests.size());
    found.insert(i);
    const bool intact = DigestIntact(fx, d, i);
    const bool ok = ReadDigestAt(r, off, fx.digests[i]);
    CHECK(ok == intact);
    if (!ok) detected = true;
  }
  for (size_t i = 0; i < fx.digests.size(); ++i) {
    if (DigestIntact(fx, d, i)) {
      INFO("intact digest " << i << " not found by scanning, damage at " << d.damage_begin);
      CHECK(found.count(i) == 1);
    } else if (found.count(i) == 0) {
      detected = true;
    }
  }
  if (detected) ++st->detected;
  return detected;
}

// Salvages the damaged file through core/repair: the output must hold
// exactly the intact digests, in order, each checking out completely.
void SalvageCase(const nd_robust::FixtureFile& fx, const DamageCase& d, MatrixStats* st) {
  namespace rp = newsdigest::repair;
  std::unique_ptr<rp::Salvager> s;
  std::vector<size_t> want;
  for (size_t i = 0; i < fx.digests.size(); ++i)
    if (DigestIntact(fx, d, i)) want.push_back(i);
  const newsdigest::Status os =
      rp::Salvager::Open(newsdigest::reader::FileBytes::FromBytes(d.bytes.data(), d.bytes.size()), {}, &s);
  if (!os.ok()) {
    INFO("salvage could not open: " << os.message() << ", damage at " << d.damage_begin);
    CHECK(want.empty());
    return;
  }
  ++st->salvaged;
  // On tmpfs when there is one: every output is fsynced.
  const std::filesystem::path shm = "/dev/shm";
  const std::string out = ((std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path()) /
                           "nd_robust_matrix_salvage.ndg").string();
  newsdigest::writer::BuilderOptions bo;
  REQUIRE(s->MakeBuilderOptions(&bo).ok());
  std::unique_ptr<newsdigest::writer::DigestBuilder> b;
  REQUIRE(newsdigest::writer::DigestBuilder::Create(out, bo, &b).ok());
  rp::SalvageReport report;
  REQUIRE(s->CopyInto(b.get(), &report).ok());
  REQUIRE(b->Finish().ok());
  INFO("salvage, damage at " << d.damage_begin);
  CHECK(report.recovered == want.size());
  // Complete only when nothing was lost and the intact header counts the
  // digests (a damaged index or trailer is rebuilt).
  CHECK(report.complete() == (want.size() == fx.digests.size() && !report.header_damaged));
  std::unique_ptr<newsdigest::reader::DigestReader> rd;
  REQUIRE(newsdigest::reader::DigestReader::Open(out, {}, &rd).ok());
  nd_reader* r = rd->get();
  REQUIRE(nd_reader_count(r) == want.size());
  for (uint32_t k = 0; k < want.size(); ++k) {
    nd_meta m;
    REQUIRE(nd_reader_meta(r, k, &m) == ND_OK);
    CHECK(newsdigest::reader::View(m.id) == fx.digests[want[k]].id);
    uint64_t off = 0;
    REQUIRE(nd_reader_offset(r, k, &off) == ND_OK);
    CHECK(nd_reader_check_at(r, off) == ND_OK);
  }
  st->salvaged_digests += report.recovered;
}

struct Stratum {
  std::string name;
  uint64_t begin, end;
};

std::vector<Stratum> Strata(const nd_robust::FixtureFile& fx) {
  std::vector<Stratum> v;
  v.push_back({"preamble", 0, 12});
  v.push_back({"header", 12, fx.header_end});
  namespace f = newsdigest::format;
  auto header_size = [&](uint64_t at) {
    f::RecordHeader rh{};
    REQUIRE(f::ParseRecordHeader(fx.bytes.data() + at, fx.bytes.size() - at, &rh) == f::RecordParse::kOk);
    return std::pair<uint64_t, uint64_t>(rh.size, rh.meta_len);
  };
  const uint64_t dh = header_size(fx.dict_record.first).first;
  v.push_back({"dict record header", fx.dict_record.first, fx.dict_record.first + dh});
  v.push_back({"dict record payload", fx.dict_record.first + dh, fx.dict_record.second});
  for (size_t i = 0; i < fx.records.size(); ++i) {
    const uint64_t b = fx.records[i].first, e = fx.records[i].second;
    const auto [hs, meta_len] = header_size(b);
    const uint64_t meta_end = b + hs + meta_len;
    const std::string tag = "digest " + std::to_string(i);
    v.push_back({tag + " record header", b, b + hs});
    v.push_back({tag + " metadata", b + hs, meta_end});
    if (e > meta_end) v.push_back({tag + " text", meta_end, e});
  }
  const uint64_t ih = header_size(fx.index_record.first).first;
  v.push_back({"index record header", fx.index_record.first, fx.index_record.first + ih});
  v.push_back({"index payload", fx.index_record.first + ih, fx.index_record.second});
  v.push_back({"trailer", fx.trailer, fx.bytes.size()});
  return v;
}

// ND_ROBUST_STRIDE=k (valgrind runs) keeps every k-th case only.
size_t MatrixStride() {
  const char* s = std::getenv("ND_ROBUST_STRIDE");
  const long v = s != nullptr ? std::atol(s) : 1;
  return v > 1 ? static_cast<size_t>(v) : 1;
}

}  // namespace corruption_matrix_detail

TEST_CASE("corruption matrix: every truncation and stratified byte flips are detected", "[robust][matrix]") {
  namespace d = corruption_matrix_detail;
  const std::string path = (std::filesystem::temp_directory_path() / "nd_robust_matrix.ndg").string();
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture(path, 50, 1, &fx).ok());
  std::filesystem::remove(path);
  REQUIRE(fx.digests.size() == 50);
  REQUIRE(fx.records.front().first == fx.dict_record.second);
  REQUIRE(fx.records.back().second == fx.index_record.first);

  nd_limits lim;
  REQUIRE(nd_reader_probe(fx.bytes.data(), fx.bytes.size(), &lim, nullptr) == ND_OK);
  const size_t ws_mem = nd_reader_workspace_size(&lim), ws_io = nd_reader_workspace_size_io(&lim);

  // The undamaged file reads back completely in both modes.
  {
    d::MatrixStats st;
    d::DamageCase clean{fx.bytes, fx.bytes.size() + 1, fx.bytes.size() + 1};
    CHECK_FALSE(d::RunCase(fx, clean, false, ws_mem, &st));
    CHECK_FALSE(d::RunCase(fx, clean, true, ws_io, &st));
    CHECK(st.intact_checked == 100);
  }

  SECTION("every truncation point") {
    d::MatrixStats st;
    const size_t stride = d::MatrixStride();
    for (size_t len = 0; len < fx.bytes.size(); len += stride) {
      d::DamageCase c{std::vector<uint8_t>(fx.bytes.begin(), fx.bytes.begin() + static_cast<std::ptrdiff_t>(len)),
                      len, UINT64_MAX};
      CHECK(d::RunCase(fx, c, false, ws_mem, &st));
      if ((len / stride) % 128 == 0 || len + 24 > fx.bytes.size()) d::SalvageCase(fx, c, &st);
      // Callback mode on every 8th cut and on every cut near the end.
      if (len % 8 == 0 || len + 64 > fx.bytes.size() || stride > 1) CHECK(d::RunCase(fx, c, true, ws_io, &st));
    }
    CHECK(st.detected == st.cases);
    CHECK(st.bad_reads == 0);
    std::printf("corruption matrix: %zu-byte file, %llu truncation cases, %llu detected (%.1f%%), "
                "open refused %llu, index flagged %llu\n",
                fx.bytes.size(), static_cast<unsigned long long>(st.cases),
                static_cast<unsigned long long>(st.detected), 100.0 * static_cast<double>(st.detected) /
                static_cast<double>(st.cases), static_cast<unsigned long long>(st.open_failed),
                static_cast<unsigned long long>(st.index_damaged));
  }

  SECTION("stratified single-byte changes") {
    d::MatrixStats st;
    nd_robust::RobustRng rng(42);
    const auto strata = d::Strata(fx);
    size_t positions = 0, sampled = 0;
    for (const auto& s : strata) {
      // Every byte of small strata, 16 positions of larger ones.
      std::vector<uint64_t> at;
      const uint64_t size = s.end - s.begin;
      if (size <= 16) {
        for (uint64_t p = s.begin; p < s.end; ++p) at.push_back(p);
      } else {
        for (int k = 0; k < 16; ++k) at.push_back(s.begin + rng.Next() % size);
      }
      for (uint64_t p : at) {
        if (++sampled % d::MatrixStride() != 0) continue;
        d::DamageCase c{fx.bytes, p, p + 1};
        c.bytes[p] = static_cast<uint8_t>(c.bytes[p] ^ (1 + rng.Below(255)));
        INFO("stratum " << s.name << ", byte " << p);
        CHECK(d::RunCase(fx, c, false, ws_mem, &st));
        CHECK(d::RunCase(fx, c, true, ws_io, &st));
        // Salvage every third case: each writes (and fsyncs) an output file.
        if (positions % 3 == 0) d::SalvageCase(fx, c, &st);
        ++positions;
      }
    }
    CHECK(positions * d::MatrixStride() >= 2000);
    CHECK(st.detected == st.cases);
    CHECK(st.bad_reads == 0);
    CHECK(st.salvaged > 0);
    std::printf("corruption matrix: salvaged %llu damaged files through core/repair, %llu digests recovered\n",
                static_cast<unsigned long long>(st.salvaged), static_cast<unsigned long long>(st.salvaged_digests));
    std::printf("corruption matrix: %zu strata, %zu flipped positions (x2 modes = %llu cases), %llu detected "
                "(%.1f%%), intact digests read back %llu, damaged digests refused %llu\n",
                strata.size(), positions, static_cast<unsigned long long>(st.cases),
                static_cast<unsigned long long>(st.detected),
                100.0 * static_cast<double>(st.detected) / static_cast<double>(st.cases),
                static_cast<unsigned long long>(st.intact_checked),
                static_cast<unsigned long long>(st.damaged_rejected));
  }
}

namespace corruption_matrix_detail {

// The signed file's verdict through the device's verify (nd_reader.h,
// "Signatures"), on an exact-size copy (ASan sees any read past the end),
// in memory mode or through a read callback.
nd_status VerifySigned(const uint8_t* bytes, size_t n, const newsdigest::sign::PublicKey& pk, bool callback,
                       MatrixStats* st) {
  ++st->cases;
  std::unique_ptr<uint8_t[]> data(new uint8_t[n == 0 ? 1 : n]);
  if (n > 0) std::memcpy(data.get(), bytes, n);
  alignas(8) uint8_t ws[4096];
  CallbackInput cb{data.get(), n, st};
  const nd_status s = callback ? nd_verify_io(MatrixRead, &cb, n, pk.data(), ws, sizeof ws)
                               : nd_verify_memory(data.get(), n, pk.data(), ws, sizeof ws);
  if (s != ND_OK) ++st->detected;
  return s;
}

}  // namespace corruption_matrix_detail

// The same matrix on the signed file (issue 18): the fixture signed (a
// signature record before the index), cut at every length and damaged at
// the same stratified positions (shifted past the signature record) plus
// every byte of the signature record. Every damage must be rejected by the
// signature, in memory and callback mode. Raw damage here; the same with
// every CRC recomputed (an attacker) is tests/sign/sign_tamper_test.cpp.
TEST_CASE("corruption matrix on a signed file: every cut and byte change is rejected by the signature",
          "[robust][matrix][sign]") {
  namespace d = corruption_matrix_detail;
  namespace f = newsdigest::format;
  const std::string path = (std::filesystem::temp_directory_path() / "nd_robust_matrix_signed.ndg").string();
  nd_robust::FixtureFile fx;
  REQUIRE(nd_robust::BuildRobustFixture(path, 50, 1, &fx).ok());
  std::filesystem::remove(path);
  newsdigest::sign::SecretKey key;
  REQUIRE(newsdigest::sign::GenerateKey(&key).ok());
  const auto pk = key.public_key();
  std::string signed_str;
  REQUIRE(newsdigest::sign::SignFile(std::string(fx.bytes.begin(), fx.bytes.end()), key, &signed_str).ok());
  const std::vector<uint8_t> sf(signed_str.begin(), signed_str.end());
  // Layout: the unsigned bytes up to the index (but the 12-byte preamble's
  // minor version), the signature record, then the index and trailer
  // (shifted by the record).
  REQUIRE(sf.size() == fx.bytes.size() + f::kSignatureRecordSize);
  REQUIRE(std::equal(fx.bytes.begin() + 12, fx.bytes.begin() + static_cast<std::ptrdiff_t>(fx.index_record.first),
                     sf.begin() + 12));
  const uint64_t sig_at = fx.index_record.first;
  auto shifted = [&](uint64_t p) { return p < sig_at ? p : p + f::kSignatureRecordSize; };
  {
    d::MatrixStats st;
    CHECK(d::VerifySigned(sf.data(), sf.size(), pk, false, &st) == ND_OK);
    CHECK(d::VerifySigned(sf.data(), sf.size(), pk, true, &st) == ND_OK);
    // The test can fail: another key is refused.
    newsdigest::sign::SecretKey other;
    REQUIRE(newsdigest::sign::GenerateKey(&other).ok());
    CHECK(d::VerifySigned(sf.data(), sf.size(), other.public_key(), false, &st) == ND_ERR_WRONG_KEY);
  }
  const size_t stride = d::MatrixStride();

  SECTION("every truncation point") {
    d::MatrixStats st;
    for (size_t len = 0; len < sf.size(); len += stride) {
      INFO("cut at " << len);
      CHECK(d::VerifySigned(sf.data(), len, pk, false, &st) != ND_OK);
      if (len % 8 == 0 || len + 128 > sf.size() || stride > 1)
        CHECK(d::VerifySigned(sf.data(), len, pk, true, &st) != ND_OK);
    }
    CHECK(st.detected == st.cases);
    CHECK(st.bad_reads == 0);
    std::printf("corruption matrix (signed): %zu-byte file, %llu truncation cases, %llu rejected by the signature\n",
                sf.size(), static_cast<unsigned long long>(st.cases), static_cast<unsigned long long>(st.detected));
  }

  SECTION("stratified single-byte changes and every byte of the signature record") {
    d::MatrixStats st;
    nd_robust::RobustRng rng(42);
    std::vector<d::Stratum> strata = d::Strata(fx);
    for (auto& s : strata) {
      s.begin = shifted(s.begin);
      s.end = shifted(s.end);
    }
    strata.push_back({"signature record", sig_at, sig_at + f::kSignatureRecordSize});
    size_t positions = 0, sampled = 0;
    for (const auto& s : strata) {
      std::vector<uint64_t> at;
      const uint64_t size = s.end - s.begin;
      if (size <= 16 || s.name == "signature record") {
        for (uint64_t p = s.begin; p < s.end; ++p) at.push_back(p);
      } else {
        for (int k = 0; k < 16; ++k) at.push_back(s.begin + rng.Next() % size);
      }
      for (uint64_t p : at) {
        if (++sampled % stride != 0) continue;
        std::vector<uint8_t> t = sf;
        t[p] = static_cast<uint8_t>(t[p] ^ (1 + rng.Below(255)));
        INFO("stratum " << s.name << ", byte " << p);
        CHECK(d::VerifySigned(t.data(), t.size(), pk, false, &st) != ND_OK);
        CHECK(d::VerifySigned(t.data(), t.size(), pk, true, &st) != ND_OK);
        ++positions;
      }
    }
    CHECK(positions * stride >= 2000);
    CHECK(st.detected == st.cases);
    CHECK(st.bad_reads == 0);
    std::printf("corruption matrix (signed): %zu strata, %zu changed positions (x2 modes = %llu cases), %llu rejected "
                "by the signature\n",
                strata.size(), positions, static_cast<unsigned long long>(st.cases),
                static_cast<unsigned long long>(st.detected));
  }
}
