// newsdigest merge A.ndg B.ndg ... -o OUT.ndg: one digest file from several,
// without recompressing (core/edition does the work).
#include <unistd.h>

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
  std::string output;
  bool quiet = false;
  d::EditionFlags flags;
  app.add_option("inputs", inputs, "Digest files, in order")->required();
  app.add_option("-o,--output", output, "Output digest file (written atomically); - writes it to standard output")
      ->required();
  d::AddEditionFlags(app, &flags, true);
  app.add_flag("--drop-duplicate-ids", flags.drop_duplicate_ids,
               "Keep only the first digest of each id (by default every digest is kept and identical bodies share text)");
  app.add_flag("--deep-dedup", flags.deep_dedup,
               "Find identical bodies by decoding every text, not by their compressed bytes: also shares copies "
               "whose title or language (so summary or dictionary) differs, as one build would; slower");
  app.add_flag("-q,--quiet", quiet, "Print nothing but errors");
  OutputSigner signer;
  signer.AddOption(app);
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (output == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  std::string key_err;
  if (!signer.Load(&key_err)) {
    std::fprintf(stderr, "newsdigest merge: %s\n", key_err.c_str());
    return kExitUsage;
  }
  const edition::OutputWrapper wrap = [&signer](std::unique_ptr<writer::WritableSink> sink) {
    return signer.Wrap(std::move(sink));
  };
  edition::MergeOptions o;
  if (!d::ToMergeOptions(flags, &o)) return kExitUsage;
  d::NoteSignedInputs(inputs, signer.enabled(), quiet);
  edition::MergeReport report;
  const Status st = edition::MergeFiles(inputs, output, o, &report, wrap);
  return d::FinishReport(st, report, output, quiet);
}

}  // namespace newsdigest::cli
