// Private to core/edition: one opened input (header, dictionaries, where its
// digest records are) and the record reading shared by merge and append.
#ifndef NEWSDIGEST_EDITION_EDITION_INTERNAL_H_
#define NEWSDIGEST_EDITION_EDITION_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/edition/edition.h"
#include "newsdigest/format/format.h"

namespace newsdigest::edition {

// One dictionary an input's header names.
struct InputDictionary {
  uint32_t id = 0;
  uint32_t crc = 0;
  uint32_t size = 0;
  std::string lang;
  bool embedded = false;
  bool compressed = false;
  bool have_content = false;  // content holds the checked dictionary
  std::string content;
};

// Where one digest record of an input is (from its index, or a scan).
struct RecordPlace {
  uint64_t offset = 0;
  int64_t index = -1;  // position in the input's index, -1 when scanned
};

// An input file opened for merging: header fields, dictionaries and the
// places of its digest records; records are read one at a time.
struct InputFile {
  std::unique_ptr<ByteSource> source;
  std::string name;
  uint32_t article_limit = 0;
  int64_t created = 0;
  uint32_t header_count = 0;  // digest_count of the header
  std::vector<InputDictionary> dicts;
  std::vector<RecordPlace> places;
  bool index_damaged = false;

  // Reads the header, the dictionary records and the index (or scans the
  // records when the trailer or index is damaged). @return OK, or
  // InvalidArgument / IOError with *error_text set ("name: why").
  Status Open(std::unique_ptr<ByteSource> src, std::vector<std::string>* warnings, std::string* error_text);

  // Reads the whole record at `offset` into *buf and parses its header.
  // @return OK, or Corruption with *why (malformed header, checksum).
  // check_text: verify text_crc too.
  Status ReadRecord(uint64_t offset, bool check_text, std::string* buf, format::RecordHeader* h, std::string* why);
  // Reads header + metadata only (meta_crc checked).
  Status ReadMeta(uint64_t offset, std::string* buf, format::RecordHeader* h, std::string* why);

  // The dictionary with this id in the header's list, or nullptr.
  const InputDictionary* Dict(uint32_t id) const;

 private:
  void Scan(uint64_t begin, uint64_t end);
};

// Decodes magic-less zstd text frames, keeping one prepared dictionary per
// dictionary id.
class FrameDecoder {
 public:
  FrameDecoder();
  ~FrameDecoder();
  FrameDecoder(const FrameDecoder&) = delete;
  FrameDecoder& operator=(const FrameDecoder&) = delete;
  // Decompresses frame[0, n) with dictionary `dict_id` (0: none; content
  // given by `dict`, which must stay the same for one id) into exactly
  // `size` bytes in *out. @return false when it does not decode to that.
  bool Decode(const void* frame, size_t n, uint32_t dict_id, const std::string* dict, size_t size,
              std::string* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdigest::edition

#endif  // NEWSDIGEST_EDITION_EDITION_INTERNAL_H_
