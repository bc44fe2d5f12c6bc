// Dictionary training (zstd's COVER) and dictionary files.
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>

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

// Derives a dictionary id in [32768, 2^21) from the content (ids below
// 32768 are reserved by zstd's convention) and writes it into the header.
uint32_t AssignDictionaryId(std::string* content) {
  const uint32_t crc = format::Crc32c(0, content->data() + 8, content->size() - 8);
  const uint32_t id = 32768u + crc % ((1u << 21) - 32768u);
  format::StoreLE32(reinterpret_cast<uint8_t*>(content->data()) + 4, id);
  return id;
}

}  // namespace dictionary_trainer_detail

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
