// newsdigest build -o OUT.ndg INPUT...
#include <cstdio>

#include "build_pipeline.h"
#include "cli_common.h"

namespace newsdigest::cli {

int RunBuild(int argc, char** argv) {
  CLI::App app{"Pack articles into a digest file. INPUT: files, directories (walked recursively), or - for JSONL on stdin.",
               "newsdigest build"};
  BuildOptions o;
  bool quiet = false;
  app.add_option("-o,--output", o.output, "Output digest file (written atomically)")->required();
  app.add_option("inputs", o.inputs, "Input files or directories; - reads JSONL from stdin")->required();
  AddSummaryOptions(app, &o.summary);
  app.add_option("--level", o.encoder.level, "zstd compression level (1-22)")
      ->check(CLI::Range(1, 22))
      ->capture_default_str();
  app.add_option("--max-article-bytes", o.ingest.max_article_bytes,
                 "Largest accepted article body in bytes; larger inputs are rejected")
      ->check(CLI::Range(1u, 64u * 1024u * 1024u))
      ->capture_default_str();
  app.add_option("--base-url", o.ingest.base_url, "Base URL for relative links in HTML input");
  app.add_option("--dict", o.dict_files, "zstd dictionary file(s) (from train-dict); per-language ones are picked by article language");
  app.add_flag("--embed-dict", o.embed_dict, "Store the dictionaries in the file (self-contained); otherwise the file names them and readers must have them");
  app.add_flag("--train-dict", o.train_dict, "Train a dictionary on the input itself and embed it");
  app.add_option("--dict-size", o.dict_size, "Size of a trained dictionary in bytes")->capture_default_str();
  bool no_dedup = false;
  app.add_flag("--no-dedup", no_dedup, "Store identical bodies separately");
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  o.dedup = !no_dedup;
  o.encoder.article_limit = o.ingest.max_article_bytes;
  o.builder.article_limit = o.ingest.max_article_bytes;

  BuildResult result;
  Status st = RunBuildPipeline(
      o, [](const ingest::InputError& e) { std::fprintf(stderr, "%s: %s\n", e.origin.c_str(), e.reason.c_str()); },
      &result);
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s (%s)\n", o.output.c_str(), st.message(), st.CodeName());
    return kExitUsage;
  }
  if (!quiet) {
    std::fprintf(stderr, "%s: %u digests, %llu bytes (%.2fx of %llu input bytes)", o.output.c_str(), result.packed,
                 static_cast<unsigned long long>(result.output_bytes),
                 result.output_bytes ? static_cast<double>(result.input_bytes) / static_cast<double>(result.output_bytes) : 0.0,
                 static_cast<unsigned long long>(result.input_bytes));
    if (result.deduplicated) std::fprintf(stderr, "; %u duplicates stored once", result.deduplicated);
    if (result.rejected) std::fprintf(stderr, "; %u inputs rejected", result.rejected);
    std::fprintf(stderr, "\n");
  }
  return result.rejected ? kExitPartial : kExitOk;
}

}  // namespace newsdigest::cli
