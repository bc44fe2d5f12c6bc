// zstd dictionaries for digest files: training, loading and saving.
//
// A dictionary file is exactly what zstd's ZDICT writes (magic 0xEC30A437,
// then its 32-bit id), so `zstd -D` can use it too.
// Thread-safety: all functions are thread-safe.
#ifndef NEWSDIGEST_WRITER_DICTIONARY_H_
#define NEWSDIGEST_WRITER_DICTIONARY_H_

#include <cstddef>
#include <string>
#include <vector>

#include "newsdigest/format/status.h"
#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::writer {

inline constexpr size_t kDefaultDictionarySize = 64 * 1024;  // devices keep it in flash
// The sizes a trained dictionary may have (--dict-size, train-dict --size).
inline constexpr size_t kMinDictionarySize = 1024;
inline constexpr size_t kMaxDictionarySize = 16 * 1024 * 1024;

// How a dictionary is trained (zstd ZDICT COVER). The defaults were tuned on
// news (benchmarks/size/README.md): segments of k=64 bytes scored by d=6-byte
// n-grams, entropy tables fitted at the writer's default level.
struct TrainOptions {
  size_t max_size = kDefaultDictionarySize;
  unsigned k = 64;          // segment size
  unsigned d = 6;           // n-gram size (6 or 8)
  unsigned steps = 0;       // > 0: search k (and d when d == 0) on a 75/25 split, then retrain on all
  int level = kDefaultLevel;  // compression level the entropy tables are fitted for
};

// Trains a dictionary of at most `max_size` bytes on `samples` (article
// texts). *out gets the content; its id is derived from the content and lies
// in [32768, 2^21), so digests name it in 3 bytes. @return OK, or
// InvalidArgument when there are too few samples to train on.
Status TrainDictionary(const std::vector<std::string>& samples, size_t max_size, DictionaryData* out);
Status TrainDictionary(const std::vector<std::string>& samples, const TrainOptions& options, DictionaryData* out);

// Reads a dictionary file. A file named "<name>.<lang>.dict" (lang: 2-3
// lowercase letters, optional "-region"; e.g. news.fr.dict) gets out->lang = lang, so the encoder picks
// it for articles in that language; otherwise lang is empty (any language).
// @return OK, IOError, or Corruption when it is not a zstd dictionary.
Status LoadDictionaryFile(const std::string& path, DictionaryData* out);

// Writes a dictionary file atomically (NewAtomicFileSink: unpredictable
// temporary name, fsync, rename). On error, *error_text (when not null) names
// the path and the system's reason.
Status SaveDictionaryFile(const std::string& path, const DictionaryData& dict, std::string* error_text = nullptr);

}  // namespace newsdigest::writer

#endif  // NEWSDIGEST_WRITER_DICTIONARY_H_
