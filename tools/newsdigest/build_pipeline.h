// The build pipeline behind `newsdigest build`: ingest -> summarize ->
// encode -> append. Used by the CLI, tests and benchmarks.
//
// Articles are streamed: at most BuildOptions::max_in_flight articles (and
// about max_in_flight_bytes of text) are held at once (read but not yet
// appended), so memory stays bounded whatever the corpus size. What grows
// with the corpus is small per article: the index (4 bytes) and, with
// dedup, the identical-body table (about 150 bytes per distinct body). Summarization and compression run on
// BuildOptions::threads threads; records are appended in input order, so the
// output file is byte-identical for every thread count.
//
// Thread-safety: RunBuildPipeline may be called from any thread; it calls
// `on_error` and `on_progress` on the calling thread only.
#ifndef NEWSDIGEST_TOOLS_BUILD_PIPELINE_H_
#define NEWSDIGEST_TOOLS_BUILD_PIPELINE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "newsdigest/format/status.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/summarize/summarize.h"
#include "newsdigest/writer/digest_builder.h"

namespace newsdigest::cli {

// Progress of a running build, as reported to BuildOptions::on_progress.
struct BuildProgress {
  uint64_t items = 0;        // inputs finished (packed or rejected), in order
  uint64_t input_bytes = 0;  // bytes of title + body packed so far
  double seconds = 0;        // wall time since the pipeline started
  bool final = false;        // the last report (all inputs finished)
};

struct BuildOptions {
  std::vector<std::string> inputs;
  std::string output;
  ingest::IngestOptions ingest;
  summarize::SummaryOptions summary;
  writer::EncoderOptions encoder;   // `dictionaries` is filled by the pipeline
  writer::BuilderOptions builder;   // `dictionaries` is filled by the pipeline
  // Dictionaries: files to use (--dict), whether to embed them, or train one
  // on the input itself (--train-dict, always embedded).
  std::vector<std::string> dict_files;
  bool embed_dict = false;
  // Store embedded dictionaries zstd-compressed (smaller file; a reader then
  // needs the dictionary's full size in RAM instead of reading it in place).
  bool compress_dict = false;
  bool train_dict = false;
  size_t dict_size = 64 * 1024;
  // Store identical bodies once.
  bool dedup = true;
  // Worker threads for summarization and compression; 0 = all cores. With 1
  // everything runs on the calling thread.
  unsigned threads = 0;
  // Most articles held at once (read, not yet appended); 0 = 16 per thread.
  size_t max_in_flight = 0;
  // Reading also pauses while the bodies in flight exceed this many bytes
  // (at least one article is always in flight), so memory stays bounded for
  // any thread count and article size.
  size_t max_in_flight_bytes = 64u * 1024u * 1024u;
  // Called on the calling thread about every `progress_interval` seconds and
  // once at the end (BuildProgress::final). May be empty.
  std::function<void(const BuildProgress&)> on_progress;
  double progress_interval = 0.25;
};

struct BuildResult {
  uint32_t packed = 0;      // digests written
  uint32_t rejected = 0;    // inputs reported as errors
  uint64_t input_bytes = 0; // bytes of title + body packed
  uint64_t output_bytes = 0;
  uint32_t deduplicated = 0; // digests sharing an earlier digest's text
  unsigned threads = 0;      // worker threads used
};

// Turns one ingested article and its summary into writer input.
void ToDigestInput(const ingest::Article& a, const summarize::Summary& s, writer::DigestInput* out);

// Number of worker threads `requested` means (0 = all cores, at least 1).
unsigned ResolveBuildThreads(unsigned requested);

// Runs the whole build. Each rejected input is passed to `on_error` in input
// order (and the build goes on); a fatal error (cannot write the output) is
// returned. Dedup: a digest whose body equals an earlier packed digest's body
// stores no text; it gets text_ref = that record's offset and its summary.
Status RunBuildPipeline(const BuildOptions& options, const std::function<void(const ingest::InputError&)>& on_error,
                        BuildResult* result);

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_BUILD_PIPELINE_H_
