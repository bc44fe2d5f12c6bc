// newsdigest split [--lang L] [--json] FILE|-
// Prints the sentences of a UTF-8 text, one per line (or {"sentences": [...]}
// with --json). Sentences are exact substrings of the input; a line break
// always ends a sentence. The language is detected when --lang is absent.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_common.h"
#include "newsdigest/text/text.h"

namespace newsdigest::cli {

int RunSplit(int argc, char** argv) {
  CLI::App app{"Split a UTF-8 text into sentences.", "newsdigest split"};
  std::string path;
  std::string lang;
  bool json = false;
  app.add_option("file", path, "Text file, or - for stdin")->required();
  app.add_option("--lang", lang, "Language (BCP 47: en, de, fr, zh, ...); detected when absent");
  app.add_flag("--json", json, "Print {\"sentences\": [...]} instead of one sentence per line");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;

  std::string text;
  if (!ReadInputFile(path, &text)) return kExitUsage;
  size_t bad = 0;
  if (!text::ValidateUtf8(text, &bad).ok()) {
    std::fprintf(stderr, "%s: invalid UTF-8 at byte %zu\n", path.c_str(), bad);
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
