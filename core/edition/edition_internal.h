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

// An input file opened for merging: header fields, dictionaries and the
// places of its digest records; records are read one at a time.
struct InputFile {
  std::unique_ptr<ByteSource> source;
  std::string name;
  uint32_t article_limit = 0;
  int64_t created = 0;
  uint32_t header_count = 0;  // digest_count of the header
  std::vector<InputDictionary> dicts;
  // Offsets of its digest records: from its index (places[i] is index entry
  // i), or found by a scan when index_damaged. Merge frees it once planned.
  // Offsets fit 32 bits: Open refuses inputs over the format's 4 GiB.
  std::vector<uint32_t> places;
  bool index_damaged = false;
  // Merge's bookkeeping of open inputs: whether the source may hold OS
  // resources (it is in the merge's open list), and when it was last used.
  bool held = false;
  uint64_t last_use = 0;

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

// A compact hash table of 64-bit keys to 32-bit values (several values per
// key allowed), for per-digest bookkeeping: open addressing with linear
// probing in one array of 12-byte slots, at most 70% full (17 to 34 bytes
// per entry), no per-entry allocation. No removal (callers mark a value
// dead instead). Values must be below kEmpty.
class KeyTable {
 public:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;

  // Room for `n` entries without growing.
  void Reserve(size_t n);
  void Insert(uint64_t key, uint32_t value);
  // The value of the first slot holding `key` on its probe path, or nullptr.
  // The pointer stays valid until the next Insert.
  uint32_t* Find(uint64_t key) {
    uint32_t* out = nullptr;
    ForEach(key, [&out](uint32_t& v) {
      out = &v;
      return true;
    });
    return out;
  }
  // Calls f(value&) for each value of `key`, in probe order, until f
  // returns true. @return whether f returned true. f must not insert.
  template <class F>
  bool ForEach(uint64_t key, F f) {
    if (slots_.empty()) return false;
    const auto lo = static_cast<uint32_t>(key), hi = static_cast<uint32_t>(key >> 32);
    for (size_t i = Home(key); slots_[i].value != kEmpty; i = (i + 1) & mask_)
      if (slots_[i].lo == lo && slots_[i].hi == hi && f(slots_[i].value)) return true;
    return false;
  }
  size_t size() const { return used_; }
  // Frees the slots.
  void Clear();

 private:
  struct Slot {
    uint32_t lo, hi;  // the key
    uint32_t value;   // kEmpty: a free slot
  };
  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
  }
  void Rehash(size_t slots);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int shift_ = 63;
  size_t used_ = 0;
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
