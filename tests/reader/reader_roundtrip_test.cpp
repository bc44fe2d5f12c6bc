// Reader round trips: writer -> file -> reader in memory mode, callback
// mode and with a minimal workspace; host decoding allocates nothing; a
// golden file of format version 1 keeps reading the same.
#include <catch2/catch.hpp>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/digest_builder.h"

// ---- malloc counting: glibc's malloc family wrapped while a flag is set ----
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void __libc_free(void*);
}

namespace reader_roundtrip_detail {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocs{0};
// Frames begun by the reader with a raw dictionary (tables loaded per
// frame) and with a DDict (tables digested once); see --wrap in CMake.
std::atomic<long> g_begin_raw_dict{0};
std::atomic<long> g_begin_ddict{0};
}  // namespace reader_roundtrip_detail

// ---- zstd frame starts, counted (linked with --wrap) ----
struct ZSTD_DCtx_s;
struct ZSTD_DDict_s;
extern "C" {
size_t __real_ZSTD_decompressBegin_usingDict(ZSTD_DCtx_s* dctx, const void* dict, size_t len);
size_t __real_ZSTD_decompressBegin_usingDDict(ZSTD_DCtx_s* dctx, const ZSTD_DDict_s* ddict);
size_t __wrap_ZSTD_decompressBegin_usingDict(ZSTD_DCtx_s* dctx, const void* dict, size_t len) {
  ++reader_roundtrip_detail::g_begin_raw_dict;
  return __real_ZSTD_decompressBegin_usingDict(dctx, dict, len);
}
size_t __wrap_ZSTD_decompressBegin_usingDDict(ZSTD_DCtx_s* dctx, const ZSTD_DDict_s* ddict) {
  ++reader_roundtrip_detail::g_begin_ddict;
  return __real_ZSTD_decompressBegin_usingDDict(dctx, ddict);
}
}

// ASan replaces the allocator itself; counting is done in the other builds.
#ifndef __SANITIZE_ADDRESS__
extern "C" void* malloc(size_t n) {
  if (reader_roundtrip_detail::g_counting) ++reader_roundtrip_detail::g_allocs;
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t a, size_t b) {
  if (reader_roundtrip_detail::g_counting) ++reader_roundtrip_detail::g_allocs;
  return __libc_calloc(a, b);
}
extern "C" void* realloc(void* p, size_t n) {
  if (reader_roundtrip_detail::g_counting) ++reader_roundtrip_detail::g_allocs;
  return __libc_realloc(p, n);
}
extern "C" void free(void* p) {
  if (reader_roundtrip_detail::g_counting && p != nullptr) ++reader_roundtrip_detail::g_allocs;
  __libc_free(p);
}
#endif  // __SANITIZE_ADDRESS__

namespace reader_roundtrip_detail {

namespace fs = std::filesystem;
namespace nw = newsdigest::writer;

struct Written {
  std::vector<nw::DigestInput> inputs;
  std::string file;
};

// Articles written for this test; long enough to span several blocks.
std::vector<nw::DigestInput> RoundtripArticles(size_t n) {
  const char* kSentences[] = {
      "The ferry across the bay will run every twenty minutes from Monday.",
      "Officials said the new timetable had been tested for three weeks.",
      "Some commuters welcomed the change, while others feared crowded boats.",
      "The harbour master promised extra staff during the summer season.",
      "Tickets will cost the same as last year, according to the operator.",
      "A second boat is being repaired and should return in the autumn.",
      "Local cafes near the pier expect more customers in the mornings.",
      "The council will review the service after six months of operation.",
  };
  std::vector<nw::DigestInput> out;
  for (size_t i = 0; i < n; ++i) {
    nw::DigestInput in;
    in.id = "rt-" + std::to_string(i);
    in.title = "Ferry timetable change number " + std::to_string(i);
    in.source = "Test Gazette";
    in.lang = "en";
    in.published = 1700000000 + static_cast<int64_t>(i);
    in.keywords = {"ferry", "timetable"};
    for (size_t k = 0; k < 6 + i % 5; ++k) {
      if (!in.body.empty()) in.body += (k % 3 == 0) ? "\n" : " ";
      in.body += kSentences[(i + k * 3) % 8];
      in.body += " Item " + std::to_string(i * 31 + k) + ".";
    }
    // Summary: the first sentence and one in the middle, by byte range.
    size_t first_end = in.body.find(". ") + 1;
    size_t mid = in.body.find(". ", in.body.size() / 2);
    size_t mid_start = mid + 2, mid_end = in.body.find(". ", mid_start);
    in.summary.emplace_back(0u, static_cast<uint32_t>(first_end));
    if (mid != std::string::npos && mid_end != std::string::npos)
      in.summary.emplace_back(static_cast<uint32_t>(mid_start), static_cast<uint32_t>(mid_end + 1 - mid_start));
    out.push_back(std::move(in));
  }
  return out;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Written WriteRoundtripFile(size_t n, bool with_dict, bool embed = true, nw::DictionaryData* dict_out = nullptr,
                           const std::string& dict_lang = "", bool compress_dict = false) {
  Written w;
  w.inputs = RoundtripArticles(n);
  // Some languages differ from the dictionary's (explicit `lang` fields).
  if (!dict_lang.empty())
    for (size_t i = 0; i < w.inputs.size(); ++i) w.inputs[i].lang = i % 3 == 1 ? "" : i % 3 == 2 ? "fr" : "en";
  nw::DictionaryData dict;
  if (with_dict) {
    std::vector<std::string> samples;
    for (const auto& in : w.inputs) {
      std::istringstream lines(in.body);
      std::string line;
      while (std::getline(lines, line)) samples.push_back(line);
    }
    REQUIRE(nw::TrainDictionary(samples, 4096, &dict).ok());
    dict.lang = dict_lang;
    if (dict_out != nullptr) *dict_out = dict;
  }
  const std::string path = (fs::temp_directory_path() / ("nd_reader_rt_" + std::to_string(n) +
                                                         (with_dict ? "_d" : "") + (embed ? "" : "_n") + ".ndg"))
                               .string();
  nw::BuilderOptions bo;
  nw::EncoderOptions eo;
  if (with_dict) {
    bo.dictionaries = {&dict};
    bo.embed_dictionaries = embed;
    bo.compress_dictionaries = compress_dict;
    eo.dictionaries = {&dict};
  }
  std::unique_ptr<nw::DigestBuilder> b;
  REQUIRE(nw::DigestBuilder::Create(path, bo, &b).ok());
  nw::DigestEncoder enc(eo);
  for (const auto& in : w.inputs) {
    nw::EncodedDigest ed;
    REQUIRE(enc.Encode(in, &ed).ok());
    REQUIRE(b->Add(ed).ok());
  }
  REQUIRE(b->Finish().ok());
  w.file = ReadFileBytes(path);
  fs::remove(path);
  return w;
}

std::string Str(nd_str s) { return std::string(s.ptr, s.len); }

std::string SummaryOf(const nw::DigestInput& in) {
  std::string s;
  for (auto [off, len] : in.summary) s += in.body.substr(off, len) + "|";
  return s;
}

std::string Joined(const nd_str* s, uint32_t n) {
  std::string out;
  for (uint32_t k = 0; k < n; ++k) out += Str(s[k]) + "|";
  return out;
}

struct IoSource {
  const std::string* file;
  size_t max_read = 0;
  long calls = 0;
};

int IoRead(void* ctx, uint64_t offset, void* dst, size_t len) {
  auto* src = static_cast<IoSource*>(ctx);
  if (offset > src->file->size() || len > src->file->size() - offset) return 1;
  std::memcpy(dst, src->file->data() + offset, len);
  if (len > src->max_read) src->max_read = len;
  ++src->calls;
  return 0;
}

// Checks every digest of `r` against the inputs (workspace summaries when
// `full`, caller-buffer summaries always).
void CheckAllDigests(nd_reader* r, const std::vector<nw::DigestInput>& inputs, bool full) {
  REQUIRE(nd_reader_count(r) == inputs.size());
  std::vector<char> body(8192);
  for (uint32_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    nd_meta m;
    REQUIRE(nd_reader_meta(r, i, &m) == ND_OK);
    CHECK(Str(m.title) == in.title);
    CHECK(Str(m.id) == in.id);
    CHECK(Str(m.source) == in.source);
    CHECK(Str(m.lang) == in.lang);
    CHECK(m.published == in.published);
    CHECK(m.text_size == in.body.size());
    REQUIRE(m.keyword_count == in.keywords.size());
    CHECK(Str(m.keywords[0]) == in.keywords[0]);
    nd_str sent[64];
    uint32_t n = 0;
    if (full) {
      REQUIRE(nd_reader_summary(r, i, sent, 64, &n) == ND_OK);
      CHECK(Joined(sent, n) == SummaryOf(in));
    } else {
      CHECK(nd_reader_summary(r, i, sent, 64, &n) == ND_ERR_TOO_LARGE);
    }
    // Summary into the body buffer, then the body resumes the same frame.
    REQUIRE(nd_reader_summary_into(r, i, body.data(), body.size(), sent, 64, &n) == ND_OK);
    CHECK(Joined(sent, n) == SummaryOf(in));
    size_t len = 0;
    REQUIRE(nd_reader_body(r, i, body.data(), body.size(), &len) == ND_OK);
    CHECK(std::string(body.data(), len) == in.body);
    // And from scratch, into another buffer.
    std::vector<char> other(in.body.size());
    REQUIRE(nd_reader_body(r, i, other.data(), other.size(), &len) == ND_OK);
    CHECK(std::string(other.data(), len) == in.body);
    if (!in.body.empty()) CHECK(nd_reader_body(r, i, other.data(), other.size() - 1, &len) == ND_ERR_BUFFER_TOO_SMALL);
  }
}

}  // namespace reader_roundtrip_detail

namespace rr = reader_roundtrip_detail;

TEST_CASE("memory mode round trip, full and minimal workspace", "[reader]") {
  for (bool with_dict : {false, true}) {
    auto w = rr::WriteRoundtripFile(12, with_dict);
    const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
    nd_limits lim;
    size_t needed = 0;
    REQUIRE(nd_reader_probe(data, w.file.size(), &lim, &needed) == ND_OK);
    REQUIRE(nd_reader_workspace_size_min(&lim) < nd_reader_workspace_size(&lim));
    for (bool full : {true, false}) {
      const size_t ws_size = full ? nd_reader_workspace_size(&lim) : nd_reader_workspace_size_min(&lim);
      std::vector<uint64_t> ws(ws_size / 8 + 1);
      nd_reader* r = nullptr;
      REQUIRE(nd_reader_open_memory(data, w.file.size(), ws.data(), ws_size, &r) == ND_OK);
      CHECK(nd_reader_index_damaged(r) == 0);
      rr::CheckAllDigests(r, w.inputs, full);
      uint64_t off = 0;
      REQUIRE(nd_reader_offset(r, 0, &off) == ND_OK);
      CHECK(nd_reader_check_at(r, off) == (full ? ND_OK : ND_ERR_TOO_LARGE));
      // One byte short of the minimal workspace is refused.
      nd_reader* r2 = nullptr;
      CHECK(nd_reader_open_memory(data, w.file.size(), ws.data(), nd_reader_workspace_size_min(&lim) - 1, &r2) ==
            ND_ERR_TOO_LARGE);
    }
  }
}

TEST_CASE("callback (io) mode round trip reads bounded chunks", "[reader]") {
  auto w = rr::WriteRoundtripFile(10, true);
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(reinterpret_cast<const uint8_t*>(w.file.data()), w.file.size(), &lim, &needed) == ND_OK);
  for (bool full : {true, false}) {
    const size_t ws_size = full ? nd_reader_workspace_size_io(&lim) : nd_reader_workspace_size_io_min(&lim);
    std::vector<uint64_t> ws(ws_size / 8 + 1);
    rr::IoSource src{&w.file};
    nd_reader* r = nullptr;
    REQUIRE(nd_reader_open_io(rr::IoRead, &src, w.file.size(), ws.data(), ws_size, &r) == ND_OK);
    rr::CheckAllDigests(r, w.inputs, full);
    CHECK(src.calls > 0);
    // Never more than one record (or the header / a dictionary) at a time.
    CHECK(src.max_read <= ws_size);
    CHECK(src.max_read < w.file.size());
  }
}

TEST_CASE("preloaded (not embedded) dictionary via add_dictionary", "[reader]") {
  newsdigest::writer::DictionaryData dict;
  auto w = rr::WriteRoundtripFile(9, true, false, &dict);
  const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(data, w.file.size(), &lim, &needed) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size_min(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, w.file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  std::vector<char> body(8192);
  size_t len = 0;
  CHECK(nd_reader_body(r, 0, body.data(), body.size(), &len) == ND_ERR_DICTIONARY_MISSING);
  std::string wrong = dict.content;
  wrong[wrong.size() / 2] ^= 1;
  CHECK(nd_reader_add_dictionary(r, dict.id, reinterpret_cast<const uint8_t*>(wrong.data()), wrong.size()) ==
        ND_ERR_CHECKSUM);
  CHECK(nd_reader_add_dictionary(r, dict.id + 1, reinterpret_cast<const uint8_t*>(dict.content.data()),
                                 dict.content.size()) == ND_ERR_NOT_FOUND);
  REQUIRE(nd_reader_add_dictionary(r, dict.id, reinterpret_cast<const uint8_t*>(dict.content.data()),
                                   dict.content.size()) == ND_OK);
  rr::CheckAllDigests(r, w.inputs, false);
}

TEST_CASE("host decoding allocates nothing", "[reader]") {
#ifdef __SANITIZE_ADDRESS__
  WARN("skipped under ASan, which replaces malloc; the normal and unity builds run it");
  return;
#endif
  auto w = rr::WriteRoundtripFile(8, true);
  const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(data, w.file.size(), &lim, &needed) == ND_OK);
  std::vector<uint64_t> ws(std::max(nd_reader_workspace_size_io(&lim), nd_reader_workspace_size_fast(&lim)) / 8 + 1);
  std::vector<char> body(8192);
  nd_str sent[64];
  rr::IoSource src{&w.file};
  // Sanity: the counter sees allocations at all.
  rr::g_allocs = 0;
  rr::g_counting = true;
  void* probe = std::malloc(16);
  rr::g_counting = false;
  std::free(probe);
  REQUIRE(rr::g_allocs == 1);

  rr::g_allocs = 0;
  rr::g_counting = true;
  long failures = 0;
  // Memory mode (the fast layout: DDicts built at open), callback mode.
  for (int mode = 0; mode < 2; ++mode) {
    nd_reader* r = nullptr;
    nd_status s = mode == 0 ? nd_reader_open_memory(data, w.file.size(), ws.data(), ws.size() * 8, &r)
                            : nd_reader_open_io(rr::IoRead, &src, w.file.size(), ws.data(), ws.size() * 8, &r);
    failures += s != ND_OK;
    if (s != ND_OK) continue;
    for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
      nd_meta m;
      uint32_t n = 0;
      size_t len = 0;
      failures += nd_reader_meta(r, i, &m) != ND_OK;
      failures += nd_reader_summary(r, i, sent, 64, &n) != ND_OK;
      failures += nd_reader_body(r, i, body.data(), body.size(), &len) != ND_OK;
      failures += nd_reader_summary_into(r, i, body.data(), body.size(), sent, 64, &n) != ND_OK;
      failures += nd_reader_body(r, i, body.data(), body.size(), &len) != ND_OK;
    }
    uint64_t pos = 0, off = 0;
    uint32_t kind = 0;
    while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK)
      if (kind == 1) failures += nd_reader_check_at(r, off) != ND_OK;
  }
  rr::g_counting = false;
  CHECK(failures == 0);
  CHECK(rr::g_allocs == 0);
}

// The golden file was written once by this test (ND_WRITE_GOLDEN=<path>);
// format version 1 must keep reading it the same.
TEST_CASE("golden file of format version 1", "[reader]") {
  if (const char* out = std::getenv("ND_WRITE_GOLDEN")) {
    auto w = rr::WriteRoundtripFile(8, true);
    std::ofstream(out, std::ios::binary) << w.file;
  }
  const std::string file = rr::ReadFileBytes(std::string(ND_TEST_DATA_DIR) + "/reader/golden_v1.ndg");
  REQUIRE(!file.empty());
  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(data, file.size(), &lim, &needed) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  rr::CheckAllDigests(r, rr::RoundtripArticles(8), true);
}

// Digests in the dictionary's language leave `lang` (and the dictionary id)
// to the file's defaults; others store them. Both read back the same.
TEST_CASE("default dictionary and language round trip", "[reader]") {
  auto w = rr::WriteRoundtripFile(9, true, true, nullptr, "en");
  const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
  nd_limits lim;
  REQUIRE(nd_reader_probe(data, w.file.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, w.file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  rr::CheckAllDigests(r, w.inputs, true);
  nd_meta m;
  REQUIRE(nd_reader_meta(r, 0, &m) == ND_OK);
  CHECK(m.dict_id != 0);
}

// Every single-byte change of a digest record is detected for that record
// (metadata or text checksum), and the other digests read back intact.
TEST_CASE("every byte flip of a record is detected, other records unharmed", "[reader]") {
  auto w = rr::WriteRoundtripFile(8, true, true, nullptr, "en");
  nd_limits lim;
  REQUIRE(nd_reader_probe(reinterpret_cast<const uint8_t*>(w.file.data()), w.file.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  std::vector<uint64_t> offsets;
  {
    nd_reader* r = nullptr;
    REQUIRE(nd_reader_open_memory(reinterpret_cast<const uint8_t*>(w.file.data()), w.file.size(), ws.data(),
                                  ws.size() * 8, &r) == ND_OK);
    for (uint32_t i = 0; i < 8; ++i) {
      uint64_t off = 0;
      REQUIRE(nd_reader_offset(r, i, &off) == ND_OK);
      offsets.push_back(off);
    }
  }
  std::vector<char> body(8192);
  int undetected = 0;
  for (uint32_t victim = 0; victim < 3; ++victim) {
    const uint64_t begin = offsets[victim];
    const uint64_t end = offsets[victim + 1];
    for (uint64_t at = begin; at < end && at < w.file.size(); ++at) {
      std::string bad = w.file;
      bad[at] = static_cast<char>(bad[at] ^ 0x5A);
      nd_reader* r = nullptr;
      REQUIRE(nd_reader_open_memory(reinterpret_cast<const uint8_t*>(bad.data()), bad.size(), ws.data(),
                                    ws.size() * 8, &r) == ND_OK);
      for (uint32_t i = 0; i < 8; ++i) {
        nd_meta m;
        size_t len = 0;
        nd_status s = nd_reader_meta(r, i, &m);
        const bool meta_ok = s == ND_OK && rr::Str(m.title) == w.inputs[i].title && rr::Str(m.lang) == w.inputs[i].lang;
        s = nd_reader_body(r, i, body.data(), body.size(), &len);
        const bool body_ok = s == ND_OK && std::string(body.data(), len) == w.inputs[i].body;
        if (i == victim) {
          // Damage must be reported, never returned as content.
          if ((s == ND_OK && !body_ok) || (nd_reader_meta(r, i, &m) == ND_OK && !meta_ok)) ++undetected;
          if (nd_reader_meta(r, i, &m) == ND_OK && s == ND_OK) ++undetected;
        } else {
          CHECK(meta_ok);
          CHECK(body_ok);
        }
      }
    }
  }
  CHECK(undetected == 0);
}

// A compressed embedded dictionary is decompressed into the workspace at
// open, in memory and callback mode, full and minimal workspaces.
TEST_CASE("compressed embedded dictionary round trip", "[reader]") {
  auto w = rr::WriteRoundtripFile(10, true, true, nullptr, "en", true);
  auto plain = rr::WriteRoundtripFile(10, true, true, nullptr, "en", false);
  CHECK(w.file.size() < plain.file.size());
  const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
  nd_limits lim;
  REQUIRE(nd_reader_probe(data, w.file.size(), &lim, nullptr) == ND_OK);
  CHECK(lim.inflated_dict_bytes == lim.embedded_dict_bytes);
  CHECK(lim.inflated_dict_bytes > 0);
  for (size_t size : {nd_reader_workspace_size(&lim), nd_reader_workspace_size_min(&lim)}) {
    std::vector<uint64_t> ws(size / 8 + 1);
    nd_reader* r = nullptr;
    REQUIRE(nd_reader_open_memory(data, w.file.size(), ws.data(), size, &r) == ND_OK);
    rr::CheckAllDigests(r, w.inputs, size == nd_reader_workspace_size(&lim));
  }
  rr::IoSource src{&w.file};
  std::vector<uint64_t> ws(nd_reader_workspace_size_io(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_io(rr::IoRead, &src, w.file.size(), ws.data(), nd_reader_workspace_size_io(&lim), &r) == ND_OK);
  rr::CheckAllDigests(r, w.inputs, true);
  // One byte short: the dictionary does not fit, so opening refuses.
  REQUIRE(nd_reader_open_memory(data, w.file.size(), ws.data(), nd_reader_workspace_size_min(&lim) - 1, &r) ==
          ND_ERR_TOO_LARGE);
}

// Fast workspaces digest each dictionary's tables once (a DDict in the
// workspace) instead of once per digest: same results as without, in every
// mode and dictionary layout; one byte short falls back to the full layout.
TEST_CASE("fast workspace: DDict path reads the same as the per-frame path", "[reader]") {
  struct Layout {
    bool embed, compress;
  };
  for (Layout layout : {Layout{true, false}, Layout{true, true}, Layout{false, false}}) {
    newsdigest::writer::DictionaryData dict;
    auto w = rr::WriteRoundtripFile(11, true, layout.embed, &dict, "en", layout.compress);
    const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
    nd_limits lim;
    REQUIRE(nd_reader_probe(data, w.file.size(), &lim, nullptr) == ND_OK);
    CHECK(lim.dict_count == 1);
    REQUIRE(nd_reader_workspace_size_fast(&lim) > nd_reader_workspace_size(&lim));
    REQUIRE(nd_reader_workspace_size_io_fast(&lim) > nd_reader_workspace_size_io(&lim));
    const size_t sizes[] = {nd_reader_workspace_size_fast(&lim), nd_reader_workspace_size_fast(&lim) - 1,
                            nd_reader_workspace_size_io_fast(&lim)};
    for (int k = 0; k < 3; ++k) {
      INFO("embed " << layout.embed << " compress " << layout.compress << " case " << k);
      const bool io = k == 2, fast = k != 1;
      std::vector<uint64_t> ws(sizes[k] / 8 + 1);
      rr::IoSource src{&w.file};
      nd_reader* r = nullptr;
      REQUIRE((io ? nd_reader_open_io(rr::IoRead, &src, w.file.size(), ws.data(), sizes[k], &r)
                  : nd_reader_open_memory(data, w.file.size(), ws.data(), sizes[k], &r)) == ND_OK);
      if (!layout.embed)
        REQUIRE(nd_reader_add_dictionary(r, dict.id, reinterpret_cast<const uint8_t*>(dict.content.data()),
                                         dict.content.size()) == ND_OK);
      rr::g_begin_raw_dict = 0;
      rr::g_begin_ddict = 0;
      rr::CheckAllDigests(r, w.inputs, true);
      if (fast) {
        CHECK(rr::g_begin_ddict > 0);
        CHECK(rr::g_begin_raw_dict == 0);
      } else {
        CHECK(rr::g_begin_ddict == 0);
        CHECK(rr::g_begin_raw_dict > 0);
      }
      // Every record checks out through the DDict path too.
      uint64_t pos = 0, off = 0;
      uint32_t kind = 0;
      while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK)
        if (kind == 1) CHECK(nd_reader_check_at(r, off) == ND_OK);
    }
  }
  // Without dictionaries the fast sizes are the full sizes.
  auto plain = rr::WriteRoundtripFile(5, false);
  nd_limits lim;
  REQUIRE(nd_reader_probe(reinterpret_cast<const uint8_t*>(plain.file.data()), plain.file.size(), &lim, nullptr) ==
          ND_OK);
  CHECK(lim.dict_count == 0);
  CHECK(nd_reader_workspace_size_fast(&lim) == nd_reader_workspace_size(&lim));
  CHECK(nd_reader_workspace_size_io_fast(&lim) == nd_reader_workspace_size_io(&lim));
}

// A preloaded dictionary supplied again (same content, another copy)
// re-digests its DDict over the new memory: reads stay correct after the
// first copy is gone.
TEST_CASE("fast workspace: dictionary supplied twice", "[reader]") {
  newsdigest::writer::DictionaryData dict;
  auto w = rr::WriteRoundtripFile(13, true, false, &dict);
  const auto* data = reinterpret_cast<const uint8_t*>(w.file.data());
  nd_limits lim;
  REQUIRE(nd_reader_probe(data, w.file.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size_fast(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, w.file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  auto first = std::make_unique<std::string>(dict.content);
  REQUIRE(nd_reader_add_dictionary(r, dict.id, reinterpret_cast<const uint8_t*>(first->data()), first->size()) ==
          ND_OK);
  std::vector<char> body(8192);
  size_t len = 0;
  REQUIRE(nd_reader_body(r, 0, body.data(), body.size(), &len) == ND_OK);
  const std::string second = dict.content;
  REQUIRE(nd_reader_add_dictionary(r, dict.id, reinterpret_cast<const uint8_t*>(second.data()), second.size()) ==
          ND_OK);
  std::fill(first->begin(), first->end(), '\0');
  first.reset();
  rr::CheckAllDigests(r, w.inputs, true);
}

namespace reader_roundtrip_detail {

void PutWireVarint(std::string* s, uint64_t v) {
  while (v >= 0x80) {
    s->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  s->push_back(static_cast<char>(v));
}

void PutWireTag(std::string* s, uint32_t field, uint32_t type) { PutWireVarint(s, uint64_t{field} << 3 | type); }

size_t WireVarintLen(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// The file `w` (one digest) with that digest's metadata replaced by `meta`,
// padded with an unknown field to the original length, checksums redone.
std::string WithCraftedMeta(const Written& w, std::string meta) {
  std::string file = w.file;
  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  nd_limits lim;
  REQUIRE(nd_reader_probe(data, file.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  uint64_t off = 0;
  REQUIRE(nd_reader_offset(r, 0, &off) == ND_OK);
  newsdigest::format::RecordHeader rh{};
  nd_record rec;
  REQUIRE(nd_reader_record_at(r, off, &rec) == ND_OK);
  REQUIRE(newsdigest::format::ParseRecordHeader(data + off, file.size() - off, &rh) ==
          newsdigest::format::RecordParse::kOk);
  CHECK(rec.header_size == rh.size);
  CHECK(rec.meta_len == rh.meta_len);
  const int hs = rh.size;
  const size_t room = rh.meta_len - meta.size();
  REQUIRE(meta.size() + 3 <= rh.meta_len);
  size_t n = room - 3;  // tag (2 bytes for field 30) + length + content
  while (2 + WireVarintLen(n) + n > room) --n;
  REQUIRE(2 + WireVarintLen(n) + n == room);
  PutWireTag(&meta, 30, 2);
  PutWireVarint(&meta, n);
  meta.append(n, 'p');
  uint8_t h[newsdigest::format::kMaxRecordHeaderSize];
  rh.meta_crc = 0;
  const size_t size = newsdigest::format::EncodeRecordHeader(rh, h);
  REQUIRE(size == static_cast<size_t>(hs));
  rh.meta_crc = newsdigest::format::Crc32c(newsdigest::format::Crc32c(0, h, size - 8), meta.data(), meta.size());
  newsdigest::format::EncodeRecordHeader(rh, h);
  file.replace(off, size, reinterpret_cast<const char*>(h), size);
  file.replace(off + size, meta.size(), meta);
  return file;
}

}  // namespace reader_roundtrip_detail

// The reader's own Digest wire decoder: canonical and non-canonical but
// valid encodings read the same; malformed ones are corrupt.
TEST_CASE("digest metadata wire decoding", "[reader]") {
  auto w = rr::WriteRoundtripFile(1, false);
  const auto& in = w.inputs[0];
  // (gap, length) spans, as the writer stores them.
  std::vector<uint32_t> spans;
  uint32_t prev = 0;
  for (auto [off, len] : in.summary) {
    spans.push_back(off - prev);
    spans.push_back(len);
    prev = off + len;
  }
  auto base = [&](bool packed) {
    std::string m;
    rr::PutWireTag(&m, 2, 2);
    rr::PutWireVarint(&m, 7);
    m += "Crafted";
    rr::PutWireTag(&m, 11, 0);
    rr::PutWireVarint(&m, in.body.size());
    if (packed) {
      std::string p;
      for (uint32_t v : spans) rr::PutWireVarint(&p, v);
      rr::PutWireTag(&m, 12, 2);
      rr::PutWireVarint(&m, p.size());
      m += p;
    } else {
      for (uint32_t v : spans) {
        rr::PutWireTag(&m, 12, 0);
        rr::PutWireVarint(&m, v);
      }
    }
    return m;
  };
  auto read = [&](const std::string& file, std::string* title) {
    const auto* data = reinterpret_cast<const uint8_t*>(file.data());
    nd_limits lim;
    REQUIRE(nd_reader_probe(data, file.size(), &lim, nullptr) == ND_OK);
    std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
    nd_reader* r = nullptr;
    REQUIRE(nd_reader_open_memory(data, file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
    nd_meta m;
    nd_status s = nd_reader_meta(r, 0, &m);
    if (s != ND_OK) return s;
    *title = rr::Str(m.title);
    nd_str sent[64];
    uint32_t n = 0;
    s = nd_reader_summary(r, 0, sent, 64, &n);
    if (s != ND_OK) return s;
    CHECK(rr::Joined(sent, n) == rr::SummaryOf(in));
    std::vector<char> body(in.body.size());
    size_t len = 0;
    s = nd_reader_body(r, 0, body.data(), body.size(), &len);
    if (s == ND_OK) CHECK(std::string(body.data(), len) == in.body);
    return s;
  };
  std::string title;
  REQUIRE(read(rr::WithCraftedMeta(w, base(true)), &title) == ND_OK);
  CHECK(title == "Crafted");
  // Unpacked spans, unknown fields of every wire type, a repeated title.
  std::string m = base(false);
  rr::PutWireTag(&m, 14, 0);
  rr::PutWireVarint(&m, 12345);
  rr::PutWireTag(&m, 20, 5);
  m += "abcd";
  rr::PutWireTag(&m, 21, 1);
  m += "abcdefgh";
  rr::PutWireTag(&m, 2, 2);
  rr::PutWireVarint(&m, 6);
  m += "Second";
  REQUIRE(read(rr::WithCraftedMeta(w, m), &title) == ND_OK);
  CHECK(title == "Second");
  // Malformed: a string field as a varint, a uint32 beyond 32 bits, field
  // number 0, a group, an 11-byte varint.
  std::vector<std::string> bad(5, base(true));
  rr::PutWireTag(&bad[0], 2, 0);
  rr::PutWireVarint(&bad[0], 1);
  rr::PutWireTag(&bad[1], 13, 0);
  rr::PutWireVarint(&bad[1], uint64_t{1} << 32);
  rr::PutWireTag(&bad[2], 0, 2);
  rr::PutWireVarint(&bad[2], 0);
  rr::PutWireTag(&bad[3], 14, 3);
  rr::PutWireTag(&bad[4], 14, 0);
  bad[4].append(10, '\x80');
  bad[4].push_back('\x01');
  for (size_t k = 0; k < bad.size(); ++k) {
    INFO("malformed case " << k);
    CHECK(read(rr::WithCraftedMeta(w, bad[k]), &title) == ND_ERR_CORRUPT);
  }
}
