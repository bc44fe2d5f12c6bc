// The host reader layer (C++, target nd_reader_host): what every program
// that reads digest files on a host needs around the C reader: the file's
// bytes (mapped, or read from a pipe within a limit), a workspace, and
// dictionary files, without linking the writer.
//
// Thread-safety: a FileBytes is immutable after Open and may be shared; a
// DigestReader is not thread-safe (one per thread), like nd_reader.
#ifndef NEWSDIGEST_READER_DIGEST_READER_H_
#define NEWSDIGEST_READER_DIGEST_READER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/format/status.h"
#include "newsdigest/reader/nd_reader.h"

namespace newsdigest::reader {

// Read no more than this from a pipe or standard input by default (a pipe
// cannot seek, so it is read into memory; regular files are mapped and have
// no such limit). The CLI's read commands and salvage use this limit.
inline constexpr uint64_t kDefaultMaxReadBytes = uint64_t{256} << 20;

// The whole content of a file, read-only: a private read-only mapping for
// a regular file (memory grows only with the pages touched), else the bytes
// read into memory, at most max_read_bytes (TooLarge beyond).
// A regular file is mapped only when read from its start (a path, or
// standard input redirected from a file and not yet read from); otherwise
// it is read like a pipe, from where it stands.
class FileBytes {
 public:
  // A look at the first bytes of an input that is read, not mapped, so that
  // a caller need not wait for a pipe's end to refuse it: reject is called
  // once, when at least head_size bytes have arrived, with all bytes read so
  // far; true stops reading (Open fails with Corruption).
  struct StreamProbe {
    size_t head_size = 0;
    bool (*reject)(const uint8_t* head, size_t len) = nullptr;
  };
  // Opens `path` ("-": standard input). @return OK, IOError (os_error() set),
  // TooLarge, OutOfMemory, or Corruption when probe.reject refused it.
  static Status Open(const std::string& path, uint64_t max_read_bytes, std::unique_ptr<FileBytes>* out,
                     const StreamProbe& probe);
  static Status Open(const std::string& path, uint64_t max_read_bytes, std::unique_ptr<FileBytes>* out) {
    return Open(path, max_read_bytes, out, StreamProbe{});
  }
  // Like Open for a regular file, but mapped copy-on-write: mutable_data()
  // may be changed, which costs memory for the pages changed only and never
  // reaches the file (repair patches a damaged header this way).
  static Status OpenCopyOnWrite(const std::string& path, std::unique_ptr<FileBytes>* out);
  // Wraps bytes already in memory (copied; mutable_data() is available).
  static std::unique_ptr<FileBytes> FromBytes(const void* data, size_t size);
  ~FileBytes();
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;

  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }
  bool mapped() const { return mapped_; }
  // The bytes, writable (OpenCopyOnWrite, FromBytes), else null.
  uint8_t* mutable_data() { return writable_ ? const_cast<uint8_t*>(data_) : nullptr; }
  // Device and inode of the file (0, 0 when it was not a regular file).
  uint64_t device() const { return dev_; }
  uint64_t inode() const { return ino_; }

 private:
  FileBytes() = default;
  static Status OpenImpl(const std::string& path, uint64_t max_read_bytes, bool copy_on_write,
                         const StreamProbe& probe, std::unique_ptr<FileBytes>* out);
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  bool mapped_ = false;
  bool writable_ = false;
  uint64_t dev_ = 0, ino_ = 0;
  std::vector<uint8_t> owned_;
};

// Whether two paths name the same file (same device and inode; a path that
// does not exist names no file). *same gets the answer. @return OK or
// IOError for a path that exists but cannot be examined.
Status SameFile(const std::string& a, const std::string& b, bool* same);

// A dictionary file (`train-dict` output, "<name>.<lang>.dict").
struct DictionaryFile {
  uint32_t id = 0;
  std::string lang;  // from the file name, may be empty
  std::unique_ptr<FileBytes> bytes;
};
// Reads a dictionary file. @return OK, IOError, or Corruption when it is
// not a zstd dictionary.
Status LoadDictionary(const std::string& path, DictionaryFile* out);

// An open digest file: its bytes, a workspace and an nd_reader on them.
class DigestReader {
 public:
  struct Options {
    // Workspace layout (nd_reader.h ND_WS_*; ND_WS_IO is not supported here).
    unsigned workspace_flags = ND_WS_FAST;
    uint64_t max_read_bytes = kDefaultMaxReadBytes;
  };

  // Opens the file at `path` ("-": standard input). On error *out is null
  // and the Status carries the reader's code (e.g. kCorruption for a
  // damaged header) and description, or IOError with os_error().
  static Status Open(const std::string& path, const Options& options, std::unique_ptr<DigestReader>* out);
  // Opens bytes already held (e.g. a FileBytes opened by the caller).
  static Status Open(std::unique_ptr<FileBytes> bytes, const Options& options, std::unique_ptr<DigestReader>* out);
  ~DigestReader();
  DigestReader(const DigestReader&) = delete;
  DigestReader& operator=(const DigestReader&) = delete;

  // Supplies a dictionary the file names but does not embed. @return OK,
  // NotFound (the file does not use it), Checksum (not the content the
  // file was built with), IOError or Corruption (not a dictionary file).
  Status AddDictionaryFile(const std::string& path);
  Status AddDictionary(DictionaryFile dict);

  nd_reader* get() const { return reader_; }
  const FileBytes& file() const { return *bytes_; }

 private:
  DigestReader() = default;
  std::unique_ptr<FileBytes> bytes_;
  std::unique_ptr<uint64_t[]> workspace_;
  nd_reader* reader_ = nullptr;
  std::vector<DictionaryFile> dictionaries_;  // the reader points into them
};

// The Status of a reader result: same code, nd_status_str's description.
inline Status FromNdStatus(nd_status s) {
  return Status::FromCode(static_cast<Status::Code>(s), nd_status_str(s));
}

// A view of a reader string.
inline std::string_view View(nd_str s) { return std::string_view(s.ptr == nullptr ? "" : s.ptr, s.len); }

}  // namespace newsdigest::reader

#endif  // NEWSDIGEST_READER_DIGEST_READER_H_
