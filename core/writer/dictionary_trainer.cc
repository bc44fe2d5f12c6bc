// Dictionary training (zstd's fastCover) and dictionary files.
#define ZDICT_STATIC_LINKING_ONLY
#include <unistd.h>
#include <zdict.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "newsdigest/writer/dictionary.h"

namespace newsdigest::writer {

Status TrainDictionary(const std::vector<std::string>& samples, size_t max_size, DictionaryData* out) {
  std::string all;
  std::vector<size_t> sizes;
  for (const auto& s : samples) {
    if (s.empty()) continue;
    all.append(s);
    sizes.push_back(s.size());
  }
  if (sizes.size() < 8 || all.size() < 4 * 1024) return Status::InvalidArgument("too few samples to train a dictionary");
  out->content.resize(max_size);
  ZDICT_fastCover_params_t p = {};
  p.d = 8;
  p.steps = 4;
  p.nbThreads = 1;
  p.zParams.compressionLevel = 19;
  size_t n = ZDICT_optimizeTrainFromBuffer_fastCover(out->content.data(), max_size, all.data(), sizes.data(),
                                                     static_cast<unsigned>(sizes.size()), &p);
  if (ZDICT_isError(n)) return Status::InvalidArgument("dictionary training failed (samples too small or too uniform)");
  out->content.resize(n);
  out->id = ZDICT_getDictID(out->content.data(), out->content.size());
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
  return Status::OK();
}

Status SaveDictionaryFile(const std::string& path, const DictionaryData& dict) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::IOError("cannot create the dictionary file");
  bool ok = std::fwrite(dict.content.data(), 1, dict.content.size(), f) == dict.content.size();
  ok = std::fflush(f) == 0 && ok;
  ok = ::fsync(::fileno(f)) == 0 && ok;
  ok = std::fclose(f) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot write the dictionary file");
  }
  return Status::OK();
}

}  // namespace newsdigest::writer
