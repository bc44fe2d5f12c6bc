// Helpers for the writer tests: synthetic articles (generated, not copied
// from any publication) and a whole-file reader over the C reader API.
// Thread-safety: none needed (tests are single-threaded).
#ifndef NEWSDIGEST_TESTS_WRITER_TEST_UTIL_H_
#define NEWSDIGEST_TESTS_WRITER_TEST_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::writer_test {

// A deterministic pseudo-news article number `n`: a title, a body of
// `sentences` sentences separated by spaces and newlines, and a summary made
// of sentences 0, 2 and the last.
writer::DigestInput MakeArticle(uint32_t n, uint32_t sentences = 12);

// The body of every digest, read back through the reader.
struct ReadBack {
  nd_status status = ND_OK;         // first error, if any
  std::vector<std::string> titles;
  std::vector<std::string> bodies;
  std::vector<std::string> summaries;  // sentences joined by '|'
};

// Reads the whole file at `path` (memory mode), supplying `dicts` (may be
// empty) as preloaded dictionaries.
ReadBack ReadAllDigests(const std::string& path, const std::vector<const writer::DictionaryData*>& dicts);

// Reads a whole file into memory.
std::string SlurpFile(const std::string& path);

// A fresh path in the test's binary directory.
std::string WriterTempPath(const std::string& name);

}  // namespace newsdigest::writer_test

#endif  // NEWSDIGEST_TESTS_WRITER_TEST_UTIL_H_
