// A digest file opened for the CLI: the file mapped into memory plus a
// reader workspace. Thin RAII over the C reader API.
#ifndef NEWSDIGEST_TOOLS_DIGEST_FILE_H_
#define NEWSDIGEST_TOOLS_DIGEST_FILE_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/reader/nd_reader.h"

namespace newsdigest::cli {

class DigestFile {
 public:
  DigestFile() = default;
  ~DigestFile();
  DigestFile(const DigestFile&) = delete;
  DigestFile& operator=(const DigestFile&) = delete;

  // Maps `path` and opens a reader on it. On failure returns the status and
  // sets *error to a message naming the file and the reason.
  nd_status Open(const std::string& path, std::string* error);
  // Loads a dictionary file (`train-dict` output) for files that name one.
  nd_status AddDictionaryFile(const std::string& path, std::string* error);

  nd_reader* reader() const { return reader_; }
  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }

 private:
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  nd_reader* reader_ = nullptr;
  std::unique_ptr<uint64_t[]> workspace_;
  // Dictionary contents the reader points into: a deque never moves them.
  std::deque<std::string> dictionaries_;
};

inline std::string_view View(nd_str s) { return std::string_view(s.ptr == nullptr ? "" : s.ptr, s.len); }

// "path: reason" for a reader status.
std::string ReaderError(const std::string& path, nd_status s);

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_DIGEST_FILE_H_
