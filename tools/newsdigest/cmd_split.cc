// newsdigest split [--lang L] [--json] FILE|-
// Prints the sentences of a UTF-8 text, one per line (or {"sentences": [...]}
// with --json). Sentences are exact substrings of the text; a line break
// always ends a sentence. Hard-wrapped plain text is first unwrapped as
// `build` does (ingest::JoinSoftWraps: soft line ends become spaces), unless
// --keep-lines. The language is detected when --lang is absent.
// An HTML page or a feed is first extracted as `build` does: the sentences
// are then those of the article text (of each item, in order).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::cli {

int RunSplit(int argc, char** argv) {
  CLI::App app{"Split a UTF-8 text (or the article text of an HTML page or feed) into sentences.",
               "newsdigest split"};
  std::string path;
  std::string lang;
  bool json = false;
  bool keep_lines = false;
  app.add_option("file", path, "Text file, HTML page or feed (optionally .gz), or - for stdin")->required();
  app.add_option("--lang", lang, "Language (BCP 47: en, de, fr, zh, ...); detected when absent");
  app.add_flag("--json", json, "Print {\"sentences\": [...]} instead of one sentence per line");
  app.add_flag("--keep-lines", keep_lines,
               "Plain text: every line end ends a sentence (default: hard-wrapped text is unwrapped first, as build does)");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;

  std::string text;
  if (!ReadInputFile(path, &text)) return kExitUsage;
  const std::string origin = path == "-" ? std::string("<stdin>") : path;
  const ingest::InputKind kind =
      ingest::DetectInputKind(path == "-" ? std::string_view() : std::string_view(path), std::string_view(text).substr(0, 1024));
  if (kind == ingest::InputKind::kHtml || kind == ingest::InputKind::kFeed) {
    std::vector<ingest::Article> articles;
    std::vector<ingest::InputError> errors;
    std::string reason;
    if (!ingest::ParseArticles(text, origin, kind, ingest::IngestOptions(), &articles, &errors, &reason).ok()) {
      std::fprintf(stderr, "%s: %s\n", origin.c_str(), reason.c_str());
      return kExitUsage;
    }
    for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", e.origin.c_str(), e.reason.c_str());
    std::string joined;
    for (const auto& a : articles) {
      if (!joined.empty()) joined.push_back('\n');
      joined += a.body;
    }
    if (lang.empty() && articles.size() == 1) lang = articles[0].lang;
    text.swap(joined);
  } else if (!keep_lines) {
    text = ingest::JoinSoftWraps(text);
  }
  size_t bad = 0;
  if (!text::ValidateUtf8(text, &bad).ok()) {
    std::fprintf(stderr, "%s: invalid UTF-8 at byte %zu\n", origin.c_str(), bad);
    return kExitUsage;
  }
  if (lang.empty()) lang = text::DetectLanguage(text);
  std::vector<text::Span> spans = text::SplitSentences(text, lang);
  if (json) {
    nlohmann::ordered_json j;
    j["sentences"] = nlohmann::ordered_json::array();
    for (const text::Span& s : spans) j["sentences"].push_back(std::string(s.Of(text)));
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  } else {
    std::string out;
    out.reserve(text.size() + spans.size());
    for (const text::Span& s : spans) {
      out.append(s.Of(text));
      out.push_back('\n');
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  return kExitOk;
}

}  // namespace newsdigest::cli
