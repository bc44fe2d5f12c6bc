// Private to core/writer: record framing shared by encoder and builder.
#ifndef NEWSDIGEST_WRITER_WRITER_INTERNAL_H_
#define NEWSDIGEST_WRITER_WRITER_INTERNAL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdigest::writer {

// Appends one framed record (header + payload) to *out. The first `meta_len`
// bytes of the payload are covered by the metadata CRC (with the header),
// the rest by the text CRC. REQUIRES: meta_len <= payload.size().
void AppendRecord(uint8_t kind, std::string_view payload, uint32_t meta_len, std::string* out);

// Appends `v` as a protobuf varint.
void AppendVarint(std::string* out, uint64_t v);

}  // namespace newsdigest::writer

#endif  // NEWSDIGEST_WRITER_WRITER_INTERNAL_H_
