// Editions: one digest file from several (merge), new articles added to an
// existing file (append), and old news dropped (expiry), without
// recompressing any stored text.
//
// Merge copies digest records verbatim (both checksums checked on the way).
// Only the small metadata part of a record is re-encoded, and only when it
// must change: a shared-text reference (text_ref) re-pointed to the record's
// new offset, a digest whose body an earlier output digest already stores
// (it becomes a shared-text record, exactly as `build` writes one: no
// keywords, the first copy's summary spans), or a dictionary/language
// default that means something else in the output's dictionary list. The
// compressed text frames are never touched.
//
// The shard property: inputs built by `build` with the same options and
// dictionaries from consecutive shards of one input stream merge, in shard
// order, into the very bytes one `build` of the whole stream writes
// (identical bodies across shards included; copies under another title or
// language need deep_dedup, see below). Sorting, expiry,
// drop_duplicate_ids or inputs built with different options leave the
// property aside but still give a valid file.
//
// Streaming: inputs are read through ByteSources (pread through a 256 KiB
// window per file, or memory) record by record via their index; the output
// is written through a 256 KiB buffer; at most 32 inputs (fewer under a low
// `ulimit -n`) hold a descriptor and window at once, the others are
// released (ByteSource::Release) and reopened when read again. Memory holds
// one record at a time plus fixed-size entries per digest: the plan (offset
// and index position, plus the date when sorting or expiring and an id hash
// when an id rule applies), the output order, a 12-byte body entry (where
// the text record is in its input and in the output) and a slot of an
// open-addressing table (FrameKey or body key -> body; 12-byte slots, at
// most 70% full); summary spans, frames and bodies are read again from the
// input when a candidate copy is compared, never kept. Measured: ~60 bytes
// per digest including the builder's index (4 bytes) and list of text
// records (4 bytes), plus ~11 MiB, whatever the record or file sizes.
// Identical bodies are found by their compressed frames by default: `build`
// compresses each body deterministically (one dictionary, level and
// summarizer), so the same body with the same summary spans and dictionary
// is the same frame bytes. The key is (frame dictionary, text_size, the
// record's text_crc, frame length), confirmed by comparing frame bytes and
// spans; nothing is decompressed, and merge only copies and checks.
// MergeOptions::deep_dedup decodes every text frame instead (CRC-32C of the
// body as the key, SHA-256 when a key repeats; bound by zstd decompression):
// it also finds identical bodies stored as different frames, which `build`
// shares too: copies whose title or language differs (the summarizer reads
// both, so the summary spans and the text order may differ) or that use
// different dictionaries (chosen by language). Append always identifies by
// body.
//
// Two phases: Merger::Open reads every input's header, dictionaries, index
// and metadata and settles every error that would make the output invalid
// (another major version, conflicting dictionaries, size limits) before an
// output exists; Merger::Write then streams the output into a sink.
//
// Thread-safety: a Merger is used by one thread at a time.
#ifndef NEWSDIGEST_EDITION_EDITION_H_
#define NEWSDIGEST_EDITION_EDITION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/format/status.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/digest_builder.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::edition {

// Random-access bytes of one input (a file read with pread, or memory).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads n bytes at `offset` into dst. @return OK, or IOError/Corruption
  // (short: the source ends before offset + n).
  virtual Status ReadAt(uint64_t offset, size_t n, void* dst) = 0;
  // Gives back operating-system resources (a file descriptor, a read
  // window) until the next ReadAt, which takes them again. Merge keeps only a
  // few inputs open at once this way, so the number of inputs is not
  // bounded by `ulimit -n`. A file source reopens its path on the next read
  // and fails with IOError when the file changed meanwhile (another inode,
  // size or modification time). Default: nothing to give back.
  virtual void Release() {}
  virtual uint64_t size() const = 0;
  // For messages: the path, or "<memory>".
  virtual const std::string& name() const = 0;
};

// A regular file or any readable path, read with pread (never mapped whole).
// @return OK or IOError (*error_text: "path: reason"; when the process is out
// of file descriptors, the reason names the `ulimit -n` limit).
Status OpenFileSource(const std::string& path, std::unique_ptr<ByteSource>* out, std::string* error_text);
// Bytes in memory (copied).
std::unique_ptr<ByteSource> NewMemorySource(std::string bytes, const std::string& name);

enum class SortOrder {
  kInput,      // input order, each input in its own order (default)
  kPublished,  // by `published` ascending, ties in input order
};

// Which digests to keep. Digests of unknown date (published 0) are always
// kept: `since` and `max_age` never drop them and `max_digests` does not
// count them.
struct ExpiryOptions {
  int64_t since = 0;          // > 0: drop digests published before this (UTC seconds)
  // > 0: drop digests published before (reference - max_age), the reference
  // being min(the newest published date of all inputs, now): one digest
  // dated in the future does not expire the rest.
  int64_t max_age = 0;
  int64_t now = 0;            // the current time for max_age (UTC seconds); 0: the system clock
  uint32_t max_digests = 0;   // > 0: keep only the last this many dated digests (in output order)
};

struct MergeOptions {
  SortOrder sort = SortOrder::kInput;
  ExpiryOptions expiry;
  // Store identical bodies once (shared text), as build does by default.
  bool dedup = true;
  // With dedup: identify bodies by decoding every text (see above) instead
  // of by frame bytes. Needed for the shard property only when identical
  // bodies in different shards were compressed differently (another title or
  // language, so other summary spans or another dictionary); about 2.5x the
  // CPU time of the default.
  bool deep_dedup = false;
  // Drop a digest whose id an earlier output digest has (an article that
  // appears in several inputs under one id). Off by default: build keeps
  // both and shares the text, and merge keeps the shard property.
  bool drop_duplicate_ids = false;
  // Append's rule: digests of inputs after the first whose id or body a
  // digest of the first input has are dropped (not shared).
  bool skip_duplicates_of_first = false;
  // Dictionary files for dictionaries an input names but does not embed
  // (they are needed to identify bodies and to name them in the output).
  std::vector<std::string> dict_files;
};

// A digest of an input that could not be taken.
struct DamagedDigest {
  std::string file;     // the input's name
  int64_t index = -1;   // position in that input's index (-1: found by scanning)
  uint64_t offset = 0;  // of its record (0 when unknown)
  std::string why;
};

// Digests an input's header counts but that could not be found (its index
// was damaged and a scan of its records found fewer: truncated or damaged).
struct LostDigests {
  std::string file;       // the input's name
  uint32_t lost = 0;      // header count minus the digest records found
  uint32_t expected = 0;  // the header's digest count
};

struct MergeReport {
  uint32_t digests = 0;             // written
  uint32_t shared = 0;              // written as shared-text records by merge (identical body)
  uint32_t dropped_duplicates = 0;  // left out by drop_duplicate_ids / skip_duplicates_of_first
  uint32_t expired = 0;             // left out by expiry
  std::vector<DamagedDigest> damaged;  // left out: damaged in their input
  std::vector<LostDigests> lost;       // left out: not found in their input (truncated file)
  std::vector<std::string> warnings;   // e.g. an input's index was damaged and its records scanned
  uint64_t input_bytes = 0;   // sum of the inputs' sizes
  uint64_t output_bytes = 0;  // size of the output (after Write)
  bool written = false;       // the output was committed
  std::string error_text;     // on failure: what and where
};

class Merger {
 public:
  // Opens and plans the merge of `inputs` (ByteSources; the first input
  // comes first). @return OK; InvalidArgument (not a digest file, another
  // major version, an input's header damaged, conflicting dictionaries: two
  // different dictionaries with one id, a dictionary needed but neither
  // embedded nor supplied); TooLarge (more than format::kMaxDictionaries
  // dictionaries, digests or bytes beyond the format's limits); IOError.
  // report->error_text says which input and why. Damaged digests are not
  // errors: they are listed in the report and left out.
  static Status Open(std::vector<std::unique_ptr<ByteSource>> inputs, const MergeOptions& options,
                     std::unique_ptr<Merger>* out, MergeReport* report);
  // Opens the input files (OpenFileSource) and plans.
  static Status Open(const std::vector<std::string>& paths, const MergeOptions& options,
                     std::unique_ptr<Merger>* out, MergeReport* report);
  ~Merger();
  Merger(const Merger&) = delete;
  Merger& operator=(const Merger&) = delete;

  // Options for a builder whose digests can join this merge's output: the
  // output's dictionaries (pointing into this Merger; content included),
  // embedding and article limit. Append encodes new articles with them.
  const writer::BuilderOptions& builder_options() const;

  // Adds one more input after Open (append's new articles), planned like the
  // others. REQUIRES: Write not called. @return as Open.
  Status AddInput(std::unique_ptr<ByteSource> input, MergeReport* report);

  // Streams the output into `sink` (owned; committed on success, abandoned
  // on failure). Digests whose text turns out damaged on the way are
  // listed in report->damaged and left out. When no digest remains to be
  // written (all expired, dropped or damaged), nothing is written: the sink
  // is abandoned (an existing file stays as it was) and Write returns OK
  // with report->written false. @return OK or the first fatal error
  // (report->error_text).
  Status Write(std::unique_ptr<writer::WritableSink> sink, MergeReport* report);

 private:
  struct Impl;
  Merger();
  std::unique_ptr<Impl> impl_;
};

// Wraps the output sink, e.g. to sign what is written (the CLI's --sign);
// empty: the sink as it is.
using OutputWrapper = std::function<std::unique_ptr<writer::WritableSink>(std::unique_ptr<writer::WritableSink>)>;

// The sink an edition command writes `path` through (writer::NewOutputSink:
// "-" is standard output, a regular file is replaced atomically), passed
// through `wrap` when given. The one place where merge and append open their
// output.
std::unique_ptr<writer::WritableSink> OpenOutput(const std::string& path, const OutputWrapper& wrap = {});

// merge as a library call: checks the paths (pipeline::CheckBuildPaths: no
// input may be the output), plans, and writes `output_path`.
// `wrap`: see OpenOutput.
Status MergeFiles(const std::vector<std::string>& inputs, const std::string& output_path,
                  const MergeOptions& options, MergeReport* report, const OutputWrapper& wrap = {});

struct AppendOptions {
  MergeOptions merge;  // expiry, dict_files; skip_duplicates_of_first is set by Append
  // How new articles are read, summarized and encoded (dictionaries, dedup
  // and builder settings are taken from the edition).
  ingest::IngestOptions ingest;
  pipeline::PipelineOptions pipeline;
};

struct AppendReport {
  MergeReport merge;
  pipeline::Stats build;  // the new articles (packed / rejected)
  std::vector<ingest::InputError> rejected;  // inputs that could not be packed
};

// append as a library call: the edition's records verbatim, then the new
// articles of `inputs` summarized and compressed with the edition's
// dictionaries (built in memory, then merged), new digests whose id or body
// the edition already has skipped, expiry applied to the whole.
Status AppendFiles(const std::string& edition, const std::vector<std::string>& inputs,
                   const std::string& output_path, const AppendOptions& options, AppendReport* report,
                   const OutputWrapper& wrap = {});

// Parses a date for --since: ISO 8601 as ingest::ParseIso8601 reads it
// (YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|+HHMM|-HH]; no zone
// means UTC) or @SECONDS. @return false when malformed, empty or not a
// calendar day (2026-02-30).
bool ParseDate(const std::string& text, int64_t* seconds);
// Parses a duration for --max-age: a number followed by s, m, h, d or w
// (e.g. 36h, 7d). @return false when malformed or not positive.
bool ParseDuration(const std::string& text, int64_t* seconds);

}  // namespace newsdigest::edition

#endif  // NEWSDIGEST_EDITION_EDITION_H_
