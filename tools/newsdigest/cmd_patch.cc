// newsdigest patch OLD.ndg UPDATE.ndu -o NEW.ndg [--current-sequence N]
//
// Applies an update (core/delta ApplyDelta, the device's applier): checks the
// update's CRC, OLD's SHA-512, NEW's SHA-512; writes NEW atomically, only
// when every check holds.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::cli {
namespace cmd_patch_detail {
inline std::string_view Bytes(const DigestFile& f) {
  return std::string_view(reinterpret_cast<const char*>(f.data()), static_cast<size_t>(f.size()));
}
}  // namespace cmd_patch_detail

int RunPatch(int argc, char** argv) {
  CLI::App app{"Rebuild digest file NEW from OLD and an update written by `newsdigest delta`.\n"
               "Nothing is written unless the update is intact (CRC), made for OLD (SHA-512), newer\n"
               "than --current-sequence, and produces exactly the NEW it names (SHA-512).\n"
               "Exit 0 on success, 1 on errors.",
               "newsdigest patch"};
  std::string old_path, update_path, out_path;
  uint64_t current = 0;
  app.add_option("old", old_path, "The edition held")->required();
  app.add_option("update", update_path, "The update (.ndu)")->required();
  app.add_option("-o,--output", out_path, "New digest file, written atomically (- for standard output)")
      ->required();
  app.add_option("--current-sequence", current,
                 "Sequence of the edition held: older or equal updates are refused as replays (default 0)");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (out_path == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  DigestFile old_file, update_file;
  std::string err;
  if (old_file.Load(old_path, &err) != ND_OK || update_file.Load(update_path, &err) != ND_OK) {
    std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(err).c_str());
    return kExitUsage;
  }
  delta::ApplyOptions opt;
  opt.current_sequence = current;
  auto sink = writer::NewOutputSink(out_path);
  if (!sink->status().ok()) {
    std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(writer::ErrorText(sink->status(), *sink)).c_str());
    return kExitUsage;
  }
  const Status s = delta::ApplyDelta(cmd_patch_detail::Bytes(old_file),
                                     cmd_patch_detail::Bytes(update_file), opt, sink.get());
  if (!s.ok()) {
    // Name the file the reason is about: OLD for a wrong base, the output
    // for an I/O error, the update otherwise.
    std::string who = TerminalSafe(InputName(update_path));
    if (s.code() == Status::Code::kUpdateWrongBase || s.code() == Status::Code::kUpdateReplayed)
      who += " (applied to " + TerminalSafe(InputName(old_path)) + ")";
    if (s.code() == Status::Code::kIOError) {
      std::fprintf(stderr, "newsdigest patch: %s\n", TerminalSafe(writer::ErrorText(s, *sink)).c_str());
    } else {
      std::fprintf(stderr, "newsdigest patch: %s: %s\n", who.c_str(), s.message());
    }
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace newsdigest::cli
