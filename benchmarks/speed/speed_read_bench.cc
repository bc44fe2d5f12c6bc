// Reader latency (core/reader, nd_reader.h) next to its floor: bare
// ZSTD_decompress_usingDDict of exactly the frame bytes each digest stores.
//
// Three files of the same corpus (speed_corpus.h), default level, no dedup:
// variant 0 without a dictionary, 1 with an embedded dictionary, 2 with a
// named dictionary the caller preloads (nd_reader_add_dictionary). Except
// for Open, one iteration reads every digest once, so times per iteration
// compare directly. The binary links with --wrap on the zstd decoder entry
// points the reader uses, so the listing benchmark can show it decompresses
// nothing.
#include <benchmark/benchmark.h>
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/digest_builder.h"
#include "speed_corpus.h"

// Counters of zstd decoder calls made by the reader (see --wrap in CMake).
namespace speed_read_bench_detail {
std::atomic<uint64_t> g_zstd_decoder_calls{0};
}  // namespace speed_read_bench_detail

extern "C" {
size_t __real_ZSTD_decompressContinue(ZSTD_DCtx* dctx, void* dst, size_t cap, const void* src, size_t n);
size_t __real_ZSTD_decompressBegin(ZSTD_DCtx* dctx);
size_t __real_ZSTD_decompressBegin_usingDict(ZSTD_DCtx* dctx, const void* dict, size_t len);
size_t __real_ZSTD_decompressBegin_usingDDict(ZSTD_DCtx* dctx, const ZSTD_DDict* ddict);
size_t __wrap_ZSTD_decompressContinue(ZSTD_DCtx* dctx, void* dst, size_t cap, const void* src, size_t n) {
  speed_read_bench_detail::g_zstd_decoder_calls.fetch_add(1, std::memory_order_relaxed);
  return __real_ZSTD_decompressContinue(dctx, dst, cap, src, n);
}
size_t __wrap_ZSTD_decompressBegin(ZSTD_DCtx* dctx) {
  speed_read_bench_detail::g_zstd_decoder_calls.fetch_add(1, std::memory_order_relaxed);
  return __real_ZSTD_decompressBegin(dctx);
}
size_t __wrap_ZSTD_decompressBegin_usingDict(ZSTD_DCtx* dctx, const void* dict, size_t len) {
  speed_read_bench_detail::g_zstd_decoder_calls.fetch_add(1, std::memory_order_relaxed);
  return __real_ZSTD_decompressBegin_usingDict(dctx, dict, len);
}
size_t __wrap_ZSTD_decompressBegin_usingDDict(ZSTD_DCtx* dctx, const ZSTD_DDict* ddict) {
  speed_read_bench_detail::g_zstd_decoder_calls.fetch_add(1, std::memory_order_relaxed);
  return __real_ZSTD_decompressBegin_usingDDict(dctx, ddict);
}
}

namespace speed_read_bench_detail {

namespace nd = newsdigest;

// One digest record located with the format's own header parser: the
// header bytes, the metadata and the zstd frame that follows it.
struct RecordView {
  const uint8_t* header = nullptr;
  size_t header_size = 0;  // tag + varints + two CRCs
  const uint8_t* meta = nullptr;
  uint32_t meta_len = 0;
  const uint8_t* frame = nullptr;
  uint32_t frame_len = 0;
};

bool ViewRecord(const uint8_t* base, size_t file_size, uint64_t off, RecordView* out) {
  nd::format::RecordHeader rh{};
  if (off >= file_size) return false;
  if (nd::format::ParseRecordHeader(base + off, file_size - off, &rh) != nd::format::RecordParse::kOk) return false;
  const size_t n = rh.size;
  if (rh.payload_len > file_size - off - n) return false;
  out->header = base + off;
  out->header_size = n;
  out->meta = out->header + n;
  out->meta_len = rh.meta_len;
  out->frame = out->meta + rh.meta_len;
  out->frame_len = rh.payload_len - rh.meta_len;
  return true;
}

// One digest file in memory and the frame bytes of each digest.
struct ReadFile {
  std::string bytes;
  std::vector<std::pair<const uint8_t*, size_t>> frames;  // parallel to digest index
  std::vector<RecordView> records;                         // parallel to digest index
  std::vector<uint32_t> text_sizes;
  size_t max_text = 0;
  bool preload = false;  // the dictionary is named, not embedded
  bool dict = false;
};

[[noreturn]] void ReadBenchFail(const char* what) {
  std::fprintf(stderr, "speed_read_bench: %s\n", what);
  std::exit(1);
}

uint32_t LoadLe32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

// A reader over `f` in a fresh workspace (dictionary supplied if named):
// the fast workspace the CLI uses (dictionary tables digested once), or,
// with `fast` false, the full workspace without them (the device layout
// with a text buffer: dictionary tables loaded per digest).
struct OpenReader {
  std::unique_ptr<uint64_t[]> ws;
  nd_reader* r = nullptr;
  bool fast = true;
  nd_status Open(const ReadFile& f) {
    nd_limits lim;
    nd_status st = nd_reader_probe(reinterpret_cast<const uint8_t*>(f.bytes.data()), f.bytes.size(), &lim, nullptr);
    if (st != ND_OK) return st;
    const size_t size = fast ? nd_reader_workspace_size_fast(&lim) : nd_reader_workspace_size(&lim);
    if (ws == nullptr) ws.reset(new uint64_t[size / 8 + 1]);
    st = nd_reader_open_memory(reinterpret_cast<const uint8_t*>(f.bytes.data()), f.bytes.size(), ws.get(), size, &r);
    if (st != ND_OK || !f.preload) return st;
    const auto& d = nd::speed::SpeedDictionary();
    return nd_reader_add_dictionary(r, d.id, reinterpret_cast<const uint8_t*>(d.content.data()), d.content.size());
  }
};

ReadFile* BuildReadFile(int variant) {
  auto* f = new ReadFile();
  f->dict = variant != 0;
  f->preload = variant == 2;
  const auto& dict = nd::speed::SpeedDictionary();
  nd::writer::EncoderOptions eo;
  nd::writer::BuilderOptions bo;
  if (f->dict) {
    eo.dictionaries.push_back(&dict);
    bo.dictionaries.push_back(&dict);
    bo.embed_dictionaries = !f->preload;
  }
  const std::string path = nd::speed::SpeedTempDir() + "/read" + std::to_string(variant) + ".ndg";
  std::unique_ptr<nd::writer::DigestBuilder> b;
  if (!nd::writer::DigestBuilder::Create(path, bo, &b).ok()) ReadBenchFail("cannot create a digest file");
  nd::writer::DigestEncoder enc(eo);
  nd::writer::EncodedDigest e;
  for (const auto& in : nd::speed::SpeedInputs()) {
    if (!enc.Encode(in, &e).ok() || !b->Add(e).ok()) ReadBenchFail("cannot encode");
  }
  if (!b->Finish().ok()) ReadBenchFail("cannot finish the digest file");
  if (!nd::speed::ReadSpeedFile(path, &f->bytes)) ReadBenchFail("cannot read the digest file back");
  OpenReader o;
  if (o.Open(*f) != ND_OK) ReadBenchFail("cannot open the digest file");
  const auto* base = reinterpret_cast<const uint8_t*>(f->bytes.data());
  for (uint32_t i = 0; i < nd_reader_count(o.r); ++i) {
    uint64_t off = 0;
    nd_meta m;
    if (nd_reader_offset(o.r, i, &off) != ND_OK || nd_reader_meta(o.r, i, &m) != ND_OK) ReadBenchFail("bad index");
    RecordView rv;
    if (!ViewRecord(base, f->bytes.size(), off, &rv)) ReadBenchFail("bad record header");
    // The frame is the payload after the metadata (no dedup here: never empty).
    const uint8_t* p = rv.frame;
    const size_t len = rv.frame_len;
    if (len == 0) ReadBenchFail("unexpected record layout");
    f->frames.emplace_back(p, len);
    f->records.push_back(rv);
    f->text_sizes.push_back(m.text_size);
    if (m.text_size > f->max_text) f->max_text = m.text_size;
  }
  return f;
}

const ReadFile& GetReadFile(int variant) {
  static ReadFile* files[3] = {nullptr, nullptr, nullptr};
  if (files[variant] == nullptr) files[variant] = BuildReadFile(variant);
  return *files[variant];
}

void SetDigestCounters(benchmark::State& state, const ReadFile& f) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.frames.size()));
  uint64_t text = 0;
  for (uint32_t t : f.text_sizes) text += t;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text));
}

void BM_ReadOpen(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  OpenReader o;
  for (auto _ : state) {
    if (o.Open(f) != ND_OK) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(o.r);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// Headline (title) of digest i, in a scattered order.
void BM_ReadHeadline(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  OpenReader o;
  if (o.Open(f) != ND_OK) return state.SkipWithError("open failed");
  const uint32_t n = static_cast<uint32_t>(f.frames.size());
  std::vector<uint32_t> order(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>((uint64_t{i} * 7919u) % n);
  nd_meta m;
  for (auto _ : state) {
    for (uint32_t i : order) {
      if (nd_reader_meta(o.r, i, &m) != ND_OK) state.SkipWithError("meta failed");
      benchmark::DoNotOptimize(m.title.ptr);
    }
  }
  SetDigestCounters(state, f);
}

// Every headline in file order; counts zstd decoder calls (must be 0).
void BM_ReadListHeadlines(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  OpenReader o;
  if (o.Open(f) != ND_OK) return state.SkipWithError("open failed");
  nd_meta m;
  const uint64_t before = g_zstd_decoder_calls.load();
  for (auto _ : state) {
    const uint32_t n = nd_reader_count(o.r);
    for (uint32_t i = 0; i < n; ++i) {
      if (nd_reader_meta(o.r, i, &m) != ND_OK) state.SkipWithError("meta failed");
      benchmark::DoNotOptimize(m.title.ptr);
    }
  }
  state.counters["zstd_calls"] = static_cast<double>(g_zstd_decoder_calls.load() - before);
  SetDigestCounters(state, f);
}

// Headline + summary of every digest.
template <bool kFast>
void ReadSummaryBench(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  OpenReader o;
  o.fast = kFast;
  if (o.Open(f) != ND_OK) return state.SkipWithError("open failed");
  nd_meta m;
  nd_str sentences[nd::format::kMaxSummarySentences];
  uint32_t count = 0;
  for (auto _ : state) {
    for (uint32_t i = 0; i < f.frames.size(); ++i) {
      if (nd_reader_meta(o.r, i, &m) != ND_OK ||
          nd_reader_summary(o.r, i, sentences, nd::format::kMaxSummarySentences, &count) != ND_OK)
        state.SkipWithError("summary failed");
      benchmark::DoNotOptimize(sentences[0].ptr);
    }
  }
  SetDigestCounters(state, f);
}

// Headline + summary + full body of every digest (what a reader app shows).
template <bool kFast>
void ReadFullBench(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  OpenReader o;
  o.fast = kFast;
  if (o.Open(f) != ND_OK) return state.SkipWithError("open failed");
  nd_meta m;
  nd_str sentences[nd::format::kMaxSummarySentences];
  uint32_t count = 0;
  std::string body(f.max_text, '\0');
  size_t len = 0;
  for (auto _ : state) {
    for (uint32_t i = 0; i < f.frames.size(); ++i) {
      if (nd_reader_meta(o.r, i, &m) != ND_OK ||
          nd_reader_summary(o.r, i, sentences, nd::format::kMaxSummarySentences, &count) != ND_OK ||
          nd_reader_body(o.r, i, body.data(), body.size(), &len) != ND_OK)
        state.SkipWithError("full read failed");
      benchmark::DoNotOptimize(body.data());
    }
  }
  SetDigestCounters(state, f);
}

void BM_ReadSummary(benchmark::State& state) { ReadSummaryBench<true>(state); }
void BM_ReadFull(benchmark::State& state) { ReadFullBench<true>(state); }
// Attribution: the same without DDicts (nd_reader_workspace_size).
void BM_ReadSummaryNoDDict(benchmark::State& state) { ReadSummaryBench<false>(state); }
void BM_ReadFullNoDDict(benchmark::State& state) { ReadFullBench<false>(state); }

// The full body alone.
void BM_ReadBody(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  OpenReader o;
  if (o.Open(f) != ND_OK) return state.SkipWithError("open failed");
  std::string body(f.max_text, '\0');
  size_t len = 0;
  for (auto _ : state) {
    for (uint32_t i = 0; i < f.frames.size(); ++i) {
      if (nd_reader_body(o.r, i, body.data(), body.size(), &len) != ND_OK) state.SkipWithError("body failed");
      benchmark::DoNotOptimize(body.data());
    }
  }
  SetDigestCounters(state, f);
}

// The floor: ZSTD_decompress_usingDDict of each stored frame (magicless, as
// stored), with the dictionary digested once into a DDict.
void BM_FloorDecompress(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless);
  ZSTD_DDict* ddict = nullptr;
  if (f.dict) {
    const auto& d = nd::speed::SpeedDictionary();
    ddict = ZSTD_createDDict(d.content.data(), d.content.size());
  }
  std::string out(f.max_text, '\0');
  for (auto _ : state) {
    for (size_t i = 0; i < f.frames.size(); ++i) {
      size_t n = ZSTD_decompress_usingDDict(dctx, out.data(), out.size(), f.frames[i].first, f.frames[i].second, ddict);
      if (ZSTD_isError(n) || n != f.text_sizes[i]) state.SkipWithError("zstd failed");
      benchmark::DoNotOptimize(out.data());
    }
  }
  ZSTD_freeDDict(ddict);
  ZSTD_freeDCtx(dctx);
  SetDigestCounters(state, f);
}

// Attribution: the CRC-32C the reader checks before decoding a digest
// (record header + metadata, then the text field), on the same records.
void BM_ReadCrc(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  uint32_t sink = 0;
  for (auto _ : state) {
    for (const RecordView& v : f.records) {
      sink ^= nd::format::Crc32c(nd::format::Crc32c(0, v.header, v.header_size - 8), v.meta, v.meta_len);
      sink ^= nd::format::Crc32c(0, v.frame, v.frame_len);
    }
    benchmark::DoNotOptimize(sink);
  }
  SetDigestCounters(state, f);
}

// What the same CRC-32C costs with portable slicing-by-8 (8 KB of tables,
// no special instructions), the option for hosts and devices without a
// CRC instruction.
struct SpeedCrcSlice8Tables {
  uint32_t t[8][256];
  SpeedCrcSlice8Tables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i)
      for (int k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFu];
  }
};

uint32_t SpeedCrc32cSlice8(uint32_t crc, const uint8_t* p, size_t n) {
  static const SpeedCrcSlice8Tables tables;
  const auto& t = tables.t;
  uint32_t c = ~crc;
  for (; n >= 8; n -= 8, p += 8) {
    const uint32_t lo = c ^ LoadLe32(p), hi = LoadLe32(p + 4);
    c = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^ t[3][hi & 0xFFu] ^
        t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
  }
  for (; n > 0; --n) c = t[0][(c ^ *p++) & 0xFFu] ^ (c >> 8);
  return ~c;
}

void BM_ReadCrcSlice8(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  uint32_t sink = 0;
  for (auto _ : state) {
    for (const RecordView& v : f.records) {
      sink ^= SpeedCrc32cSlice8(SpeedCrc32cSlice8(0, v.header, v.header_size - 8), v.meta, v.meta_len);
      sink ^= SpeedCrc32cSlice8(0, v.frame, v.frame_len);
    }
    benchmark::DoNotOptimize(sink);
  }
  const uint8_t probe[] = "newsdigest crc probe, slicing by eight";
  if (SpeedCrc32cSlice8(0, probe, sizeof probe) != nd::format::Crc32c(0, probe, sizeof probe))
    state.SkipWithError("slicing-by-8 CRC differs from format::Crc32c");
  SetDigestCounters(state, f);
}
BENCHMARK(BM_ReadCrcSlice8)->Arg(0)->Arg(1)->ArgName("dict")->Unit(benchmark::kMicrosecond);

#if defined(__x86_64__)
// What the same CRC-32C costs with the SSE4.2 crc32 instruction (same
// polynomial and result as format::Crc32c), to size the gain of a hardware
// CRC in core/format.
__attribute__((target("sse4.2"))) uint32_t SpeedCrc32cSse42(uint32_t crc, const uint8_t* p, size_t n) {
  uint64_t c = ~crc;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c = __builtin_ia32_crc32di(c, v);
  }
  uint32_t c32 = static_cast<uint32_t>(c);
  for (; n > 0; --n, ++p) c32 = __builtin_ia32_crc32qi(c32, *p);
  return ~c32;
}

void BM_ReadCrcSse42(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  if (!__builtin_cpu_supports("sse4.2")) return state.SkipWithError("no SSE4.2");
  uint32_t sink = 0;
  for (auto _ : state) {
    for (const RecordView& v : f.records) {
      sink ^= SpeedCrc32cSse42(SpeedCrc32cSse42(0, v.header, v.header_size - 8), v.meta, v.meta_len);
      sink ^= SpeedCrc32cSse42(0, v.frame, v.frame_len);
    }
    benchmark::DoNotOptimize(sink);
  }
  // Same result as the table-driven CRC.
  const uint8_t probe[] = "newsdigest crc probe";
  if (SpeedCrc32cSse42(0, probe, sizeof probe) != nd::format::Crc32c(0, probe, sizeof probe))
    state.SkipWithError("SSE4.2 CRC differs from format::Crc32c");
  SetDigestCounters(state, f);
}
BENCHMARK(BM_ReadCrcSse42)->Arg(0)->Arg(1)->ArgName("dict")->Unit(benchmark::kMicrosecond);
#endif

// Attribution: decompression that digests the raw dictionary for every
// frame (ZSTD_decompress_usingDict), as ZSTD_decompressBegin_usingDict does.
void BM_FloorDecompressRawDict(benchmark::State& state) {
  const ReadFile& f = GetReadFile(static_cast<int>(state.range(0)));
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_format, ZSTD_f_zstd1_magicless);
  const auto& d = nd::speed::SpeedDictionary();
  std::string out(f.max_text, '\0');
  for (auto _ : state) {
    for (size_t i = 0; i < f.frames.size(); ++i) {
      size_t n = ZSTD_decompress_usingDict(dctx, out.data(), out.size(), f.frames[i].first, f.frames[i].second,
                                           d.content.data(), d.content.size());
      if (ZSTD_isError(n) || n != f.text_sizes[i]) state.SkipWithError("zstd failed");
      benchmark::DoNotOptimize(out.data());
    }
  }
  ZSTD_freeDCtx(dctx);
  SetDigestCounters(state, f);
}

void ReadVariants(benchmark::internal::Benchmark* b) { b->Arg(0)->Arg(1)->Arg(2)->ArgName("dict"); }
BENCHMARK(BM_ReadOpen)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadHeadline)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadListHeadlines)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadSummary)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadBody)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadFull)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FloorDecompress)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadCrc)->Apply(ReadVariants)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FloorDecompressRawDict)->Arg(1)->ArgName("dict")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadSummaryNoDDict)->Arg(1)->Arg(2)->ArgName("dict")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ReadFullNoDDict)->Arg(1)->Arg(2)->ArgName("dict")->Unit(benchmark::kMicrosecond);

}  // namespace speed_read_bench_detail

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const auto& c = newsdigest::speed::SpeedCorpus();
  benchmark::AddCustomContext("corpus", c.description);
  benchmark::AddCustomContext("zstd", ZSTD_versionString());
  for (int v = 0; v < 3; ++v) speed_read_bench_detail::GetReadFile(v);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
