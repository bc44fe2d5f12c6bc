// newsdigest salvage DAMAGED.ndg -o OUT.ndg [--dict FILE ...]
//
// A thin shell over core/repair (newsdigest/repair/salvage.h): recovers the
// intact digests of a damaged file into a new, valid one and reports what
// was lost.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli_common.h"
#include "newsdigest/repair/salvage.h"

namespace newsdigest::cli {
namespace cmd_salvage_detail {

// "message" or "message: strerror(errno)" for an I/O error.
std::string Reason(const Status& s) {
  std::string m = s.message();
  if (m.empty()) m = s.CodeName();
  if (s.os_error() != 0) m += std::string(": ") + std::strerror(s.os_error());
  return m;
}

}  // namespace cmd_salvage_detail

int RunSalvage(int argc, char** argv) {
  namespace d = cmd_salvage_detail;
  CLI::App app{"Recover the intact digests of a damaged digest file into a new, valid file.\n"
               "Exit 0 when nothing was lost, 2 when some digests could not be recovered, 1 on fatal errors.",
               "newsdigest salvage"};
  std::string in_path, out_path;
  std::vector<std::string> dict_paths;
  app.add_option("file", in_path, "Damaged digest file")->required();
  app.add_option("-o,--output", out_path, "Output digest file (written atomically)")->required();
  app.add_option("--dict", dict_paths, "Dictionary file(s) for digest files that do not embed theirs");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;

  repair::SalvageReport report;
  const Status s = repair::SalvageFile(in_path, out_path, dict_paths, &report);
  for (const std::string& w : report.warnings) std::fprintf(stderr, "%s: %s\n", in_path.c_str(), w.c_str());
  if (!s.ok()) {
    if (s.code() == Status::Code::kInvalidArgument) {
      std::fprintf(stderr, "newsdigest salvage: %s (%s)\n", d::Reason(s).c_str(), out_path.c_str());
    } else {
      std::fprintf(stderr, "%s: %s\n", in_path.c_str(), d::Reason(s).c_str());
    }
    return kExitUsage;
  }
  for (const repair::LostDigest& l : report.lost_digests) {
    std::string label = l.id.empty() ? std::string("(metadata unreadable)") : "'" + l.id + "' (" + l.title + ")";
    if (l.index >= 0) {
      std::fprintf(stderr, "lost: digest %lld at offset %llu: %s\n", static_cast<long long>(l.index),
                   static_cast<unsigned long long>(l.offset), l.why.c_str());
    } else {
      std::fprintf(stderr, "lost: digest at offset %llu %s: %s\n", static_cast<unsigned long long>(l.offset),
                   label.c_str(), l.why.c_str());
    }
  }
  if (report.lost_unnamed > 0)
    std::fprintf(stderr, "lost: %u more digest(s) the header counts could not be found\n", report.lost_unnamed);
  std::printf("%s: %u digest(s) recovered into %s, %u lost%s%s\n", in_path.c_str(), report.recovered,
              out_path.c_str(), report.lost,
              report.header_damaged ? " (file header was damaged: count of lost digests unknown)" : "",
              report.index_damaged && !report.header_damaged ? " (index was damaged)" : "");
  return report.complete() ? kExitOk : kExitPartial;
}

}  // namespace newsdigest::cli
