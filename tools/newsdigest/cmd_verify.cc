// newsdigest verify FILE: checks every byte of a digest file and names the
// damaged digests (by index, offset, id and title when readable).
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "digest_file.h"

namespace newsdigest::cli {
namespace cmd_verify_detail {

// " 'id' (title)" of the digest at `offset` when its metadata is readable.
std::string Label(nd_reader* r, uint64_t offset) {
  nd_meta m;
  if (nd_reader_meta_at(r, offset, &m) != ND_OK) return "";
  std::string title(View(m.title).substr(0, 60));
  return " '" + std::string(View(m.id)) + "' (" + title + ")";
}

}  // namespace cmd_verify_detail

int RunVerify(int argc, char** argv) {
  CLI::App app{"Check a digest file: header, index, trailer and every record (checksums and full decompression).\n"
               "Exit 0 when intact, 2 when damaged, 1 when it cannot be read at all.",
               "newsdigest verify"};
  std::string path;
  std::vector<std::string> dicts;
  app.add_option("file", path, "Digest file")->required();
  app.add_option("--dict", dicts, "Dictionary file(s) for digest files that do not embed theirs");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  DigestFile f;
  std::string err;
  nd_status s = f.Open(path, &err);
  if (s != ND_OK) {
    std::fprintf(stderr, "%s\n", err.c_str());
    if (s == ND_ERR_IO) return kExitUsage;
    std::printf("%s: DAMAGED, file header unreadable (%s); `newsdigest salvage %s -o OUT.ndg` recovers the "
                "intact digests\n",
                path.c_str(), nd_status_str(s), path.c_str());
    return kExitPartial;
  }
  for (const auto& d : dicts) {
    if (f.AddDictionaryFile(d, &err) != ND_OK) {
      std::fprintf(stderr, "%s\n", err.c_str());
      return kExitUsage;
    }
  }
  nd_reader* r = f.reader();
  const uint32_t n = nd_reader_count(r);
  uint32_t damaged = 0, checked = 0, missing_dict = 0;
  if (!nd_reader_index_damaged(r)) {
    for (uint32_t i = 0; i < n; ++i) {
      uint64_t off = 0;
      s = nd_reader_offset(r, i, &off);
      if (s == ND_OK) s = nd_reader_check_at(r, off);
      ++checked;
      if (s != ND_OK) {
        ++damaged;
        if (s == ND_ERR_DICTIONARY_MISSING) ++missing_dict;
        std::fprintf(stderr, "%s: digest %u (offset %llu)%s: %s\n", path.c_str(), i,
                     static_cast<unsigned long long>(off), cmd_verify_detail::Label(r, off).c_str(), nd_status_str(s));
      }
    }
  } else {
    std::fprintf(stderr, "%s: index or trailer damaged; scanning the records\n", path.c_str());
    uint64_t pos = 0, off = 0;
    uint32_t kind = 0, found = 0;
    while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
      if (kind != 1) continue;
      ++found;
      ++checked;
      s = nd_reader_check_at(r, off);
      if (s != ND_OK) {
        ++damaged;
        if (s == ND_ERR_DICTIONARY_MISSING) ++missing_dict;
        std::fprintf(stderr, "%s: digest at offset %llu%s: %s\n", path.c_str(), static_cast<unsigned long long>(off),
                     cmd_verify_detail::Label(r, off).c_str(), nd_status_str(s));
      }
    }
    if (found < n) damaged += n - found;
    std::fprintf(stderr, "%s: %u of %u digests found by scanning\n", path.c_str(), found, n);
  }
  if (damaged == 0 && !nd_reader_index_damaged(r)) {
    std::printf("%s: ok, %u digests verified\n", path.c_str(), checked);
    return kExitOk;
  }
  std::printf("%s: DAMAGED, %u of %u digests unreadable%s\n", path.c_str(), damaged, n,
              nd_reader_index_damaged(r) ? ", index damaged" : "");
  if (missing_dict > 0)
    std::printf("%s: %u digest(s) need a dictionary the file does not embed intact (--dict FILE)\n", path.c_str(),
                missing_dict);
  if (damaged < n || nd_reader_index_damaged(r))
    std::printf("%s: `newsdigest salvage %s -o OUT.ndg` writes the readable digests into a new file\n", path.c_str(),
                path.c_str());
  return kExitPartial;
}

}  // namespace newsdigest::cli
