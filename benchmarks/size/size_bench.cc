// size_bench: bytes of newsdigest files against general-purpose compressors.
//
// For each corpus (JSONL file or directory, read with the same ingest code as
// `newsdigest build`), every method compresses the same bytes per article:
// title + "\n" + normalized body. Baselines use the libraries (zlib, liblzma,
// libbrotli, libzstd), per article and solid (all articles as one stream).
// newsdigest runs the real writer (summaries, keywords, dedup, index) in two
// modes: self-contained (dictionary trained on the corpus and embedded) and
// preloaded (dictionary not counted). A held-out run trains on the even
// articles and measures the odd ones. Every newsdigest file is read back
// through the reader and compared byte for byte.
//
// Output (in --out DIR): results.md (tables), results.csv, size.dat +
// size.gp (gnuplot input for size.png). See run.sh and README.md.
#define ZSTD_STATIC_LINKING_ONLY
#include <brotli/encode.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/summarize/summarize.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/digest_builder.h"

namespace size_bench_detail {

namespace nw = newsdigest::writer;

struct BenchArticle {
  newsdigest::ingest::Article a;
  newsdigest::summarize::Summary s;
  // Summary as stored: an identical earlier body's summary when shared.
  mutable std::vector<std::pair<uint32_t, uint32_t>> stored;
  std::string joined;  // title + "\n" + body: what the baselines compress
};

// ---- Baselines ---------------------------------------------------------------

size_t GzipSize(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  std::string out(deflateBound(&z, in.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int r = deflate(&z, Z_FINISH);
  size_t n = r == Z_STREAM_END ? z.total_out : 0;
  deflateEnd(&z);
  return n;
}

size_t XzSize(const std::string& in) {
  lzma_options_lzma opt;
  if (lzma_lzma_preset(&opt, 9 | LZMA_PRESET_EXTREME)) return 0;
  // xz -9e with the dictionary cut to the input size: same output length,
  // without allocating 64 MiB per article.
  uint32_t dict = 4096;
  while (dict < in.size() && dict < opt.dict_size) dict *= 2;
  opt.dict_size = dict;
  lzma_filter filters[] = {{LZMA_FILTER_LZMA2, &opt}, {LZMA_VLI_UNKNOWN, nullptr}};
  std::string out(lzma_stream_buffer_bound(in.size()), '\0');
  size_t pos = 0;
  if (lzma_stream_buffer_encode(filters, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t*>(in.data()),
                                in.size(), reinterpret_cast<uint8_t*>(out.data()), &pos, out.size()) != LZMA_OK)
    return 0;
  return pos;
}

size_t BrotliSize(const std::string& in) {
  size_t n = BrotliEncoderMaxCompressedSize(in.size());
  if (n == 0) n = in.size() + 1024;
  std::string out(n, '\0');
  if (!BrotliEncoderCompress(11, 24, BROTLI_MODE_GENERIC, in.size(), reinterpret_cast<const uint8_t*>(in.data()), &n,
                             reinterpret_cast<uint8_t*>(out.data())))
    return 0;
  return n;
}

// zstd -19 (standard frame, no checksum), optionally with a dictionary.
size_t ZstdSize(ZSTD_CCtx* c, const std::string& in, const ZSTD_CDict* cdict) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  size_t n = cdict != nullptr ? ZSTD_compress_usingCDict(c, out.data(), out.size(), in.data(), in.size(), cdict)
                              : ZSTD_compressCCtx(c, out.data(), out.size(), in.data(), in.size(), 19);
  return ZSTD_isError(n) ? 0 : n;
}

// ---- newsdigest --------------------------------------------------------------

struct NdgResult {
  uint64_t file_bytes = 0;
  uint64_t dict_bytes = 0;      // embedded dictionary records
  uint64_t header_trailer = 0;  // preamble + header + trailer
  uint64_t index_bytes = 0;     // index record
  uint64_t framing = 0;         // record headers + text field tags
  uint64_t meta = 0;            // metadata prefixes (all)
  uint64_t meta_title = 0, meta_id = 0, meta_keywords = 0;
  uint64_t summary = 0;         // compressed summary blocks
  uint64_t body = 0;            // compressed rest of the body
  uint32_t digests = 0, shared = 0;
  double encode_seconds = 0;
  bool roundtrip_ok = false;
  std::string error;
};

size_t VarintLen(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}
size_t FieldLen(size_t len) { return len == 0 ? 0 : 1 + VarintLen(len) + len; }

// Reads every digest of `path` back and compares body and summary.
bool RoundTrip(const std::string& path, const std::vector<const BenchArticle*>& arts, const nw::DictionaryData* preload,
               std::string* error) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string data = ss.str();
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  nd_limits lim;
  size_t needed = 0;
  nd_status s = nd_reader_probe(bytes, data.size(), &lim, &needed);
  std::vector<uint64_t> ws;
  nd_reader* r = nullptr;
  if (s == ND_OK) {
    ws.resize(nd_reader_workspace_size(&lim) / 8 + 1);
    s = nd_reader_open_memory(bytes, data.size(), ws.data(), ws.size() * 8, &r);
  }
  if (s == ND_OK && preload != nullptr)
    s = nd_reader_add_dictionary(r, preload->id, reinterpret_cast<const uint8_t*>(preload->content.data()),
                                 preload->content.size());
  if (s != ND_OK) {
    *error = std::string("open: ") + nd_status_str(s);
    return false;
  }
  if (nd_reader_count(r) != arts.size()) {
    *error = "digest count differs";
    return false;
  }
  std::string body;
  for (uint32_t i = 0; i < arts.size(); ++i) {
    const BenchArticle& a = *arts[i];
    nd_str sent[64];
    uint32_t count = 0;
    s = nd_reader_summary(r, i, sent, 64, &count);
    if (s == ND_OK && count != a.stored.size()) s = ND_ERR_CORRUPT;
    for (uint32_t k = 0; s == ND_OK && k < count; ++k) {
      const auto& sp = a.stored[k];
      if (std::string_view(sent[k].ptr, sent[k].len) != std::string_view(a.a.body).substr(sp.first, sp.second))
        s = ND_ERR_CORRUPT;
    }
    body.assign(a.a.body.size(), '\0');
    size_t len = 0;
    if (s == ND_OK) s = nd_reader_body(r, i, body.data(), body.size(), &len);
    if (s == ND_OK && (len != a.a.body.size() || body != a.a.body)) s = ND_ERR_CORRUPT;
    if (s != ND_OK) {
      *error = "digest " + std::to_string(i) + ": " + nd_status_str(s);
      return false;
    }
  }
  return true;
}

std::string ReadHead(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

// Builds `path` from `arts` like `newsdigest build` (dedup on), with
// `dict` (may be null) embedded or named. Without `extras`, ids and keywords
// are left out so that the file holds the same information as the baselines
// (title + body) plus summaries and the index.
NdgResult BuildNdg(const std::string& path, const std::vector<const BenchArticle*>& arts, const nw::DictionaryData* dict,
                   bool embed, int level, bool extras, bool compress_dict = true) {
  NdgResult res;
  nw::EncoderOptions eo;
  eo.level = level;
  nw::BuilderOptions bo;
  if (dict != nullptr) {
    eo.dictionaries.push_back(dict);
    bo.dictionaries.push_back(dict);
  }
  bo.embed_dictionaries = embed;
  bo.compress_dictionaries = compress_dict;
  std::unique_ptr<nw::DigestBuilder> b;
  newsdigest::Status st = nw::DigestBuilder::Create(path, bo, &b);
  if (!st.ok()) {
    res.error = st.message();
    return res;
  }
  const uint64_t start = b->bytes_written();
  nw::DigestEncoder enc(eo);
  nw::EncodedDigest e;
  nw::DigestInput in;
  std::unordered_map<std::string_view, std::pair<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>>> seen;
  for (const BenchArticle* ap : arts) {
    const auto& a = ap->a;
    newsdigest::pipeline::ToDigestInput(a, ap->s, &in);
    if (!extras) {
      in.id.clear();
      in.keywords.clear();
    }
    auto it = seen.find(a.body);
    if (it != seen.end()) {
      in.text_ref = it->second.first;
      in.summary = it->second.second;
    }
    ap->stored = in.summary;
    const uint32_t offset = b->next_offset();
    auto t0 = std::chrono::steady_clock::now();
    st = enc.Encode(in, &e);
    res.encode_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (st.ok()) st = b->Add(e);
    if (!st.ok()) {
      res.error = st.message();
      b->Abandon();
      return res;
    }
    if (in.text_ref == 0) seen.emplace(a.body, std::make_pair(offset, in.summary));
    else ++res.shared;
    ++res.digests;
    res.framing += e.record.size() - e.meta_size - e.frame_size;
    res.meta += e.meta_size;
    res.meta_title += FieldLen(in.title.size());
    res.meta_id += FieldLen(in.id.size());
    for (const auto& k : in.keywords) res.meta_keywords += FieldLen(k.size());
    res.summary += e.summary_frame_size;
    res.body += e.frame_size - e.summary_frame_size;
  }
  const uint64_t records_end = b->bytes_written();
  st = b->Finish();
  if (!st.ok()) {
    res.error = st.message();
    return res;
  }
  res.file_bytes = std::filesystem::file_size(path);
  res.dict_bytes = start;  // header + dictionary records so far
  res.index_bytes = res.file_bytes - records_end;  // index record + trailer
  // Split the prefix: header vs dictionary records.
  uint64_t dict_records = 0;
  if (dict != nullptr && embed) {
    // The dictionary records: from the end of the header to the first digest.
    nd_limits lim;
    const std::string head = ReadHead(path, 4096 + 12);
    if (nd_reader_probe(reinterpret_cast<const uint8_t*>(head.data()), head.size(), &lim, nullptr) == ND_OK)
      dict_records = start - lim.header_size;
  }
  res.header_trailer = start - dict_records + 24;
  res.dict_bytes = dict_records;
  res.index_bytes -= 24;
  res.roundtrip_ok = RoundTrip(path, arts, embed ? nullptr : dict, &res.error);
  return res;
}

// ---- Report ------------------------------------------------------------------

struct Row {
  std::string corpus, method, note;
  uint32_t articles = 0;
  uint64_t bytes = 0, raw = 0, brotli = 0;
};

std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

std::string CorpusName(const std::string& path) {
  std::filesystem::path p(path);
  while (!p.empty() && p.filename().empty()) p = p.parent_path();
  std::string n = p.stem().string();
  return n.empty() ? "corpus" : n;
}

struct Options {
  std::vector<std::string> corpora;
  std::string out_dir = ".";
  std::string dict_file;  // extra preloaded dictionary (e.g. trained on BBC)
  int level = 19;
  size_t dict_size = nw::kDefaultDictionarySize;
  bool skip_slow = false;  // skip per-article xz (for quick runs)
};

bool ParseOptions(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&](std::string* v) {
      if (i + 1 >= argc) return false;
      *v = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--out" && next(&v)) o->out_dir = v;
    else if (a == "--dict" && next(&v)) o->dict_file = v;
    else if (a == "--level" && next(&v)) o->level = std::stoi(v);
    else if (a == "--dict-size" && next(&v)) o->dict_size = std::stoul(v);
    else if (a == "--quick") o->skip_slow = true;
    else if (!a.empty() && a[0] == '-') return false;
    else o->corpora.push_back(a);
  }
  return !o->corpora.empty();
}

// The most common language of `arts` (what a dictionary trained on them
// serves), or "" when none is known.
std::string MajorityLang(const std::vector<const BenchArticle*>& arts) {
  std::map<std::string, size_t> n;
  for (const auto* a : arts) ++n[a->a.lang];
  std::string best;
  size_t best_n = 0;
  for (const auto& [lang, c] : n)
    if (c > best_n && lang.size() <= 15) best = lang, best_n = c;
  return best;
}

std::vector<std::string> BodiesOf(const std::vector<const BenchArticle*>& arts) {
  std::vector<std::string> v;
  for (const auto* a : arts) v.push_back(a->a.body);
  return v;
}

}  // namespace size_bench_detail

int main(int argc, char** argv) {
  namespace d = size_bench_detail;
  namespace nw = newsdigest::writer;
  d::Options opt;
  if (!d::ParseOptions(argc, argv, &opt)) {
    std::fprintf(stderr,
                 "usage: size_bench [--out DIR] [--dict FILE] [--level N] [--dict-size BYTES] [--quick] CORPUS...\n");
    return 1;
  }
  std::filesystem::create_directories(opt.out_dir);
  nw::DictionaryData extra;
  if (!opt.dict_file.empty()) {
    newsdigest::Status st = nw::LoadDictionaryFile(opt.dict_file, &extra);
    if (!st.ok()) {
      std::fprintf(stderr, "%s: %s\n", opt.dict_file.c_str(), st.message());
      return 1;
    }
  }
  std::vector<d::Row> rows;
  std::ostringstream md, splits;
  bool all_ok = true;
  for (const std::string& corpus : opt.corpora) {
    const std::string name = d::CorpusName(corpus);
    std::vector<d::BenchArticle> arts;
    {
      newsdigest::ingest::ArticleSource src({corpus}, newsdigest::ingest::IngestOptions());
      newsdigest::ingest::Article a;
      newsdigest::ingest::InputError e;
      for (;;) {
        auto r = src.Next(&a, &e);
        if (r == newsdigest::ingest::ArticleSource::Result::kEnd) break;
        if (r != newsdigest::ingest::ArticleSource::Result::kArticle) continue;
        d::BenchArticle b;
        b.a = std::move(a);
        arts.push_back(std::move(b));
      }
    }
    if (arts.empty()) {
      std::fprintf(stderr, "%s: no articles\n", corpus.c_str());
      continue;
    }
    auto t0 = std::chrono::steady_clock::now();
    for (auto& b : arts) {
      b.s = newsdigest::summarize::Summarize(b.a.title, b.a.body, b.a.lang, newsdigest::summarize::SummaryOptions());
      b.joined = b.a.title + "\n" + b.a.body;
    }
    const double summarize_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<const d::BenchArticle*> all, even, odd;
    for (size_t i = 0; i < arts.size(); ++i) {
      all.push_back(&arts[i]);
      (i % 2 ? odd : even).push_back(&arts[i]);
    }
    auto sum_per = [](const std::vector<const d::BenchArticle*>& v, const std::function<size_t(const std::string&)>& f) {
      uint64_t n = 0;
      for (const auto* a : v) n += f(a->joined);
      return n;
    };
    auto solid = [](const std::vector<const d::BenchArticle*>& v) {
      std::string s;
      for (const auto* a : v) s += a->joined;
      return s;
    };
    uint64_t raw = 0;
    for (const auto* a : all) raw += a->joined.size();
    const uint64_t brotli = sum_per(all, d::BrotliSize);
    const std::string solid_all = solid(all);
    auto add = [&](const std::string& method, uint64_t bytes, uint64_t ref_brotli, uint64_t ref_raw, uint32_t n,
                   const std::string& note) {
      d::Row r;
      r.corpus = name;
      r.method = method;
      r.bytes = bytes;
      r.brotli = ref_brotli;
      r.raw = ref_raw;
      r.articles = n;
      r.note = note;
      rows.push_back(r);
    };
    const uint32_t n_all = static_cast<uint32_t>(all.size());
    add("raw (title + body)", raw, brotli, raw, n_all, "");
    add("gzip -9, per article", sum_per(all, d::GzipSize), brotli, raw, n_all, "");
    if (!opt.skip_slow) add("xz -9e, per article", sum_per(all, d::XzSize), brotli, raw, n_all, "");
    add("brotli -q 11 -w 24, per article", brotli, brotli, raw, n_all, "the reference");
    ZSTD_CCtx* zc = ZSTD_createCCtx();
    add("zstd -19, per article", sum_per(all, [&](const std::string& s) { return d::ZstdSize(zc, s, nullptr); }),
        brotli, raw, n_all, "");

    // Dictionary trained on this corpus (what build --train-dict embeds).
    nw::DictionaryData dict;
    t0 = std::chrono::steady_clock::now();
    nw::TrainOptions to;
    to.max_size = opt.dict_size;
    const bool have_dict = nw::TrainDictionary(d::BodiesOf(all), to, &dict).ok();
    dict.lang = d::MajorityLang(all);
    const double train_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (have_dict) {
      ZSTD_CDict* cd = ZSTD_createCDict(dict.content.data(), dict.content.size(), 19);
      add("zstd -19 + dictionary, per article",
          sum_per(all, [&](const std::string& s) { return d::ZstdSize(zc, s, cd); }), brotli, raw, n_all,
          "dictionary (" + std::to_string(dict.content.size()) + " B) not counted");
      std::string out(ZSTD_compressBound(solid_all.size()), '\0');
      size_t sn = ZSTD_compress_usingCDict(zc, out.data(), out.size(), solid_all.data(), solid_all.size(), cd);
      add("zstd -19 + dictionary, solid", ZSTD_isError(sn) ? 0 : sn, brotli, raw, n_all, "no random access");
      ZSTD_freeCDict(cd);
    }
    add("gzip -9, solid", d::GzipSize(solid_all), brotli, raw, n_all, "no random access");
    add("xz -9e, solid", d::XzSize(solid_all), brotli, raw, n_all, "no random access");
    add("brotli -q 11 -w 24, solid", d::BrotliSize(solid_all), brotli, raw, n_all, "no random access");
    add("zstd -19, solid", d::ZstdSize(zc, solid_all, nullptr), brotli, raw, n_all, "no random access");

    // newsdigest.
    const std::string tmp = opt.out_dir + "/" + name + ".tmp.ndg";
    std::vector<std::pair<std::string, d::NdgResult>> ndg;
    d::NdgResult self = d::BuildNdg(tmp, all, have_dict ? &dict : nullptr, true, opt.level, false);
    add("newsdigest, self-contained (embedded dictionary)", self.file_bytes, brotli, raw, n_all,
        "all counted: titles, summaries, metadata, index, compressed dictionary");
    ndg.emplace_back("self-contained", self);
    d::NdgResult flash = d::BuildNdg(tmp, all, have_dict ? &dict : nullptr, true, opt.level, false, false);
    add("newsdigest, self-contained, dictionary not compressed", flash.file_bytes, brotli, raw, n_all,
        "device layout: the dictionary is used in place from flash");
    ndg.emplace_back("self-contained, plain dictionary", flash);
    d::NdgResult full = d::BuildNdg(tmp, all, have_dict ? &dict : nullptr, true, opt.level, true);
    add("newsdigest, self-contained, + ids and 5 keywords per article", full.file_bytes, brotli, raw, n_all,
        "default build output: stores more than the baselines");
    ndg.emplace_back("self-contained + ids, keywords", full);
    if (have_dict) {
      d::NdgResult pre = d::BuildNdg(tmp, all, &dict, false, opt.level, false);
      add("newsdigest, preloaded dictionary (trained on this corpus)", pre.file_bytes, brotli, raw, n_all,
          "dictionary not counted");
      ndg.emplace_back("preloaded (own)", pre);
    }
    if (!extra.content.empty()) {
      d::NdgResult pre = d::BuildNdg(tmp, all, &extra, false, opt.level, false);
      add("newsdigest, preloaded dictionary (" + d::CorpusName(opt.dict_file) + ")", pre.file_bytes, brotli, raw, n_all,
          "dictionary not counted");
      ndg.emplace_back("preloaded (" + d::CorpusName(opt.dict_file) + ")", pre);
    }
    d::NdgResult nodict = d::BuildNdg(tmp, all, nullptr, false, opt.level, false);
    add("newsdigest, no dictionary", nodict.file_bytes, brotli, raw, n_all, "");
    ndg.emplace_back("no dictionary", nodict);
    // Held-out: dictionary from the even articles, measured on the odd ones.
    nw::DictionaryData half;
    if (odd.size() >= 8 && nw::TrainDictionary(d::BodiesOf(even), to, &half).ok()) {
      half.lang = d::MajorityLang(even);
      uint64_t raw_odd = 0;
      for (const auto* a : odd) raw_odd += a->joined.size();
      const uint64_t brotli_odd = sum_per(odd, d::BrotliSize);
      const uint32_t n_odd = static_cast<uint32_t>(odd.size());
      ZSTD_CDict* cd = ZSTD_createCDict(half.content.data(), half.content.size(), 19);
      add("held-out: brotli -q 11 -w 24, per article (odd half)", brotli_odd, brotli_odd, raw_odd, n_odd, "");
      add("held-out: zstd -19 + dictionary from even half (odd half)",
          sum_per(odd, [&](const std::string& s) { return d::ZstdSize(zc, s, cd); }), brotli_odd, raw_odd, n_odd, "");
      ZSTD_freeCDict(cd);
      d::NdgResult ho = d::BuildNdg(tmp, odd, &half, false, opt.level, false);
      add("held-out: newsdigest, preloaded dictionary from even half (odd half)", ho.file_bytes, brotli_odd, raw_odd,
          n_odd, "");
      ndg.emplace_back("held-out preloaded", ho);
    }
    ZSTD_freeCCtx(zc);
    std::filesystem::remove(tmp);

    // Markdown for this corpus.
    md << "### " << name << " (" << arts.size() << " articles, " << raw << " bytes of title + body)\n\n";
    md << "| method | bytes | bytes/article | ratio | × brotli | note |\n|---|---:|---:|---:|---:|---|\n";
    for (const auto& r : rows) {
      if (r.corpus != name) continue;
      md << "| " << r.method << " | " << r.bytes << " | " << d::Fmt("%.0f", static_cast<double>(r.bytes) / r.articles)
         << " | " << d::Fmt("%.3f", static_cast<double>(r.raw) / static_cast<double>(r.bytes)) << " | "
         << d::Fmt("%.3f", static_cast<double>(r.bytes) / static_cast<double>(r.brotli)) << " | " << r.note << " |\n";
    }
    md << "\nWhere the newsdigest bytes go (" << name << "):\n\n";
    md << "| mode | file | dictionary | header+trailer | index | record framing | metadata (title / id / keywords) "
          "| summary (zstd) | rest of body (zstd) | shared bodies | round trip |\n"
          "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n";
    for (const auto& [mode, r] : ndg) {
      md << "| " << mode << " | " << r.file_bytes << " | " << r.dict_bytes << " | " << r.header_trailer << " | "
         << r.index_bytes << " | " << r.framing << " | " << r.meta << " (" << r.meta_title << " / " << r.meta_id
         << " / " << r.meta_keywords << ") | " << r.summary << " | " << r.body << " | " << r.shared << " | "
         << (r.roundtrip_ok ? "ok" : "FAILED: " + r.error) << " |\n";
      all_ok = all_ok && r.roundtrip_ok;
      splits << name << "," << mode << "," << r.file_bytes << "," << r.dict_bytes << "," << r.header_trailer << ","
             << r.index_bytes << "," << r.framing << "," << r.meta << "," << r.meta_title << "," << r.meta_id << ","
             << r.meta_keywords << "," << r.summary << "," << r.body << "," << r.shared << ","
             << (r.roundtrip_ok ? "ok" : "failed") << "\n";
    }
    const double enc_rate = self.encode_seconds > 0 ? self.digests / self.encode_seconds : 0;
    md << "\nSpeed (" << name << ", one core, level " << opt.level << "): encode "
       << d::Fmt("%.0f", enc_rate) << " articles/s (zstd + record, summaries given); summarize "
       << d::Fmt("%.0f", static_cast<double>(arts.size()) / summarize_s) << " articles/s; dictionary training "
       << d::Fmt("%.1f", train_s) << " s.\n\n";
    std::fprintf(stderr, "%s: done (%zu articles)\n", name.c_str(), arts.size());
  }

  // Files.
  std::ofstream(opt.out_dir + "/results.md") << md.str();
  {
    std::ofstream csv(opt.out_dir + "/results.csv");
    csv << "corpus,method,articles,bytes,bytes_per_article,ratio,x_brotli,note\n";
    for (const auto& r : rows)
      csv << r.corpus << ",\"" << r.method << "\"," << r.articles << "," << r.bytes << ","
          << d::Fmt("%.1f", static_cast<double>(r.bytes) / r.articles) << ","
          << d::Fmt("%.4f", static_cast<double>(r.raw) / static_cast<double>(r.bytes)) << ","
          << d::Fmt("%.4f", static_cast<double>(r.bytes) / static_cast<double>(r.brotli)) << ",\"" << r.note << "\"\n";
    std::ofstream sp(opt.out_dir + "/splits.csv");
    sp << "corpus,mode,file,dictionary,header_trailer,index,framing,metadata,meta_title,meta_id,meta_keywords,summary,"
          "body,shared,roundtrip\n"
       << splits.str();
  }
  {
    // Chart: bytes per article by method (whole-corpus methods only), one
    // cluster per method, one bar per corpus.
    std::vector<std::string> corpora, methods;
    std::map<std::pair<std::string, std::string>, double> v;
    for (const auto& r : rows) {
      if (r.method.rfind("held-out", 0) == 0 || r.method.rfind("raw", 0) == 0) continue;
      if (std::find(corpora.begin(), corpora.end(), r.corpus) == corpora.end()) corpora.push_back(r.corpus);
      if (std::find(methods.begin(), methods.end(), r.method) == methods.end()) methods.push_back(r.method);
      v[{r.method, r.corpus}] = static_cast<double>(r.bytes) / r.articles;
    }
    std::ofstream dat(opt.out_dir + "/size.dat");
    dat << "method";
    for (const auto& c : corpora) dat << "\t" << c;
    dat << "\n";
    for (const auto& m : methods) {
      dat << "\"" << m << "\"";
      for (const auto& c : corpora) {
        auto it = v.find({m, c});
        dat << "\t" << (it == v.end() ? std::string("NaN") : d::Fmt("%.1f", it->second));
      }
      dat << "\n";
    }
    std::ofstream gp(opt.out_dir + "/size.gp");
    gp << "set terminal pngcairo size 1200,700 noenhanced font ',10'\nset output 'size.png'\n"
          "set title 'Bytes per article (title + body), lower is better'\nset style data histograms\n"
          "set style histogram clustered gap 1\nset style fill solid 0.8 border -1\nset boxwidth 0.9\n"
          "set xtics rotate by 35 right\nset ylabel 'bytes per article'\nset grid ytics\nset key top right\n"
          "set bmargin 14\n";
    gp << "plot ";
    for (size_t k = 0; k < corpora.size(); ++k)
      gp << (k ? ", " : "") << "'size.dat' using " << (k + 2) << (k == 0 ? ":xtic(1)" : "") << " title '"
         << corpora[k] << "'";
    gp << "\n";
  }
  std::fputs(md.str().c_str(), stdout);
  return all_ok ? 0 : 2;
}
