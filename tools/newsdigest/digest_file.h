// A digest file opened for the CLI: the file's bytes (reader::FileBytes:
// mapped, or read from standard input or a pipe into memory) plus a reader
// workspace. Thin RAII over the C reader API. Not thread-safe (one reader).
#ifndef NEWSDIGEST_TOOLS_DIGEST_FILE_H_
#define NEWSDIGEST_TOOLS_DIGEST_FILE_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/reader/digest_reader.h"
#include "newsdigest/reader/nd_reader.h"

namespace newsdigest::cli {

// A digest file that cannot be mapped (standard input, a pipe, a FIFO,
// process substitution) is read into memory, up to this many bytes: a
// pipe cannot seek, and the reader needs the index at the end of the file.
// Larger inputs are refused with a message that says to save them to a file
// (regular files are mapped and have no such limit).
inline constexpr uint64_t kMaxStreamedDigestBytes = reader::kDefaultMaxReadBytes;

class DigestFile {
 public:
  DigestFile() = default;
  ~DigestFile();
  DigestFile(const DigestFile&) = delete;
  DigestFile& operator=(const DigestFile&) = delete;

  // Loads the bytes of `path` without opening a reader: a regular file is
  // mapped; "-" (standard input, also when redirected from a file), a pipe
  // or a character device is read into memory up to
  // kMaxStreamedDigestBytes. On failure returns ND_ERR_IO (or
  // ND_ERR_TOO_LARGE, ND_ERR_TRUNCATED for an empty input) and sets *error
  // to one line naming the input and the system's reason.
  // REQUIRES: called once, on a fresh object.
  // With reject_foreign, reading stops as soon as the first bytes show that
  // the input is not a digest file (ND_ERR_CORRUPT / ND_ERR_BAD_VERSION).
  nd_status Load(const std::string& path, std::string* error, bool reject_foreign = false);
  // Load() plus a reader on the bytes. A reader failure sets *error to
  // "<name>: <reason>"; data()/size() stay valid after it (salvage).
  nd_status Open(const std::string& path, std::string* error);
  // Loads a dictionary file (`train-dict` output) for files that name one.
  // REQUIRES: Open() succeeded.
  nd_status AddDictionaryFile(const std::string& path, std::string* error);

  nd_reader* reader() const { return reader_; }
  const uint8_t* data() const { return bytes_ ? bytes_->data() : nullptr; }
  uint64_t size() const { return bytes_ ? bytes_->size() : 0; }
  // The name to use in messages: the path, or "standard input" for "-".
  const std::string& name() const { return name_; }
  // After a failed Open(): true when the input is not a digest file at all
  // (wrong magic), as opposed to a damaged one.
  bool foreign() const { return foreign_; }
  // True when the file embeds dictionaries (so a missing one is damage, not
  // a dictionary the caller must supply). REQUIRES: Open() succeeded.
  bool embeds_dictionaries() const;

 private:
  std::unique_ptr<reader::FileBytes> bytes_;  // mapped, or read (reader::FileBytes)
  bool foreign_ = false;
  std::string name_;
  nd_reader* reader_ = nullptr;
  std::unique_ptr<uint64_t[]> workspace_;
  // Dictionaries the reader points into: a deque never moves them.
  std::deque<reader::DictionaryFile> dictionaries_;
};

using reader::View;

// Calls fn(index, offset, status) for every digest of the file, in order:
// through the index when it is intact (status: nd_reader_offset's; offset
// valid when ND_OK), else through one linear scan of the records, numbered
// in file order as the reader numbers them then (status always ND_OK). Stops
// early when fn returns false. Memory: O(1).
template <typename Fn>
void ForEachDigest(nd_reader* r, Fn fn) {
  if (!nd_reader_index_damaged(r)) {
    const uint32_t n = nd_reader_count(r);
    for (uint32_t i = 0; i < n; ++i) {
      uint64_t off = 0;
      const nd_status s = nd_reader_offset(r, i, &off);
      if (!fn(i, off, s)) return;
    }
    return;
  }
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0, k = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
    if (kind != 1) continue;  // digest records only
    if (!fn(k++, off, ND_OK)) return;
  }
}

// "standard input" for "-", else `path`.
std::string InputName(const std::string& path);

// The one line that says what to do about a dictionary the reader lacks:
// "<name>: dictionary missing for <count> digest(s): id <id>, which the file
// names but does not embed; pass it with --dict FILE (the file train-dict
// wrote)". With `embedded` (the file embeds its dictionaries, so the copy
// must be damaged) the advice is salvage or --dict instead. `name` must be
// terminal-safe.
std::string MissingDictionaryLine(const std::string& name, uint32_t dict_id, uint64_t count, bool embedded);

// "name: reason" for a reader status.
std::string ReaderError(const std::string& name, nd_status s);

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_DIGEST_FILE_H_
