// HTML and feed input. Placeholder until the HTML extractor lands (issue 7):
// such files are rejected with a clear per-file error.
#include "markup_ingest.h"

namespace newsdigest::ingest {

bool SniffFeed(std::string_view head) {
  return head.find("<rss") != std::string_view::npos || head.find("<feed") != std::string_view::npos ||
         head.find("<rdf:RDF") != std::string_view::npos;
}

bool SniffHtml(std::string_view head) {
  return head.find("<html") != std::string_view::npos || head.find("<HTML") != std::string_view::npos ||
         head.find("<!DOCTYPE html") != std::string_view::npos || head.find("<!doctype html") != std::string_view::npos;
}

Status ParseHtmlPage(std::string_view, const IngestOptions&, Article*, std::string* reason) {
  *reason = "HTML input is not supported yet";
  return Status::NotSupported("HTML input");
}

Status ParseFeed(std::string_view, const IngestOptions&, std::vector<Article>*, std::vector<InputError>*,
                 std::string* reason) {
  *reason = "feed input is not supported yet";
  return Status::NotSupported("feed input");
}

}  // namespace newsdigest::ingest
