// newsdigest summarize [options] ARTICLE|-
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_common.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::cli {

int RunSummarize(int argc, char** argv) {
  CLI::App app{"Summarize one plain-text article (title line, optional 'Place: Source' dateline, paragraphs).",
               "newsdigest summarize"};
  std::string path;
  std::string lang;
  bool json = false;
  summarize::SummaryOptions opts;
  app.add_option("article", path, "Article file, or - for stdin")->required();
  AddSummaryOptions(app, &opts);
  app.add_option("--lang", lang, "Language (BCP 47); detected when absent");
  app.add_flag("--json", json, "Print JSON: title, lang, summary (sentences), keywords");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  std::string raw;
  if (!ReadInputFile(path, &raw)) return kExitUsage;
  std::string body, reason;
  ingest::Article a;
  if (!ingest::NormalizeBody(raw, &body, &reason).ok() || !ingest::ParsePlainText(body, &a, &reason).ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), reason.c_str());
    return kExitPartial;
  }
  a.lang = !lang.empty() ? lang : text::DetectLanguage(a.body);
  summarize::Summary s = summarize::Summarize(a.title, a.body, a.lang, opts);
  std::vector<std::string> sentences;
  for (const auto& sp : s.sentences) sentences.emplace_back(sp.Of(a.body));
  if (json) {
    nlohmann::ordered_json j;
    j["title"] = a.title;
    if (!a.source.empty()) j["source"] = a.source;
    if (!a.place.empty()) j["place"] = a.place;
    j["lang"] = a.lang;
    j["summary"] = sentences;
    j["keywords"] = s.keywords;
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    for (const auto& line : sentences) std::printf("%s\n", line.c_str());
  }
  return kExitOk;
}

}  // namespace newsdigest::cli
