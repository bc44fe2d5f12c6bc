// newsdigest show FILE INDEX [--body] [--json]
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "digest_file.h"
#include "newsdigest/ingest/ingest.h"

namespace newsdigest::cli {

int RunShow(int argc, char** argv) {
  CLI::App app{"Print one digest: metadata, keywords, summary and (with --body) the full body.", "newsdigest show"};
  std::string path;
  uint32_t index = 0;
  bool body = false, json = false;
  std::vector<std::string> dicts;
  app.add_option("file", path, "Digest file")->required();
  app.add_option("index", index, "Digest index (0-based, as listed by ls)")->required();
  app.add_flag("--body", body, "Also print the full body");
  app.add_flag("--json", json, "Print JSON");
  app.add_option("--dict", dicts, "Dictionary file(s) for digest files that do not embed theirs");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  DigestFile f;
  std::string err;
  if (f.Open(path, &err) != ND_OK) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return kExitUsage;
  }
  for (const auto& d : dicts) {
    if (f.AddDictionaryFile(d, &err) != ND_OK) {
      std::fprintf(stderr, "%s\n", err.c_str());
      return kExitUsage;
    }
  }
  const uint32_t n = nd_reader_count(f.reader());
  if (index >= n) {
    std::fprintf(stderr, "%s: no digest %u (the file has %u)\n", path.c_str(), index, n);
    return kExitUsage;
  }
  nd_meta m;
  nd_status s = nd_reader_meta(f.reader(), index, &m);
  if (s != ND_OK) {
    std::fprintf(stderr, "%s: digest %u: %s\n", path.c_str(), index, nd_status_str(s));
    return kExitPartial;
  }
  // The reader's strings for the summary are only valid until the next call:
  // copy what we print.
  std::vector<std::string> summary;
  std::vector<nd_str> sent(m.summary_count + 1);
  uint32_t count = 0;
  s = nd_reader_summary(f.reader(), index, sent.data(), static_cast<uint32_t>(sent.size()), &count);
  if (s != ND_OK) {
    std::fprintf(stderr, "%s: digest %u: summary: %s\n", path.c_str(), index, nd_status_str(s));
    if (s == ND_ERR_DICTIONARY_MISSING)
      std::fprintf(stderr, "%s: the file names dictionary %u but does not embed it: pass --dict FILE\n", path.c_str(),
                   m.dict_id);
    return kExitPartial;
  }
  for (uint32_t k = 0; k < count; ++k) summary.emplace_back(View(sent[k]));
  std::string text;
  if (body) {
    text.resize(m.text_size);
    size_t len = 0;
    s = nd_reader_body(f.reader(), index, text.data(), text.size(), &len);
    if (s != ND_OK) {
      std::fprintf(stderr, "%s: digest %u: body: %s\n", path.c_str(), index, nd_status_str(s));
      return kExitPartial;
    }
    text.resize(len);
  }
  nd_reader_meta(f.reader(), index, &m);  // strings for printing (memory mode: stable)
  std::vector<std::string> keywords;
  for (uint32_t k = 0; k < m.keyword_count; ++k) keywords.emplace_back(View(m.keywords[k]));
  if (json) {
    nlohmann::ordered_json j;
    j["index"] = index;
    j["id"] = std::string(View(m.id));
    j["title"] = std::string(View(m.title));
    j["source"] = std::string(View(m.source));
    j["place"] = std::string(View(m.place));
    j["byline"] = std::string(View(m.byline));
    j["url"] = std::string(View(m.url));
    j["published"] = m.published ? nlohmann::ordered_json(ingest::FormatIso8601(m.published)) : nlohmann::ordered_json();
    j["lang"] = std::string(View(m.lang));
    j["keywords"] = keywords;
    j["summary"] = summary;
    if (body) j["body"] = text;
    std::printf("%s\n", j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  auto line = [](const char* k, std::string_view v) {
    if (!v.empty()) std::printf("%-9s %.*s\n", k, static_cast<int>(v.size()), v.data());
  };
  line("title:", View(m.title));
  line("id:", View(m.id));
  line("source:", View(m.source));
  line("place:", View(m.place));
  line("byline:", View(m.byline));
  line("url:", View(m.url));
  if (m.published) line("date:", ingest::FormatIso8601(m.published));
  line("lang:", View(m.lang));
  std::string kw;
  for (const auto& k : keywords) kw += (kw.empty() ? "" : ", ") + k;
  line("keywords:", kw);
  std::printf("\nsummary:\n");
  for (const auto& sline : summary) std::printf("  - %s\n", sline.c_str());
  if (body) std::printf("\n%s\n", text.c_str());
  return kExitOk;
}

}  // namespace newsdigest::cli
