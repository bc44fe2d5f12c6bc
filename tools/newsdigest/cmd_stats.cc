// newsdigest stats FILE [--json]
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_common.h"
#include "cli_output.h"
#include "digest_file.h"
#include "newsdigest/format/format.h"

namespace newsdigest::cli {

int RunStats(int argc, char** argv) {
  CLI::App app{"Sizes and counts of a digest file: bytes per part (header, dictionaries, metadata, text, index).",
               "newsdigest stats"};
  std::string path;
  bool json = false;
  app.add_option("file", path, "Digest file, or - for standard input")->required();
  app.add_flag("--json", json, "Print one JSON document (see below)");
  app.footer(
      "Pipes and scripts:\n"
      "  cat x.ndg | newsdigest stats -     read the digest file from standard input (at most 256 MiB)\n"
      "  newsdigest stats x.ndg --json      one JSON document:\n"
      "      {\"file\", \"digests\" (found by scanning), \"header_digests\", \"index_damaged\",\n"
      "       \"bytes\": {\"total\", \"header\", \"dictionaries\", \"record_frames\", \"metadata\", \"text\", \"index\",\n"
      "                 \"trailer\"}, \"raw_title_body_bytes\", \"summary_bytes\", \"largest_body\",\n"
      "       \"largest_record\", \"workspace\": {\"memory\", \"callback\"}, \"languages\": {\"en\": count, ...}}\n"
      "Exit status: 0 printed; 1 the file cannot be read, a usage error, or standard output failed.");
  int code = 0;
  if (!ParseCommandLine(app, argc, argv, &code)) return code;
  DigestFile f;
  std::string err;
  if (f.Open(path, &err) != ND_OK) {
    std::fprintf(stderr, "%s\n", TerminalSafe(err).c_str());
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
    if (format::ParseRecordHeader(f.data() + off, f.size() - off, &rh) != format::RecordParse::kOk) continue;  // scan checked it
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
  const bool damaged_index = nd_reader_index_damaged(r) != 0;
  if (json) {
    nlohmann::ordered_json j;
    j["file"] = f.name();
    j["digests"] = digests;
    j["header_digests"] = lim.digest_count;
    j["index_damaged"] = damaged_index;
    j["bytes"] = {{"total", total},     {"header", lim.header_size}, {"dictionaries", dict},
                  {"record_frames", framing}, {"metadata", meta},  {"text", text},
                  {"index", index},     {"trailer", format::kTrailerSize}};
    j["raw_title_body_bytes"] = raw_title + raw_body;
    j["summary_bytes"] = summary;
    j["largest_body"] = lim.max_text_size;
    j["largest_record"] = lim.max_record_size;
    j["workspace"] = {{"memory", nd_reader_workspace_size(&lim)}, {"callback", nd_reader_workspace_size_io(&lim)}};
    nlohmann::ordered_json lj = nlohmann::ordered_json::object();
    for (const auto& [k, v] : langs) lj[k] = v;
    j["languages"] = lj;
    OutWrite(JsonText(j, 2) + "\n");
    return kExitOk;
  }
  auto pct = [&](uint64_t v) { return total ? 100.0 * static_cast<double>(v) / static_cast<double>(total) : 0.0; };
  OutPrintf("file            %s\n", TerminalSafe(f.name()).c_str());
  OutPrintf("digests         %u (header says %u)%s\n", digests, lim.digest_count,
            damaged_index ? ", index DAMAGED" : "");
  OutPrintf("bytes           %llu\n", static_cast<unsigned long long>(total));
  auto part = [&](const char* label, uint64_t v) {
    OutPrintf("  %-13s %8llu  %5.1f%%\n", label, static_cast<unsigned long long>(v), pct(v));
  };
  part("header", lim.header_size);
  part("dictionaries", dict);
  part("record frames", framing);
  part("metadata", meta);
  part("text (zstd)", text);
  part("index", index);
  part("trailer", format::kTrailerSize);
  OutPrintf("raw title+body  %llu (ratio %.3fx)\n", static_cast<unsigned long long>(raw_title + raw_body),
            total ? static_cast<double>(raw_title + raw_body) / static_cast<double>(total) : 0.0);
  OutPrintf("summary bytes   %llu (stored inside the text, not twice)\n", static_cast<unsigned long long>(summary));
  OutPrintf("largest body    %u bytes, largest record %u bytes\n", lim.max_text_size, lim.max_record_size);
  OutPrintf("workspace       %zu bytes (memory), %zu bytes (callback)\n", nd_reader_workspace_size(&lim),
            nd_reader_workspace_size_io(&lim));
  OutPrintf("languages      ");
  for (const auto& [k, v] : langs) OutPrintf(" %s:%u", TerminalSafe(k).c_str(), v);
  OutPrintf("\n");
  return kExitOk;
}

}  // namespace newsdigest::cli
