// newsdigest summarize [options] ARTICLE|-
// Summarizes a plain-text article, an HTML page, every item of a feed or
// every record of a JSONL file, through the same extraction as `build`.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::cli {
namespace cmd_summarize_detail {

nlohmann::ordered_json SummaryJson(const ingest::Article& a, const std::vector<std::string>& sentences,
                                   const std::vector<std::string>& keywords) {
  nlohmann::ordered_json j;
  j["title"] = a.title;
  if (!a.source.empty()) j["source"] = a.source;
  if (!a.place.empty()) j["place"] = a.place;
  if (!a.url.empty()) j["url"] = a.url;
  j["lang"] = a.lang;
  j["summary"] = sentences;
  j["keywords"] = keywords;
  return j;
}

}  // namespace cmd_summarize_detail

int RunSummarize(int argc, char** argv) {
  namespace d = cmd_summarize_detail;
  CLI::App app{"Summarize an article: plain text (title line, optional 'Place: Source' dateline, paragraphs), "
               "an HTML page, a feed (each item) or JSONL (each record); gzip input is read as is.",
               "newsdigest summarize"};
  std::string path;
  std::string lang;
  bool json = false;
  summarize::SummaryOptions opts;
  ingest::IngestOptions ingest_opts;
  app.add_option("article", path, "Article file (text, HTML, feed, JSONL, optionally .gz), or - for stdin")
      ->required();
  AddSummaryOptions(app, &opts);
  app.add_option("--lang", lang, "Language (BCP 47); taken from the input or detected when absent");
  app.add_option("--base-url", ingest_opts.base_url, "URL of an HTML page, to resolve relative links");
  app.add_flag("--json", json,
               "Print JSON: title, lang, summary (sentences), keywords; one line per article when the input "
               "holds several");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;
  std::string raw;
  if (!ReadInputFile(path, &raw, ingest::MaxInputBytes(ingest::InputKind::kHtml, ingest_opts))) return kExitUsage;
  const std::string name = path == "-" ? std::string() : path;
  const std::string origin = path == "-" ? std::string("<stdin>") : path;
  ingest::InputKind kind = ingest::DetectInputKind(name, std::string_view(raw).substr(0, 1024));
  if (kind == ingest::InputKind::kPlainText && raw.size() > ingest::MaxInputBytes(kind, ingest_opts)) {
    std::fprintf(stderr, "%s: article of %zu bytes exceeds the limit of %llu bytes\n", origin.c_str(), raw.size(),
                 static_cast<unsigned long long>(ingest::MaxInputBytes(kind, ingest_opts)));
    return kExitPartial;
  }
  std::vector<ingest::Article> articles;
  std::vector<ingest::InputError> errors;
  std::string reason;
  if (!ingest::ParseArticles(raw, origin, kind, ingest_opts, &articles, &errors, &reason).ok()) {
    std::fprintf(stderr, "%s: %s\n", origin.c_str(), reason.c_str());
    return kExitPartial;
  }
  for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", e.origin.c_str(), e.reason.c_str());
  const bool several = articles.size() > 1;
  for (size_t i = 0; i < articles.size(); ++i) {
    ingest::Article& a = articles[i];
    if (!lang.empty()) a.lang = lang;
    summarize::Summary s = summarize::Summarize(a.title, a.body, a.lang, opts);
    std::vector<std::string> sentences;
    for (const auto& sp : s.sentences) sentences.emplace_back(sp.Of(a.body));
    if (json) {
      nlohmann::ordered_json j = d::SummaryJson(a, sentences, s.keywords);
      std::printf("%s\n", several ? j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str()
                                  : j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    } else {
      if (several) std::printf("%s== %s\n", i == 0 ? "" : "\n", a.title.c_str());
      for (const auto& line : sentences) std::printf("%s\n", line.c_str());
    }
  }
  if (articles.empty() && errors.empty()) {
    std::fprintf(stderr, "%s: no article found\n", origin.c_str());
    return kExitPartial;
  }
  return errors.empty() ? kExitOk : kExitPartial;
}

}  // namespace newsdigest::cli
