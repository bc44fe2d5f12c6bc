// InputFile: the one bounded reader of article inputs (files, standard input,
// gzip-compressed or not).
//
// Every size limit is applied to the bytes as they are read (after
// decompression), never after reading a whole input: a gzip bomb, a 1 GiB
// JSONL line or /dev/zero costs at most the limit plus one 64 KiB chunk of
// memory. gzip data (RFC 1952, concatenated members allowed) is recognized by
// its magic bytes 1f 8b whatever the file is named, and decompressed with
// zlib; bytes after the last complete member that are not another member are
// ignored, as gzip(1) does.
// Errors carry the system's reason (strerror) in *reason; callers prefix the
// path ("in.jsonl: cannot open: No such file or directory").
// Thread-safety: an InputFile is used by one thread at a time.
#ifndef NEWSDIGEST_INGEST_INPUT_FILE_H_
#define NEWSDIGEST_INGEST_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "newsdigest/format/status.h"

namespace newsdigest::ingest {

class InputFile {
 public:
  // Decompressed bytes are produced in chunks of this size.
  static constexpr size_t kChunkBytes = 64u << 10;

  InputFile();
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Opens `path` ("-" is standard input, which is not closed) and detects
  // gzip. @return OK, or IOError with *reason = "cannot open: <strerror>",
  // "is a directory" or "read error: <strerror>".
  // REQUIRES: not open yet.
  Status Open(const std::string& path, std::string* reason);

  // True when the input is gzip-compressed. REQUIRES: Open() succeeded.
  bool gzip() const;

  // Total decompressed bytes handed out so far (Read/ReadLine/ReadAll).
  uint64_t bytes_read() const;

  // The first bytes of the (decompressed) input without consuming them:
  // up to `n` bytes (n <= kChunkBytes), fewer only at the end of the input.
  Status Peek(size_t n, std::string_view* head, std::string* reason);

  // Reads the rest of the input into *out (replacing it). @return OK, or
  // TooLarge with *reason = "larger than the limit of N bytes" as soon as
  // more than `max_bytes` are seen (at most max_bytes + kChunkBytes are held
  // in memory), or IOError / Corruption (bad gzip data) with *reason.
  Status ReadAll(uint64_t max_bytes, std::string* out, std::string* reason);

  // Reads the next line ('\n' ends it and is not stored; a last line without
  // '\n' counts). At most `max_bytes` bytes are stored: a longer line is
  // read to its end WITHOUT storing it, *line is left empty and *too_long is
  // set. *line_bytes receives the line's full length. At the end of the
  // input returns OK with *eof = true.
  Status ReadLine(uint64_t max_bytes, std::string* line, bool* too_long, uint64_t* line_bytes, bool* eof,
                  std::string* reason);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens `path` ("-" for standard input) and reads it whole, at most
// `max_bytes` decompressed bytes (see InputFile::ReadAll).
Status ReadInputFile(const std::string& path, uint64_t max_bytes, std::string* out, std::string* reason);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_INPUT_FILE_H_
