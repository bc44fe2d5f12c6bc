// newsdigest ls FILE
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "digest_file.h"
#include "newsdigest/ingest/ingest.h"

namespace newsdigest::cli {

int RunLs(int argc, char** argv) {
  CLI::App app{"List the digests of a file: index, date, source, title.", "newsdigest ls"};
  std::string path;
  app.add_option("file", path, "Digest file")->required();
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  DigestFile f;
  std::string err;
  if (f.Open(path, &err) != ND_OK) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return kExitUsage;
  }
  int rc = kExitOk;
  const uint32_t n = nd_reader_count(f.reader());
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    nd_status s = nd_reader_meta(f.reader(), i, &m);
    if (s != ND_OK) {
      std::fprintf(stderr, "%s: digest %u: %s\n", path.c_str(), i, nd_status_str(s));
      rc = kExitPartial;
      continue;
    }
    std::string date = m.published ? ingest::FormatIso8601(m.published).substr(0, 10) : std::string("-");
    std::string source(View(m.source));
    std::string title(View(m.title));
    if (title.empty()) title = "(untitled: " + std::string(View(m.id)) + ")";
    std::printf("%5u  %-10s  %-24s  %s\n", i, date.c_str(), source.empty() ? "-" : source.c_str(), title.c_str());
  }
  return rc;
}

}  // namespace newsdigest::cli
