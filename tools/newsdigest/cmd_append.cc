// newsdigest append EDITION.ndg INPUT... -o NEW.ndg: the edition's records
// verbatim, then the new articles summarized and compressed with the
// edition's dictionaries (core/edition does the work).
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
  std::string edition_path;
  std::vector<std::string> inputs;
  d::EditionCommand c;
  edition::AppendOptions o;
  app.add_option("edition", edition_path, "The existing digest file")->required();
  app.add_option("inputs", inputs, "New articles: files, directories (walked recursively), - for JSONL on stdin")
      ->required();
  d::AddEditionCommandOptions(app, &c, /*merge=*/false, [&] {
    AddSummaryOptions(app, &o.pipeline.summary);
    app.add_option("--level", o.pipeline.encoder.level, "zstd compression level (1-22)")
        ->check(WholeNumberIn(1, 22))
        ->capture_default_str();
    app.add_option("-j,--threads", o.pipeline.threads, "Threads for summarizing and compressing (0 = all cores)")
        ->check(WholeNumberIn(0, 256))
        ->default_str("all cores");
  });
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (!d::PrepareEditionCommand("newsdigest append", &c, &o.merge)) return kExitUsage;
  o.pipeline.dedup = o.merge.dedup;
  o.pipeline.on_reject = [](const ingest::InputError& e) {
    std::fprintf(stderr, "%s: %s\n", TerminalSafe(e.origin).c_str(), TerminalSafe(e.reason).c_str());
  };
  edition::AppendReport report;
  d::NoteSignedInputs({edition_path}, c.signer.enabled(), c.quiet);
  const Status st = edition::AppendFiles(edition_path, inputs, c.output, o, &report, d::SigningWrapper(c.signer));
  const int rc = d::FinishReport(st, report.merge, c.output, c.quiet);
  if (rc == kExitOk && report.build.rejected > 0) return kExitPartial;
  return rc;
}

}  // namespace newsdigest::cli
