// newsdigest delta OLD.ndg NEW.ndg -o UPDATE.ndu [--sequence N]
//
// Writes the update that turns OLD into NEW byte for byte (core/delta,
// core/format/DELTA.md). The output is written atomically.
#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::cli {
namespace cmd_delta_detail {
inline std::string_view Bytes(const DigestFile& f) {
  return std::string_view(reinterpret_cast<const char*>(f.data()), static_cast<size_t>(f.size()));
}
}  // namespace cmd_delta_detail

int RunDelta(int argc, char** argv) {
  CLI::App app{"Write the update that turns digest file OLD into NEW (records NEW shares with OLD are\n"
               "copied on the device; new records, header, index and trailer travel in the update).\n"
               "The update is bound to OLD by its SHA-512 and carries NEW's SHA-512 and a sequence\n"
               "number: a device accepts only an update whose sequence is above its edition's.\n"
               "Sign NEW itself (build --sign): its signature travels in the update byte for byte and\n"
               "`patch --key` checks it (an update is not a digest file: there is no --sign here).\n"
               "Exit 0 on success, 1 on errors.",
               "newsdigest delta"};
  std::string old_path, new_path, out_path;
  uint64_t sequence = 0;
  app.add_option("old", old_path, "The edition the device holds")->required();
  app.add_option("new", new_path, "The edition to make")->required();
  app.add_option("-o,--output", out_path, "Update file, written atomically (- for standard output)")->required();
  app.add_option("--sequence", sequence,
                 "Sequence number of NEW (default: NEW's creation time, else the current time)")
      ->check(WholeNumberIn(1, UINT64_MAX));
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  if (out_path == "-" && isatty(STDOUT_FILENO) != 0) {
    std::fprintf(stderr, "-o -: standard output is a terminal; redirect it to a file or a pipe\n");
    return kExitUsage;
  }
  // Nothing is written over an input (OLD or NEW, also through a symlink,
  // a hard link or standard input): refused before anything is read.
  std::string problem;
  if (!pipeline::CheckBuildPaths({old_path, new_path}, out_path, &problem, "delta").ok()) {
    std::fprintf(stderr, "newsdigest delta: %s\n", TerminalSafe(problem).c_str());
    return kExitUsage;
  }
  DigestFile old_file, new_file;
  std::string err;
  // Both must be digest files the reader opens (magic, header, index and
  // trailer): an update is never made from, or to, anything else.
  if (old_file.Open(old_path, &err) != ND_OK || new_file.Open(new_path, &err) != ND_OK) {
    std::fprintf(stderr, "newsdigest delta: %s (OLD and NEW must be readable digest files)\n",
                 TerminalSafe(err).c_str());
    return kExitUsage;
  }
  // The reader opens a file whose trailer or index is damaged (it scans):
  // an update is made only between intact files.
  for (const DigestFile* f : {&old_file, &new_file}) {
    if (nd_reader_index_damaged(f->reader()) != 0) {
      std::fprintf(stderr,
                   "newsdigest delta: %s: index or trailer damaged (truncated or overwritten file); OLD and NEW must "
                   "be intact digest files (newsdigest verify / salvage)\n",
                   TerminalSafe(f->name()).c_str());
      return kExitUsage;
    }
  }
  delta::DeltaOptions opt;
  opt.sequence = sequence;
  std::string update;
  delta::DeltaStats stats;
  Status s = delta::MakeDelta(cmd_delta_detail::Bytes(old_file), cmd_delta_detail::Bytes(new_file), opt,
                              &update, &stats);
  if (!s.ok()) {
    std::fprintf(stderr, "newsdigest delta: %s: %s\n", TerminalSafe(InputName(new_path)).c_str(), s.message());
    return kExitUsage;
  }
  auto sink = writer::NewOutputSink(out_path);
  s = sink->Append(update);
  if (s.ok()) s = sink->Commit();
  if (!s.ok()) {
    sink->Abandon();
    std::fprintf(stderr, "newsdigest delta: %s\n", TerminalSafe(writer::ErrorText(s, *sink)).c_str());
    return kExitUsage;
  }
  std::fprintf(stderr,
               "%s: %llu bytes (sequence %llu): %llu bytes of NEW copied from OLD, %llu carried, %llu of index, "
               "%u operations\n",
               TerminalSafe(out_path == "-" ? std::string("standard output") : out_path).c_str(),
               static_cast<unsigned long long>(stats.update_bytes), static_cast<unsigned long long>(stats.sequence),
               static_cast<unsigned long long>(stats.copied_bytes),
               static_cast<unsigned long long>(stats.literal_bytes + stats.filled_bytes),
               static_cast<unsigned long long>(stats.offset_bytes), stats.ops);
  return kExitOk;
}

}  // namespace newsdigest::cli
