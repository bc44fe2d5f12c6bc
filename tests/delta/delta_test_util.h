// Helpers for the delta tests: editions built in memory from numbered
// synthetic articles (tests/writer's MakeArticle), optionally with one
// trained dictionary shared by all editions (what `build --dict` does).
#ifndef NEWSDIGEST_TESTS_DELTA_TEST_UTIL_H_
#define NEWSDIGEST_TESTS_DELTA_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::delta_test {

// A dictionary trained once on articles 0..199 (cached).
const writer::DictionaryData& SharedDictionary();

// The digest file of articles `ids`, in that order; with the shared
// dictionary (embedded) when `with_dict`. `created` goes into the header.
std::string Edition(const std::vector<uint32_t>& ids, bool with_dict, int64_t created = 0);

// The bytes of the digest records of `file` whose ids (metadata "id") are
// in `ids`: the "size of those articles' records alone".
uint64_t RecordBytes(const std::string& file, const std::vector<uint32_t>& ids);

// ids first..first+count-1.
std::vector<uint32_t> Range(uint32_t first, uint32_t count);

}  // namespace newsdigest::delta_test

#endif  // NEWSDIGEST_TESTS_DELTA_TEST_UTIL_H_
