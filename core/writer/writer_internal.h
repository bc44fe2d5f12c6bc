// Private to core/writer: record framing shared by encoder and builder.
#ifndef NEWSDIGEST_WRITER_WRITER_INTERNAL_H_
#define NEWSDIGEST_WRITER_WRITER_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::writer {

// Appends one framed record (header + payload) to *out. The first `meta_len`
// bytes of the payload are covered by the metadata CRC (with the header),
// the rest by the text CRC. REQUIRES: meta_len <= payload.size().
void AppendRecord(uint8_t kind, std::string_view payload, uint32_t meta_len, std::string* out);

// A key of a dictionary list (ids and languages, in order), never 0:
// digests that rely on the file's default dictionary and language are only
// valid in a file with the same list.
uint32_t DictionaryListKey(const std::vector<const DictionaryData*>& dicts);

// Appends `v` as a protobuf varint.
void AppendVarint(std::string* out, uint64_t v);

}  // namespace newsdigest::writer

#endif  // NEWSDIGEST_WRITER_WRITER_INTERNAL_H_
