// newsdigest append EDITION.ndg INPUT... -o NEW.ndg: the edition's records
// verbatim, then the new articles summarized and compressed with the
// edition's dictionaries (core/edition does the work).
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli_edition.h"

namespace newsdigest::cli {

int RunAppend(int argc, char** argv) {
  namespace d = cli_edition;
  CLI::App app{"Add articles to a digest file: its records are copied verbatim, the new articles are summarized and "
               "compressed with its dictionaries; articles it already has (same id or body) are skipped.",
               "newsdigest append"};
  std::string edition_path, output;
  std::vector<std::string> inputs;
  bool quiet = false;
  d::EditionFlags flags;
  edition::AppendOptions o;
  app.add_option("edition", edition_path, "The existing digest file")->required();
  app.add_option("inputs", inputs, "New articles: files, directories (walked recursively), - for JSONL on stdin")
      ->required();
  app.add_option("-o,--output", output, "Output digest file (written atomically); - writes it to standard output")
      ->required();
  AddSummaryOptions(app, &o.pipeline.summary);
  app.add_option("--level", o.pipeline.encoder.level, "zstd compression level (1-22)")
      ->check(WholeNumberIn(1, 22))
      ->capture_default_str();
  app.add_option("-j,--threads", o.pipeline.threads, "Threads for summarizing and compressing (0 = all cores)")
      ->check(WholeNumberIn(0, 256))
      ->default_str("all cores");
  d::AddEditionFlags(app, &flags, false);
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
  OutputSigner signer;
  signer.AddOption(app);
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (output == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  if (!d::ToMergeOptions(flags, &o.merge)) return kExitUsage;
  std::string key_err;
  if (!signer.Load(&key_err)) {
    std::fprintf(stderr, "newsdigest append: %s\n", key_err.c_str());
    return kExitUsage;
  }
  const edition::OutputWrapper wrap = [&signer](std::unique_ptr<writer::WritableSink> sink) {
    return signer.Wrap(std::move(sink));
  };
  o.pipeline.dedup = o.merge.dedup;
  o.pipeline.on_reject = [](const ingest::InputError& e) {
    std::fprintf(stderr, "%s: %s\n", TerminalSafe(e.origin).c_str(), TerminalSafe(e.reason).c_str());
  };
  edition::AppendReport report;
  d::NoteSignedInputs({edition_path}, signer.enabled(), quiet);
  const Status st = edition::AppendFiles(edition_path, inputs, output, o, &report, wrap);
  const int rc = d::FinishReport(st, report.merge, output, quiet);
  if (rc == kExitOk && report.build.rejected > 0) return kExitPartial;
  return rc;
}

}  // namespace newsdigest::cli
