// The build pipeline behind `newsdigest build`: ingest -> summarize ->
// encode -> append. Used by the CLI and by benchmarks.
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
  bool train_dict = false;
  size_t dict_size = 64 * 1024;
  // Store identical bodies once.
  bool dedup = true;
};

struct BuildResult {
  uint32_t packed = 0;      // digests written
  uint32_t rejected = 0;    // inputs reported as errors
  uint64_t input_bytes = 0; // bytes of title + body packed
  uint64_t output_bytes = 0;
  uint32_t deduplicated = 0; // digests sharing an earlier digest's text
};

// Turns one ingested article and its summary into writer input.
void ToDigestInput(const ingest::Article& a, const summarize::Summary& s, writer::DigestInput* out);

// Runs the whole build. Each rejected input is passed to `on_error` (and the
// build goes on); a fatal error (cannot write the output) is returned.
Status RunBuildPipeline(const BuildOptions& options, const std::function<void(const ingest::InputError&)>& on_error,
                        BuildResult* result);

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_BUILD_PIPELINE_H_
