// zstd dictionaries for digest files: training, loading and saving.
//
// A dictionary file is exactly what zstd's ZDICT writes (magic 0xEC30A437,
// then its 32-bit id), so `zstd -D` can use it too.
// Thread-safety: all functions are thread-safe.
#ifndef NEWSDIGEST_WRITER_DICTIONARY_H_
#define NEWSDIGEST_WRITER_DICTIONARY_H_

#include <cstddef>
#include <cstdint>
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

// Where a trained dictionary lives, and what it costs a reader:
// - kEmbeddedRaw: stored in the file as is. Costs its size in the file (and in
//   flash); a reader on memory-mapped flash uses it in place: no RAM.
// - kEmbeddedCompressed: stored zstd-compressed. Costs its compressed size in
//   the file; a reader decompresses it at open: its full size in RAM.
// - kPreloaded: not in the file (named by id). Costs nothing in the file; the
//   device holds it once for every file (its size in flash, no RAM).
enum class DictionaryLayout { kEmbeddedRaw, kEmbeddedCompressed, kPreloaded };

// The sizes ChooseDictionarySize tries (each at most the budget).
inline constexpr size_t kDictionarySizeCandidates[] = {8 * 1024,   16 * 1024,  32 * 1024,  64 * 1024, 128 * 1024,
                                                       256 * 1024, 512 * 1024, 1024 * 1024};
inline constexpr size_t kDefaultDictionaryMax = 1024 * 1024;

struct SizeChoiceOptions {
  DictionaryLayout layout = DictionaryLayout::kEmbeddedRaw;
  size_t dict_max = kDefaultDictionaryMax;  // largest dictionary (device flash)
  size_t device_ram = 0;  // > 0: RAM a reader may spend on the dictionary (bounds kEmbeddedCompressed)
  int level = kDefaultLevel;  // level the file is compressed at
  // Text compressed per candidate to estimate the file (every n-th sample).
  size_t probe_bytes = 768 * 1024;
  // The candidates are trained on the first samples up to this many bytes
  // (bounds the search's time and memory on large inputs).
  size_t max_search_bytes = 16 * 1024 * 1024;
};

struct SizeChoice {
  size_t size = 0;  // the chosen max_size; 0: the file is smaller without a dictionary
  struct Tried {
    size_t size;            // candidate max_size
    uint64_t text_bytes;    // estimated compressed text of all samples
    uint64_t dict_bytes;    // what the dictionary costs in the file for the layout
  };
  std::vector<Tried> tried;  // every candidate, in increasing size; the first is size 0 (no dictionary)
};

// Picks the dictionary size that minimizes (estimated compressed text of all
// `samples`) + (the dictionary's cost in the file for options.layout) -- the
// smallest size within 0.5% of the least estimate -- among
// no dictionary and the kDictionarySizeCandidates that are <= dict_max, <= device_ram for the
// compressed layout, and <= a quarter of the sample bytes (at most
// max_search_bytes of them). Each candidate is
// trained with fastCOVER (fast; its ranking is what matters) on all samples
// and measured on an in-sample probe of about probe_bytes, so the time is
// bounded by a few fast trainings plus a few MB compressed. Deterministic.
// @return OK (out->size is 0 when no candidate fits), InvalidArgument when
// there are too few samples.
Status ChooseDictionarySize(const std::vector<std::string>& samples, const SizeChoiceOptions& options,
                            SizeChoice* out);

// The bytes `content` costs in a file for `layout` (compressed at level 19
// for kEmbeddedCompressed, as the builder stores it).
uint64_t DictionaryFileCost(const std::string& content, DictionaryLayout layout);

// Sum of the zstd frames of each text compressed alone at `level` with
// `dict` (empty: no dictionary): what those texts cost with that dictionary.
uint64_t PerArticleBytes(const std::vector<std::string>& texts, const std::string& dict, int level);

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
