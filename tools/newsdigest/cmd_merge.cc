// newsdigest merge A.ndg B.ndg ... -o OUT.ndg: one digest file from several,
// without recompressing (core/edition does the work).
#include <cstdio>
#include <string>
#include <vector>

#include "cli_edition.h"

namespace newsdigest::cli {

int RunMerge(int argc, char** argv) {
  namespace d = cli_edition;
  CLI::App app{"Merge digest files into one without recompressing: records copied verbatim, identical bodies stored "
               "once, dictionaries reconciled. Shards built with the same --dict merge into the bytes of one build.",
               "newsdigest merge"};
  std::vector<std::string> inputs;
  d::EditionCommand c;
  app.add_option("inputs", inputs, "Digest files, in order")->required();
  d::AddEditionCommandOptions(app, &c, /*merge=*/true);
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  edition::MergeOptions o;
  if (!d::PrepareEditionCommand("newsdigest merge", &c, &o)) return kExitUsage;
  d::NoteSignedInputs(inputs, c.signer.enabled(), c.quiet);
  edition::MergeReport report;
  const Status st = edition::MergeFiles(inputs, c.output, o, &report, d::SigningWrapper(c.signer));
  return d::FinishReport(st, report, c.output, c.quiet);
}

}  // namespace newsdigest::cli
