// newsdigest stats FILE
#include <cstdio>
#include <map>
#include <string>

#include "cli_common.h"
#include "digest_file.h"
#include "newsdigest/format/format.h"

namespace newsdigest::cli {

int RunStats(int argc, char** argv) {
  CLI::App app{"Sizes and counts of a digest file: bytes per part (header, dictionaries, metadata, text, index).",
               "newsdigest stats"};
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
  nd_reader* r = f.reader();
  nd_limits lim;
  nd_reader_limits(r, &lim);
  uint64_t framing = 0, meta = 0, text = 0, dict = 0, index = 0, raw_body = 0, raw_title = 0, summary = 0;
  uint32_t digests = 0;
  std::map<std::string, uint32_t> langs;
  uint64_t pos = 0, off = 0;
  uint32_t kind = 0;
  while (nd_reader_scan(r, &pos, &off, &kind) == ND_OK) {
    format::RecordHeader rh{};
    if (format::DecodeRecordHeader(f.data() + off, f.size() - off, &rh) <= 0) continue;  // scan checked it
    const uint32_t payload = rh.payload_len, meta_len = rh.meta_len;
    framing += rh.size;
    if (kind == format::kRecordDigest) {
      ++digests;
      meta += meta_len;
      text += payload - meta_len;
      nd_meta m;
      if (nd_reader_meta_at(r, off, &m) == ND_OK) {
        raw_body += m.text_size;
        raw_title += m.title.len;
        summary += m.summary_size;
        ++langs[m.lang.len ? std::string(View(m.lang)) : std::string("?")];
      }
    } else if (kind == format::kRecordDictionary) {
      dict += payload;
    } else {
      index += payload;
    }
  }
  const uint64_t total = f.size();
  auto pct = [&](uint64_t v) { return total ? 100.0 * static_cast<double>(v) / static_cast<double>(total) : 0.0; };
  std::printf("file            %s\n", path.c_str());
  std::printf("digests         %u (header says %u)%s\n", digests, lim.digest_count,
              nd_reader_index_damaged(r) ? ", index DAMAGED" : "");
  std::printf("bytes           %llu\n", static_cast<unsigned long long>(total));
  std::printf("  header        %8llu  %5.1f%%\n", static_cast<unsigned long long>(lim.header_size), pct(lim.header_size));
  std::printf("  dictionaries  %8llu  %5.1f%%\n", static_cast<unsigned long long>(dict), pct(dict));
  std::printf("  record frames %8llu  %5.1f%%\n", static_cast<unsigned long long>(framing), pct(framing));
  std::printf("  metadata      %8llu  %5.1f%%\n", static_cast<unsigned long long>(meta), pct(meta));
  std::printf("  text (zstd)   %8llu  %5.1f%%\n", static_cast<unsigned long long>(text), pct(text));
  std::printf("  index         %8llu  %5.1f%%\n", static_cast<unsigned long long>(index), pct(index));
  std::printf("  trailer       %8llu  %5.1f%%\n", static_cast<unsigned long long>(format::kTrailerSize),
              pct(format::kTrailerSize));
  std::printf("raw title+body  %llu (ratio %.3fx)\n", static_cast<unsigned long long>(raw_title + raw_body),
              total ? static_cast<double>(raw_title + raw_body) / static_cast<double>(total) : 0.0);
  std::printf("summary bytes   %llu (stored inside the text, not twice)\n", static_cast<unsigned long long>(summary));
  std::printf("largest body    %u bytes, largest record %u bytes\n", lim.max_text_size, lim.max_record_size);
  std::printf("workspace       %zu bytes (memory), %zu bytes (callback)\n", nd_reader_workspace_size(&lim),
              nd_reader_workspace_size_io(&lim));
  std::printf("languages      ");
  for (const auto& [k, v] : langs) std::printf(" %s:%u", k.c_str(), v);
  std::printf("\n");
  return kExitOk;
}

}  // namespace newsdigest::cli
