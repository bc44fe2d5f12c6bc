// HTML and feed input for ArticleSource: adapts extract.h to Article.
#include "markup_ingest.h"

#include "newsdigest/ingest/extract.h"

namespace newsdigest::ingest {
namespace markup_ingest_detail {

ExtractOptions ToExtractOptions(const IngestOptions& options) {
  ExtractOptions e;
  e.base_url = options.base_url;
  return e;
}

bool HasNoCase(std::string_view head, std::string_view needle) {
  if (needle.size() > head.size()) return false;
  for (size_t i = 0; i + needle.size() <= head.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() &&
           std::tolower(static_cast<unsigned char>(head[i + k])) == static_cast<unsigned char>(needle[k]))
      ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

}  // namespace markup_ingest_detail

bool SniffFeed(std::string_view head) {
  return head.find("<rss") != std::string_view::npos || head.find("<feed") != std::string_view::npos ||
         head.find("<rdf:RDF") != std::string_view::npos || head.find(":RDF") != std::string_view::npos;
}

bool SniffHtml(std::string_view head) {
  namespace d = markup_ingest_detail;
  return d::HasNoCase(head, "<html") || d::HasNoCase(head, "<!doctype html") || d::HasNoCase(head, "<head") ||
         d::HasNoCase(head, "<body");
}

Status ParseHtmlPage(std::string_view bytes, const IngestOptions& options, Article* out, std::string* reason) {
  ExtractedPage page;
  Status st = ExtractHtml(bytes, markup_ingest_detail::ToExtractOptions(options), &page, reason);
  if (!st.ok()) return st;
  if (page.body.empty()) {
    *reason = "no article text found in the page";
    return Status::NotFound("no article text");
  }
  *out = Article();
  out->title = std::move(page.title);
  out->source = std::move(page.site_name);
  out->byline = std::move(page.byline);
  out->url = std::move(page.canonical_url);
  out->lang = std::move(page.lang);
  out->published = page.published;
  out->body = std::move(page.body);
  out->description = std::move(page.description);
  return Status::OK();
}

Status ParseFeed(std::string_view bytes, const IngestOptions& options, std::vector<Article>* out,
                 std::vector<InputError>* item_errors, std::string* reason) {
  FeedDocument feed;
  Status st = ParseFeedDocument(bytes, markup_ingest_detail::ToExtractOptions(options), &feed, reason);
  if (!st.ok()) return st;
  for (const auto& e : feed.item_errors) item_errors->push_back({"#" + std::to_string(e.first), e.second});
  for (auto& item : feed.items) {
    Article a;
    a.title = std::move(item.title);
    a.source = feed.title;
    a.byline = std::move(item.author);
    a.url = std::move(item.link);
    a.lang = feed.lang;
    a.published = item.published;
    a.body = std::move(item.body);
    a.description = std::move(item.description);
    a.enclosures = std::move(item.enclosures);
    out->push_back(std::move(a));
  }
  if (out->empty() && item_errors->empty()) {
    *reason = "feed has no items";
    return Status::NotFound("empty feed");
  }
  return Status::OK();
}

}  // namespace newsdigest::ingest
