// newsdigest extract PAGE.html|FEED.xml|- [--json] [--base-url URL]
// Prints what the extractor takes from an HTML page (metadata, then the body
// paragraphs) or, for an RSS/Atom feed, from each item. With --json prints
// JSON Lines: one object per article (the page, or each feed item) with the
// field names `build` reads as JSONL (title, byline, published, source,
// lang, url, description, body; see ParseJsonLine), so
// `newsdigest extract page.html --json | newsdigest build -o x.ndg -` packs
// the page. A page's object also has "charset" and "truncated", which build
// ignores. Exit 1 when the input cannot be read or extracted.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_common.h"
#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"

namespace newsdigest::cli {
namespace cmd_extract_detail {

void PrintField(const char* name, const std::string& value) {
  if (!value.empty()) std::printf("%s: %s\n", name, value.c_str());
}

// The date as ISO 8601 UTC when it was understood, else as found.
std::string DateOf(int64_t secs, const std::string& text) {
  if (secs != 0) return ingest::FormatIso8601(secs);
  return text;
}

}  // namespace cmd_extract_detail

int RunExtract(int argc, char** argv) {
  namespace d = cmd_extract_detail;
  using Json = nlohmann::ordered_json;
  CLI::App app{"Extract the article (or feed items) from an HTML page or RSS/Atom feed.", "newsdigest extract"};
  std::string path;
  std::string base_url;
  bool json = false;
  app.add_option("file", path, "HTML page or feed file, or - for stdin")->required();
  app.add_option("--base-url", base_url, "URL of the page, to resolve relative links");
  app.add_flag("--json", json, "Print JSON Lines: one object per article, in the field names build reads");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;

  ingest::ExtractOptions opts;
  opts.base_url = base_url;
  std::string content;
  if (!ReadInputFile(path, &content, opts.limits.max_input_bytes)) return kExitUsage;
  std::string reason;
  const ingest::InputKind kind = ingest::DetectInputKind(path == "-" ? std::string_view() : std::string_view(path),
                                                         std::string_view(content).substr(0, 2048));
  if (kind == ingest::InputKind::kFeed) {
    ingest::FeedDocument feed;
    if (!ingest::ParseFeedDocument(content, opts, &feed, &reason).ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), reason.c_str());
      return kExitUsage;
    }
    for (const auto& e : feed.item_errors)
      std::fprintf(stderr, "%s#%zu: %s\n", path.c_str(), e.first, e.second.c_str());
    if (json) {
      for (const auto& it : feed.items) {
        Json o;
        o["title"] = it.title;
        o["byline"] = it.author;
        o["published"] = d::DateOf(it.published, it.published_text);
        o["source"] = feed.title;
        o["lang"] = feed.lang;
        o["url"] = it.link;
        o["description"] = it.description;
        o["body"] = it.body;
        std::printf("%s\n", o.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
      }
    } else {
      d::PrintField("Feed", feed.title);
      d::PrintField("Link", feed.link);
      d::PrintField("Lang", feed.lang);
      for (size_t i = 0; i < feed.items.size(); ++i) {
        const auto& it = feed.items[i];
        std::printf("\n[%zu]\n", i + 1);
        d::PrintField("Title", it.title);
        d::PrintField("Link", it.link);
        d::PrintField("Author", it.author);
        d::PrintField("Date", d::DateOf(it.published, it.published_text));
        std::printf("\n%s\n", it.body.c_str());
      }
    }
    return feed.item_errors.empty() ? kExitOk : kExitPartial;
  }
  ingest::ExtractedPage page;
  if (!ingest::ExtractHtml(content, opts, &page, &reason).ok()) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), reason.c_str());
    return kExitUsage;
  }
  if (json) {
    Json j;
    j["title"] = page.title;
    j["byline"] = page.byline;
    j["published"] = d::DateOf(page.published, page.published_text);
    j["source"] = page.site_name;
    j["lang"] = page.lang;
    j["url"] = page.canonical_url;
    j["description"] = page.description;
    j["body"] = page.body;
    j["charset"] = page.charset;
    j["truncated"] = page.truncated;
    std::printf("%s\n", j.dump(-1, ' ', false, Json::error_handler_t::replace).c_str());
  } else {
    d::PrintField("Title", page.title);
    d::PrintField("Byline", page.byline);
    d::PrintField("Date", page.published_text);
    d::PrintField("Site", page.site_name);
    d::PrintField("Lang", page.lang);
    d::PrintField("URL", page.canonical_url);
    d::PrintField("Description", page.description);
    if (page.truncated) std::printf("Note: input cut at a nesting/size limit (best effort)\n");
    std::printf("\n%s\n", page.body.c_str());
  }
  if (page.body.empty()) {
    std::fprintf(stderr, "%s: no article text found\n", path.c_str());
    return kExitPartial;
  }
  return kExitOk;
}

}  // namespace newsdigest::cli
