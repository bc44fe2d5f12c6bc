// Where a writer's bytes go: an atomically replaced file, memory, or a stream
// (standard output, a device). Modeled on LevelDB's Env/WritableFile: the
// digest builder and the dictionary writer write through a WritableSink, so a
// server can build into memory and tests can inject a failure at any call.
//
// Protocol: Append() and WriteAt() any number of times, then exactly one of
// Commit() (the output appears, whole) or Abandon() (the destination is left
// as it was). A sink that is destroyed without Commit() abandons.
//
// Errors: Status messages are string literals (status.h), so a sink keeps the
// system's reason beside its Status: last_errno() is the errno of its first
// failure (0 when the failure had no system cause) and name() names the
// destination. ErrorText() joins the three into a message a person can act
// on, e.g. "out.ndg: cannot write the output: No space left on device".
// The first failure is sticky: later calls return it and do nothing.
//
// Thread-safety: a sink is used by one thread at a time.
#ifndef NEWSDIGEST_WRITER_OUTPUT_H_
#define NEWSDIGEST_WRITER_OUTPUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "newsdigest/format/status.h"

namespace newsdigest::writer {

class WritableSink {
 public:
  virtual ~WritableSink() = default;

  // Appends `data` at the end. @return OK or IOError (sticky).
  virtual Status Append(std::string_view data) = 0;
  // Overwrites already appended bytes at `offset` (the builder rewrites the
  // file header last). REQUIRES: offset + data.size() <= size().
  virtual Status WriteAt(uint64_t offset, std::string_view data) = 0;
  // Makes the output durable and visible. @return OK or IOError; on error
  // the destination is left as it was (as far as the medium allows: a
  // stream may have received part of the bytes).
  virtual Status Commit() = 0;
  // Discards everything; the destination is left as it was. Idempotent.
  virtual void Abandon() = 0;

  // OK, or the first failure (also a failure to open the destination).
  virtual Status status() const = 0;
  // errno of the first failure, 0 if none or not a system error.
  virtual int last_errno() const = 0;
  // The destination, for messages: a path, "<memory>" or "<stdout>".
  virtual const std::string& name() const = 0;
  // Bytes appended so far.
  virtual uint64_t size() const = 0;
};

// "<name>: <message>[: <strerror(err)>]", e.g. "out.ndg: cannot create the
// output file: No such file or directory". `err` 0 leaves out the reason.
std::string ErrorText(const Status& st, const std::string& name, int err);
// ErrorText(st, sink.name(), sink.last_errno()).
std::string ErrorText(const Status& st, const WritableSink& sink);

// A file replaced atomically: bytes go to a new temporary file in the same
// directory, named ".<base>.<16 random hex digits>.tmp" and created with
// open(O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 0666 & ~umask), so a file
// or symlink planted under any name is never opened or followed. Commit()
// fsyncs it, renames it over `path` and fsyncs the directory; Abandon()
// unlinks it. A failure to create the temporary shows in status().
std::unique_ptr<WritableSink> NewAtomicFileSink(const std::string& path);

// Memory: *dest receives all bytes at Commit() and is not touched before (nor
// on Abandon()). REQUIRES: `dest` outlives the sink.
std::unique_ptr<WritableSink> NewMemorySink(std::string* dest);

// A stream that cannot seek (standard output, a pipe, a character device):
// bytes are spooled to an unlinked temporary file (in $TMPDIR, else /tmp)
// and copied to `fd` at Commit(), so nothing reaches the stream unless the
// build succeeds. Does not close `fd`. `name` is for messages.
std::unique_ptr<WritableSink> NewStreamSink(int fd, const std::string& name);

// The sink for an output path as the CLI means it: "-" is standard output
// (NewStreamSink(1, "<stdout>")); an existing path that is not a regular
// file (e.g. /dev/null, /dev/full, a FIFO) is written as a stream, not
// replaced; anything else is NewAtomicFileSink(path).
std::unique_ptr<WritableSink> NewOutputSink(const std::string& path);

namespace output_detail {
// NewAtomicFileSink with a chosen temporary path instead of a random one
// (tests: a symlink planted there must make creation fail, not be followed).
std::unique_ptr<WritableSink> NewAtomicFileSinkAt(const std::string& path, const std::string& tmp_path);
}  // namespace output_detail

}  // namespace newsdigest::writer

#endif  // NEWSDIGEST_WRITER_OUTPUT_H_
