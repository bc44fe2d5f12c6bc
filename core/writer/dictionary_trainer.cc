// Dictionary training (zstd's COVER) and dictionary files.
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "newsdigest/format/format.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::writer {

namespace dictionary_trainer_detail {

// Least input COVER training is attempted on.
inline constexpr size_t kMinTrainingSamples = 8;
inline constexpr size_t kMinTrainingBytes = 4 * 1024;
// Level the candidates' entropy tables are fitted at (ChooseDictionarySize).
inline constexpr int kSearchTableLevel = 3;
// Relative slack of the size choice (picked on BBC, where 512 KiB and 1 MiB
// estimated within 0.05% but 1 MiB built a 1.7% larger file).
inline constexpr double kSizeChoiceMargin = 0.005;

// Derives a dictionary id in [32768, 2^21) from the content (ids below
// 32768 are reserved by zstd's convention) and writes it into the header.
uint32_t AssignDictionaryId(std::string* content) {
  const uint32_t crc = format::Crc32c(0, content->data() + 8, content->size() - 8);
  const uint32_t id = 32768u + crc % ((1u << 21) - 32768u);
  format::StoreLE32(reinterpret_cast<uint8_t*>(content->data()) + 4, id);
  return id;
}

// Compressed size of `content` as DigestBuilder embeds it (level 19,
// magicless frame with content size, no checksum); content size on error.
uint64_t CompressedDictionarySize(const std::string& content) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  if (c == nullptr) return content.size();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, kDefaultLevel);
  ZSTD_CCtx_setParameter(c, ZSTD_c_format, ZSTD_f_zstd1_magicless);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
  std::string out(ZSTD_compressBound(content.size()) + 64, '\0');
  const size_t n = ZSTD_compress2(c, out.data(), out.size(), content.data(), content.size());
  ZSTD_freeCCtx(c);
  return ZSTD_isError(n) ? content.size() : n;
}

// Compressed bytes of the probe samples with `dict` (empty: none) at `level`.
uint64_t ProbeBytes(const std::vector<const std::string*>& probe, const std::string& dict, int level) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  if (c == nullptr) return ~uint64_t{0};
  ZSTD_CDict* cd = dict.empty() ? nullptr : ZSTD_createCDict(dict.data(), dict.size(), level);
  uint64_t total = 0;
  std::string out;
  for (const std::string* s : probe) {
    out.resize(ZSTD_compressBound(s->size()));
    const size_t n = cd != nullptr ? ZSTD_compress_usingCDict(c, out.data(), out.size(), s->data(), s->size(), cd)
                                   : ZSTD_compressCCtx(c, out.data(), out.size(), s->data(), s->size(), level);
    total += ZSTD_isError(n) ? s->size() : n;
  }
  ZSTD_freeCDict(cd);
  ZSTD_freeCCtx(c);
  return total;
}

}  // namespace dictionary_trainer_detail

uint64_t DictionaryFileCost(const std::string& content, DictionaryLayout layout) {
  switch (layout) {
    case DictionaryLayout::kEmbeddedRaw:
      return content.size();
    case DictionaryLayout::kEmbeddedCompressed:
      return dictionary_trainer_detail::CompressedDictionarySize(content);
    case DictionaryLayout::kPreloaded:
      return 0;
  }
  return content.size();
}

uint64_t PerArticleBytes(const std::vector<std::string>& texts, const std::string& dict, int level) {
  std::vector<const std::string*> all;
  all.reserve(texts.size());
  for (const std::string& t : texts) all.push_back(&t);
  return dictionary_trainer_detail::ProbeBytes(all, dict, level);
}

Status ChooseDictionarySize(const std::vector<std::string>& samples, const SizeChoiceOptions& options,
                            SizeChoice* out) {
  namespace d = dictionary_trainer_detail;
  *out = SizeChoice();
  std::string all;
  std::vector<size_t> sizes;
  std::vector<const std::string*> nonempty;
  uint64_t total_bytes = 0;  // of every sample: the estimate is scaled to all of them
  for (const auto& s : samples) total_bytes += s.size();
  for (const auto& s : samples) {
    if (s.empty()) continue;
    if (all.size() >= options.max_search_bytes) break;
    all.append(s);
    sizes.push_back(s.size());
    nonempty.push_back(&s);
  }
  if (sizes.size() < d::kMinTrainingSamples || all.size() < d::kMinTrainingBytes)
    return Status::InvalidArgument("too few samples to train a dictionary");
  // The probe: every n-th sample, about probe_bytes in all.
  const size_t step = std::max<size_t>(1, all.size() / std::max<size_t>(1, options.probe_bytes));
  std::vector<const std::string*> probe;
  uint64_t probe_in = 0;
  for (size_t i = 0; i < nonempty.size(); i += step) {
    probe.push_back(nonempty[i]);
    probe_in += nonempty[i]->size();
  }
  const double scale = static_cast<double>(total_bytes) / static_cast<double>(probe_in);
  size_t limit = std::min(options.dict_max, all.size() / 4);
  if (options.layout == DictionaryLayout::kEmbeddedCompressed && options.device_ram > 0)
    limit = std::min(limit, options.device_ram);
  // No dictionary at all is the first candidate (size 0).
  SizeChoice::Tried none{0, static_cast<uint64_t>(static_cast<double>(d::ProbeBytes(probe, std::string(), options.level)) * scale + 0.5), 0};
  out->tried.push_back(none);
  uint64_t best = none.text_bytes;
  for (const size_t candidate : kDictionarySizeCandidates) {
    if (candidate > limit) break;
    std::string dict(candidate, '\0');
    ZDICT_fastCover_params_t p = {};
    p.k = 64;
    p.d = 6;
    p.f = 20;
    p.accel = 1;
    p.nbThreads = 1;
    p.splitPoint = 1.0;
    // The entropy tables are fitted by compressing every sample at this
    // level: a fast one keeps the search fast (the ranking barely moves).
    p.zParams.compressionLevel = d::kSearchTableLevel;
    const size_t n = ZDICT_trainFromBuffer_fastCover(dict.data(), candidate, all.data(), sizes.data(),
                                                     static_cast<unsigned>(sizes.size()), p);
    if (ZDICT_isError(n) || n < 8) continue;
    dict.resize(n);
    SizeChoice::Tried t;
    t.size = candidate;
    t.text_bytes = static_cast<uint64_t>(static_cast<double>(d::ProbeBytes(probe, dict, options.level)) * scale + 0.5);
    t.dict_bytes = DictionaryFileCost(dict, options.layout);
    out->tried.push_back(t);
    best = std::min(best, t.text_bytes + t.dict_bytes);
  }
  // The smallest candidate within kSizeChoiceMargin of the best: estimates of
  // neighbouring sizes differ by less than their error near the optimum, and a
  // smaller dictionary costs devices less.
  const auto within = static_cast<uint64_t>(static_cast<double>(best) * (1.0 + d::kSizeChoiceMargin));
  for (const SizeChoice::Tried& t : out->tried)
    if (t.text_bytes + t.dict_bytes <= within) {
      out->size = t.size;
      break;
    }
  return Status::OK();
}

Status TrainDictionary(const std::vector<std::string>& samples, size_t max_size, DictionaryData* out) {
  TrainOptions o;
  o.max_size = max_size;
  return TrainDictionary(samples, o, out);
}

Status TrainDictionary(const std::vector<std::string>& samples, const TrainOptions& options, DictionaryData* out) {
  std::string all;
  std::vector<size_t> sizes;
  for (const auto& s : samples) {
    if (s.empty()) continue;
    all.append(s);
    sizes.push_back(s.size());
  }
  if (options.max_size < kMinDictionarySize || options.max_size > kMaxDictionarySize)
    return Status::InvalidArgument("dictionary size out of range");
  if (sizes.size() < dictionary_trainer_detail::kMinTrainingSamples ||
      all.size() < dictionary_trainer_detail::kMinTrainingBytes)
    return Status::InvalidArgument("too few samples to train a dictionary");
  const size_t max_size = options.max_size;
  out->content.resize(max_size);
  ZDICT_cover_params_t p = {};
  p.k = options.k;
  p.d = options.d;
  p.nbThreads = 1;
  p.splitPoint = 1.0;
  p.zParams.compressionLevel = options.level;
  if (options.steps > 0) {
    // Search the parameters on a split, then train on everything with them.
    ZDICT_cover_params_t search = p;
    search.k = 0;
    search.steps = options.steps;
    search.splitPoint = 0.75;
    size_t n = ZDICT_optimizeTrainFromBuffer_cover(out->content.data(), max_size, all.data(), sizes.data(),
                                                   static_cast<unsigned>(sizes.size()), &search);
    if (!ZDICT_isError(n)) {
      p.k = search.k;
      p.d = search.d;
    }
  }
  size_t n = ZDICT_trainFromBuffer_cover(out->content.data(), max_size, all.data(), sizes.data(),
                                         static_cast<unsigned>(sizes.size()), p);
  if (ZDICT_isError(n) || n < 8) return Status::InvalidArgument("dictionary training failed (samples too small or too uniform)");
  out->content.resize(n);
  out->id = dictionary_trainer_detail::AssignDictionaryId(&out->content);
  return Status::OK();
}

Status LoadDictionaryFile(const std::string& path, DictionaryData* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open the dictionary file");
  std::stringstream ss;
  ss << in.rdbuf();
  out->content = ss.str();
  out->id = ZDICT_getDictID(out->content.data(), out->content.size());
  if (out->id == 0) return Status::Corruption("not a zstd dictionary (no dictionary header)");
  // "<name>.<lang>.dict" (lang: 2-3 lowercase letters, optional "-region")
  // serves articles in <lang>.
  const std::string base = std::filesystem::path(path).filename().string();
  const size_t end = base.size() >= 5 && base.compare(base.size() - 5, 5, ".dict") == 0 ? base.size() - 5 : 0;
  const size_t dot = end > 0 ? base.rfind('.', end - 1) : std::string::npos;
  out->lang.clear();
  if (dot != std::string::npos) {
    const std::string tag = base.substr(dot + 1, end - dot - 1);
    size_t letters = 0;
    while (letters < tag.size() && tag[letters] >= 'a' && tag[letters] <= 'z') ++letters;
    if ((letters == 2 || letters == 3) && (letters == tag.size() || (tag[letters] == '-' && tag.size() - letters <= 5)))
      out->lang = tag;
  }
  return Status::OK();
}

Status SaveDictionaryFile(const std::string& path, const DictionaryData& dict, std::string* error_text) {
  std::unique_ptr<WritableSink> sink = NewAtomicFileSink(path);
  Status st = sink->Append(dict.content);
  if (st.ok()) st = sink->Commit();
  if (!st.ok()) {
    sink->Abandon();
    if (error_text != nullptr) *error_text = ErrorText(st, *sink);
  }
  return st;
}

}  // namespace newsdigest::writer
