// newsdigest extract PAGE.html|FEED.xml|- [--json] [--base-url URL]
// Prints what the extractor takes from an HTML page (metadata, then the body
// paragraphs) or, for an RSS/Atom feed, from each item. With --json prints
// one JSON object. Exit 1 when the input cannot be read or extracted.
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

bool LooksLikeFeed(const std::string& path, std::string_view content) {
  auto ends_with = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends_with(".rss") || ends_with(".atom") || ends_with(".rdf")) return true;
  std::string_view head = content.substr(0, 2048);
  bool html = head.find("<html") != std::string_view::npos || head.find("<HTML") != std::string_view::npos;
  if (html) return false;
  return head.find("<rss") != std::string_view::npos || head.find("<feed") != std::string_view::npos ||
         head.find(":RDF") != std::string_view::npos;
}

void PrintField(const char* name, const std::string& value) {
  if (!value.empty()) std::printf("%s: %s\n", name, value.c_str());
}

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
  app.add_flag("--json", json, "Print one JSON object");
  int code = 0;
  if (!ParseArgs(app, argc, argv, &code)) return code;

  std::string content;
  if (!ReadInputFile(path, &content)) return kExitUsage;
  ingest::ExtractOptions opts;
  opts.base_url = base_url;
  std::string reason;
  if (d::LooksLikeFeed(path, content)) {
    ingest::FeedDocument feed;
    if (!ingest::ParseFeedDocument(content, opts, &feed, &reason).ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), reason.c_str());
      return kExitUsage;
    }
    for (const auto& e : feed.item_errors)
      std::fprintf(stderr, "%s#%zu: %s\n", path.c_str(), e.first, e.second.c_str());
    if (json) {
      Json j;
      j["feed"] = feed.title;
      j["link"] = feed.link;
      j["lang"] = feed.lang;
      j["items"] = Json::array();
      for (const auto& it : feed.items) {
        Json o;
        o["title"] = it.title;
        o["link"] = it.link;
        o["author"] = it.author;
        o["published"] = d::DateOf(it.published, it.published_text);
        o["description"] = it.description;
        o["body"] = it.body;
        j["items"].push_back(std::move(o));
      }
      std::printf("%s\n", j.dump(1, ' ', false, Json::error_handler_t::replace).c_str());
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
    j["published"] = page.published_text;
    if (page.published != 0) j["published_utc"] = ingest::FormatIso8601(page.published);
    j["site_name"] = page.site_name;
    j["lang"] = page.lang;
    j["url"] = page.canonical_url;
    j["description"] = page.description;
    j["charset"] = page.charset;
    j["truncated"] = page.truncated;
    j["body"] = page.body;
    std::printf("%s\n", j.dump(1, ' ', false, Json::error_handler_t::replace).c_str());
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
