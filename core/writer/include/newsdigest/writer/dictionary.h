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

// Trains a dictionary of at most `max_size` bytes on `samples` (article
// texts). *out gets the content and the id ZDICT chose. @return OK, or
// InvalidArgument when there are too few samples to train on.
Status TrainDictionary(const std::vector<std::string>& samples, size_t max_size, DictionaryData* out);

// Reads a dictionary file. @return OK, IOError, or Corruption when it is not
// a zstd dictionary.
Status LoadDictionaryFile(const std::string& path, DictionaryData* out);

// Writes a dictionary file atomically (temporary file + rename).
Status SaveDictionaryFile(const std::string& path, const DictionaryData& dict);

}  // namespace newsdigest::writer

#endif  // NEWSDIGEST_WRITER_DICTIONARY_H_
