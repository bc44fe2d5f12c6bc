// newsdigest salvage DAMAGED.ndg -o OUT.ndg [--dict FILE ...]
//
// A thin shell over core/repair (newsdigest/repair/salvage.h): recovers the
// intact digests of a damaged file into a new, valid one and reports what
// was lost. The report goes to standard error (standard output may carry
// the recovered file: -o -); every id, title and path in it is
// terminal-safe (TerminalSafe).
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/repair/salvage.h"

namespace newsdigest::cli {

int RunSalvage(int argc, char** argv) {
  CLI::App app{"Recover the intact digests of a damaged digest file into a new, valid file.\n"
               "FILE may be - (standard input; at most 256 MiB is read from a pipe or device) and\n"
               "-o may be - (standard output, not a terminal). The report goes to standard error.\n"
               "Digests whose dictionary the file names but does not embed are recovered only\n"
               "with that dictionary given by --dict FILE; otherwise one line names its id.\n"
               "Exit 0 when every digest was recovered (also when the index or trailer had to be\n"
               "rebuilt), 2 when some digests were lost or their number is unknown (damaged file\n"
               "header), 2 and nothing written when no digest was recovered (an existing output\n"
               "is left as it was), 1 on fatal errors.",
               "newsdigest salvage"};
  std::string in_path, out_path;
  std::vector<std::string> dict_paths;
  app.add_option("file", in_path, "Damaged digest file (- for standard input)")->required();
  app.add_option("-o,--output", out_path,
                 "Output digest file, written atomically (- for standard output)")
      ->required();
  app.add_option("--dict", dict_paths, "Dictionary file(s) for digest files that do not embed theirs");
  OutputSigner signer;
  signer.AddOption(app);
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (out_path.empty()) {
    std::fprintf(stderr, "newsdigest salvage: -o needs a path (or - for standard output)\n");
    return kExitUsage;
  }
  if (out_path == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  std::string key_err;
  if (!signer.Load(&key_err)) {
    std::fprintf(stderr, "newsdigest salvage: %s\n", key_err.c_str());
    return kExitUsage;
  }
  const std::string in_name = TerminalSafe(InputName(in_path));
  const std::string out_name = out_path == "-" ? std::string("standard output") : TerminalSafe(out_path);

  repair::SalvageReport report;
  const Status s = repair::SalvageFile(in_path, out_path, dict_paths, &report,
                                       [&](std::unique_ptr<writer::WritableSink> sink) { return signer.Wrap(std::move(sink)); });
  for (const std::string& w : report.warnings)
    std::fprintf(stderr, "%s: %s\n", in_name.c_str(), TerminalSafe(w).c_str());
  if (!s.ok()) {
    std::string msg = report.error_text.empty() ? in_path + ": " + std::string(s.message()) : report.error_text;
    std::fprintf(stderr, "newsdigest salvage: %s\n", TerminalSafe(msg).c_str());
    return kExitUsage;
  }
  for (const repair::LostDigest& l : report.lost_digests) {
    const std::string label = l.id.empty() ? std::string("(metadata unreadable)")
                                           : "'" + TerminalSafe(l.id) + "' (" + TerminalSafe(l.title) + ")";
    if (l.index >= 0) {
      std::fprintf(stderr, "lost: digest %lld at offset %llu: %s\n", static_cast<long long>(l.index),
                   static_cast<unsigned long long>(l.offset), l.why.c_str());
    } else {
      std::fprintf(stderr, "lost: digest at offset %llu %s: %s\n", static_cast<unsigned long long>(l.offset),
                   label.c_str(), l.why.c_str());
    }
  }
  for (const repair::MissingDictionary& m : report.missing_dictionaries)
    std::fprintf(stderr, "%s\n", MissingDictionaryLine(in_name, m.id, m.digests, false).c_str());
  if (report.lost_unnamed > 0)
    std::fprintf(stderr, "lost: %u more digest(s) the header counts could not be found\n", report.lost_unnamed);
  if (!report.written) {
    std::fprintf(stderr, "%s: no digest recovered, %u lost; %s not written (an existing file is left as it was)\n",
                 in_name.c_str(), report.lost, out_name.c_str());
    return kExitPartial;
  }
  std::fprintf(stderr, "%s: %u digest(s) recovered into %s, %u lost%s%s\n", in_name.c_str(), report.recovered,
               out_name.c_str(), report.lost,
               report.header_damaged ? " (file header was damaged: count of lost digests unknown)" : "",
               report.index_damaged && !report.header_damaged ? " (index was damaged and rebuilt)" : "");
  return report.complete() ? kExitOk : kExitPartial;
}

}  // namespace newsdigest::cli
