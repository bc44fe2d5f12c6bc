// The producer API: articles in, one digest file out (ingest -> summarize ->
// encode -> append), as `newsdigest build` does it.
//
// DigestPipeline takes articles one at a time (Add) or from an
// ingest::ArticleSource (AddAll), summarizes and encodes them on
// PipelineOptions::threads threads and appends the records in input order, so
// the output is byte-identical for every thread count. At most
// max_in_flight articles (and about max_in_flight_bytes of body text) are
// held at once, so memory stays bounded whatever the corpus size; what grows
// is small per article: the index (4 bytes) and, with dedup, the
// identical-body table (about 150 bytes per distinct body).
//
// Identical bodies are stored once: a body whose length, 64-bit hash and
// SHA-256 equal an earlier packed body's shares that digest's text and
// summary (the caller never sees record offsets).
//
// RunBuild() is the whole `build` command as a library call: input paths,
// dictionaries (files, or trained on the input), one output sink.
//
// Thread-safety: a DigestPipeline is used by one thread at a time; it calls
// on_reject and on_progress on that thread only.
#ifndef NEWSDIGEST_PIPELINE_PIPELINE_H_
#define NEWSDIGEST_PIPELINE_PIPELINE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/format/status.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/summarize/summarize.h"
#include "newsdigest/writer/digest_builder.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::pipeline {

// Defaults, each named once.
inline constexpr size_t kDefaultMaxInFlightBytes = size_t{64} * 1024 * 1024;
inline constexpr size_t kDefaultInFlightPerThread = 16;
inline constexpr double kDefaultProgressInterval = 0.25;  // seconds
// A trained dictionary reads about this many times its size of body text.
inline constexpr size_t kTrainingInputPerDictionaryByte = 100;

// Progress of a running pipeline, as reported to on_progress.
struct Progress {
  uint64_t items = 0;        // inputs finished (packed or rejected), in order
  uint64_t input_bytes = 0;  // bytes of title + body packed so far
  double seconds = 0;        // wall time since the pipeline started
  bool final = false;        // the last report (Finish)
};

struct Stats {
  uint32_t packed = 0;        // digests written
  uint32_t rejected = 0;      // inputs reported through on_reject
  uint64_t input_bytes = 0;   // bytes of title + body packed
  uint64_t output_bytes = 0;  // size of the output (after Finish)
  uint32_t deduplicated = 0;  // digests sharing an earlier digest's text
  unsigned threads = 0;       // worker threads used
};

struct PipelineOptions {
  summarize::SummaryOptions summary;
  // Encoder and builder settings; their `dictionaries` lists are ignored:
  // the pipeline fills both from `dictionaries` below.
  writer::EncoderOptions encoder;
  writer::BuilderOptions builder;
  // Dictionaries to compress with (not owned; must outlive the pipeline).
  std::vector<const writer::DictionaryData*> dictionaries;
  // Store identical bodies once.
  bool dedup = true;
  // Worker threads for summarization and compression; 0 = all cores. With 1
  // everything runs on the calling thread.
  unsigned threads = 0;
  // Most articles held at once (added, not yet appended); 0 = 16 per thread.
  size_t max_in_flight = 0;
  // Adding also waits while the bodies in flight exceed this many bytes (at
  // least one article is always in flight).
  size_t max_in_flight_bytes = kDefaultMaxInFlightBytes;
  // Called for each rejected input, in input order. May be empty.
  std::function<void(const ingest::InputError&)> on_reject;
  // Called about every `progress_interval` seconds and once from Finish()
  // (Progress::final). May be empty.
  std::function<void(const Progress&)> on_progress;
  double progress_interval = kDefaultProgressInterval;
  // Tests only: the first-stage body hash of identical-body detection
  // (default ingest::BodyHash). Bodies that collide on it are still told
  // apart by SHA-256.
  uint64_t (*body_hash)(std::string_view body) = nullptr;
};

// Turns one ingested article and its summary into writer input.
void ToDigestInput(const ingest::Article& a, const summarize::Summary& s, writer::DigestInput* out);

// Number of worker threads `requested` means (0 = all cores, at least 1).
unsigned ResolveThreads(unsigned requested);

class DigestPipeline {
 public:
  // Starts a digest file in `output` (owned). @return OK with *out set, or
  // the output's error (*error_text, when not null, says why).
  static Status Create(const PipelineOptions& options, std::unique_ptr<writer::WritableSink> output,
                       std::unique_ptr<DigestPipeline>* out, std::string* error_text = nullptr);
  // Abandons the output unless Finish() succeeded.
  ~DigestPipeline();
  DigestPipeline(const DigestPipeline&) = delete;
  DigestPipeline& operator=(const DigestPipeline&) = delete;

  // Queues one article; its fields are stored as given (ArticleSource
  // assigns ids; callers of Add may call ingest::AssignId first). May block while the window is full, appending finished articles. An
  // article that cannot be encoded is rejected through on_reject.
  // @return OK, or the output's (fatal, sticky) error.
  Status Add(ingest::Article article);
  // Reports a rejected input in its place in the input order.
  Status Reject(ingest::InputError error);
  // Adds every article of `source` and reports its errors in order.
  Status AddAll(ingest::ArticleSource* source);
  // Appends everything in flight (stats() are then final but for
  // output_bytes). @return OK or the fatal error.
  Status Flush();
  // Appends everything in flight, writes index and header and commits the
  // output. @return OK or the fatal error (the output is then abandoned).
  Status Finish();
  // Stops the workers and leaves the destination as it was.
  void Abandon();

  // OK, or the first fatal error.
  Status status() const;
  // status() with the destination and the system's reason.
  std::string ErrorText() const;
  const Stats& stats() const;

 private:
  struct Impl;
  explicit DigestPipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// `build` as a library call.
struct BuildOptions {
  std::vector<std::string> inputs;  // files, directories, "-" (JSONL on stdin)
  ingest::IngestOptions ingest;
  PipelineOptions pipeline;         // `dictionaries` is filled by RunBuild
  // Dictionary files to use (--dict) and whether to embed them; or train one
  // on the input itself (--train-dict; read twice, always embedded).
  std::vector<std::string> dict_files;
  bool embed_dict = false;
  // Store embedded dictionaries zstd-compressed (smaller file; a reader then
  // needs the dictionary's full size in RAM instead of reading it in place).
  bool compress_dict = false;
  bool train_dict = false;
  // Size of a trained dictionary; 0 (default): the size among
  // writer::kDictionarySizeCandidates (<= dict_max; <= device_ram when
  // compressed) that makes the smallest file, or none (writer::ChooseDictionarySize).
  size_t dict_size = 0;
  size_t dict_max = writer::kDefaultDictionaryMax;
  size_t device_ram = 0;  // 0: no RAM limit for a compressed embedded dictionary
  // Leave the destination untouched (abandon) when no article was packed.
  bool keep_output_if_empty = true;
  // Called once per notice that is not an input's rejection (e.g. the output
  // found inside an input directory and skipped; no dictionary trained).
  std::function<void(const std::string&)> on_notice;
};

struct BuildResult {
  Stats stats;
  bool written = false;   // the output was committed
  // --train-dict: the trained dictionary's size (0: none) and, when the size
  // was chosen (dict_size 0), every candidate's estimate.
  size_t trained_dict_bytes = 0;
  writer::SizeChoice dict_choice;
  std::string error;      // on failure: what, where and the system's reason
};

// Checks a build's paths before anything is read or written: every input
// exists ("-" aside), the output name is not empty and not a directory, and
// no input is the output itself (same device and inode; for "-" standard
// input is compared). @return OK, or InvalidArgument with
// *problem a message like "missing.jsonl: No such file or directory".
// `refuser` names who refuses an output that is an input, in the message
// "x: is the output file too (<refuser> must not replace its input)":
// "a build" by default, e.g. "delta" or "patch" for those commands.
Status CheckBuildPaths(const std::vector<std::string>& inputs, const std::string& output, std::string* problem,
                       std::string_view refuser = "a build");

// `in` with a skip_file that leaves `output_path` (when it is an existing
// regular file) out of directory walks, calling `on_notice` (may be empty)
// the first time.
ingest::IngestOptions SkipOutputInWalks(const ingest::IngestOptions& in, const std::string& output_path,
                                        const std::function<void(const std::string&)>& on_notice);

// Runs a whole build into `output`. Rejected inputs go to
// options.pipeline.on_reject (the build goes on). When `output_path` names an
// existing file inside an input directory, the walk skips it (one notice).
// With keep_output_if_empty and nothing packed, the output is abandoned:
// OK with result->written false. @return OK, InvalidArgument (a dictionary
// cannot be loaded, dictionary size out of range) or the output's error;
// result->error says why.
Status RunBuild(const BuildOptions& options, std::unique_ptr<writer::WritableSink> output,
                const std::string& output_path, BuildResult* result);

}  // namespace newsdigest::pipeline

#endif  // NEWSDIGEST_PIPELINE_PIPELINE_H_
