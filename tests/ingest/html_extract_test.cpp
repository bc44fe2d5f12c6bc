// HTML extraction: body, furniture removal, metadata, charsets, limits.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"

namespace html_extract_test_detail {

std::string ReadHtmlTestFile(const std::string& name) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/html/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace html_extract_test_detail

namespace ing = newsdigest::ingest;

TEST_CASE("article page: body without furniture, metadata", "[ingest]") {
  std::string html = html_extract_test_detail::ReadHtmlTestFile("article.html");
  REQUIRE(!html.empty());
  ing::ExtractOptions opts;
  opts.base_url = "https://courier.example.com/index.html";
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, opts, &page, &reason).ok());
  CHECK(page.title == "Harbour town opens floating library");
  CHECK(page.site_name == "The Coastal Courier");
  CHECK(page.byline == "Mira Okonkwo");  // "By" stripped
  CHECK(page.published_text == "2024-05-14T08:30:00Z");
  CHECK(page.published == 1715675400);
  CHECK(page.lang == "en-GB");
  CHECK(page.canonical_url == "https://courier.example.com/news/2024/floating-library");
  CHECK(page.description == "A converted ferry now lends books along the estuary.");
  CHECK(page.body.find("The old car ferry") == 0);
  CHECK(page.body.find("follow the tides") != std::string::npos);
  // Five paragraphs, each on its own line.
  CHECK(std::count(page.body.begin(), page.body.end(), '\n') == 4);
  for (const char* junk : {"Share on social", "Advertisement", "Related", "Most read", "Great news", "Copyright",
                           "tracking", "Weather", "Mira Okonkwo", "Harbour town opens"}) {
    INFO(junk);
    CHECK(page.body.find(junk) == std::string::npos);
  }
}

TEST_CASE("declared latin-1 page becomes UTF-8", "[ingest]") {
  std::string html = html_extract_test_detail::ReadHtmlTestFile("latin1.html");
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, {}, &page, &reason).ok());
  CHECK(page.charset == "windows-1252");
  CHECK(page.title == "Caf\xC3\xA9 news");
  CHECK(page.body.find("cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e") != std::string::npos);
}

TEST_CASE("undeclared legacy bytes are detected and converted", "[ingest]") {
  std::string html = "<html><body><p>";
  for (int i = 0; i < 20; ++i) html += "Le caf\xE9 de la gare est ouvert \xE0 midi, et l'\xE9t\xE9 il ferme tard. ";
  html += "</p></body></html>";
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, {}, &page, &reason).ok());
  CHECK(page.body.find("caf\xC3\xA9 de la gare") != std::string::npos);
}

TEST_CASE("UTF-16 page with BOM", "[ingest]") {
  std::string ascii = "<html><head><title>Sixteen</title></head><body><p>A page stored as UTF-16 little endian, "
                      "with enough words to be read as the article text of this page.</p></body></html>";
  std::string html = "\xFF\xFE";
  for (char c : ascii) {
    html.push_back(c);
    html.push_back('\0');
  }
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, {}, &page, &reason).ok());
  CHECK(page.title == "Sixteen");
  CHECK(page.body.find("UTF-16 little endian") != std::string::npos);
}

TEST_CASE("binary, oversized and empty input", "[ingest]") {
  ing::ExtractedPage page;
  std::string reason;
  std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  CHECK_FALSE(ing::ExtractHtml(binary, {}, &page, &reason).ok());
  CHECK(reason.find("binary") != std::string::npos);
  ing::ExtractOptions small;
  small.limits.max_input_bytes = 100;
  std::string big(1000, 'x');
  newsdigest::Status st = ing::ExtractHtml(big, small, &page, &reason);
  CHECK(st.IsTooLarge());
  CHECK(reason.find("exceeds") != std::string::npos);
  REQUIRE(ing::ExtractHtml("", {}, &page, &reason).ok());
  CHECK(page.body.empty());
  REQUIRE(ing::ExtractHtml("<p>unclosed <b>markup <div><table><td>cell</p></i>", {}, &page, &reason).ok());
}

TEST_CASE("deeply nested markup finishes quickly", "[ingest]") {
  auto started = std::chrono::steady_clock::now();
  for (const char* open : {"<div>", "<b>", "<table><tr><td>", "<span>", "<blockquote>"}) {
    std::string html = "<html><body><p>Intro paragraph with some text in it to keep.</p>";
    for (int i = 0; i < 100000; ++i) html += open;
    html += "deep text";
    ing::ExtractedPage page;
    std::string reason;
    REQUIRE(ing::ExtractHtml(html, {}, &page, &reason).ok());
    CHECK(page.truncated);
  }
  std::string attrs = "<html><body><p>Text before the monster tag.</p><div";
  for (int i = 0; i < 100000; ++i) attrs += " a" + std::to_string(i) + "=\"v\"";
  attrs += ">x</div>";
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(attrs, {}, &page, &reason).ok());
  CHECK(page.truncated);
  // Every kind of tag counts: void and optional-end ones, raw-text ones, end tags.
  for (const char* tag : {"<p", "<img", "<li", "<script", "<title", "<style", "</div"}) {
    INFO(tag);
    std::string many = std::string("<html><body><p>Text before the tag.</p><div>") + tag;
    for (int i = 0; i < 2000; ++i) many += " a" + std::to_string(i) + "=\"v\"";
    many += ">x</div>";
    REQUIRE(ing::ExtractHtml(many, {}, &page, &reason).ok());
    CHECK(page.truncated);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(secs < 20);
}

TEST_CASE("ResolveUrl", "[ingest]") {
  CHECK(ing::ResolveUrl("https://a.example/x/y.html", "z.html") == "https://a.example/x/z.html");
  CHECK(ing::ResolveUrl("https://a.example/x/y.html", "../z") == "https://a.example/z");
  CHECK(ing::ResolveUrl("https://a.example/x/y.html", "/r") == "https://a.example/r");
  CHECK(ing::ResolveUrl("https://a.example/x/y.html", "//cdn.example/q") == "https://cdn.example/q");
  CHECK(ing::ResolveUrl("https://a.example/x/y.html", "http://b.example/") == "http://b.example/");
  CHECK(ing::ResolveUrl("", "rel/path") == "rel/path");
}

TEST_CASE("HTML files through ArticleSource", "[ingest]") {
  ing::IngestOptions opts;
  opts.base_url = "https://courier.example.com/";
  ing::ArticleSource src({std::string(ND_TEST_DATA_DIR) + "/html/article.html"}, opts);
  ing::Article a;
  ing::InputError e;
  REQUIRE(src.Next(&a, &e) == ing::ArticleSource::Result::kArticle);
  CHECK(a.title == "Harbour town opens floating library");
  CHECK(a.source == "The Coastal Courier");
  CHECK(a.url == "https://courier.example.com/news/2024/floating-library");
  CHECK(a.published == 1715675400);
  CHECK(!a.id.empty());
  std::string normalized, why;
  REQUIRE(ing::NormalizeBody(a.body, &normalized, &why).ok());
  CHECK(normalized == a.body);
  CHECK(src.Next(&a, &e) == ing::ArticleSource::Result::kEnd);
}

TEST_CASE("HTML meta dates in RFC 822 and ISO 8601 forms", "[ingest]") {
  const std::string tail =
      "\"></head><body><article><p>A paragraph long enough to be the article text of this page, "
      "with a comma, and another sentence.</p></article></body></html>";
  struct Case {
    const char* date;
    int64_t want;
  } cases[] = {{"Tue, 10 Jun 2003 04:00:00 GMT", 1055217600},
               {"Tue, 10 Jun 2003 06:00:00 +0200", 1055217600},
               {"2003-06-10T04:00:00.000Z", 1055217600},
               {"not a date", 0}};
  for (const Case& c : cases) {
    INFO(c.date);
    std::string html = std::string("<html><head><title>T</title><meta property=\"article:published_time\" content=\"") +
                       c.date + tail;
    newsdigest::ingest::ExtractedPage page;
    std::string reason;
    REQUIRE(newsdigest::ingest::ExtractHtml(html, {}, &page, &reason).ok());
    CHECK(page.published == c.want);
  }
}

namespace html_extract_test_detail {

// A small article page with `head_extra` in <head> and `h1` as its heading.
std::string TitlePage(const std::string& title, const std::string& head_extra, const std::string& h1) {
  std::string body = "<p>The council met on Tuesday evening to discuss the plans for the coming year in detail.</p>"
                     "<p>Members spoke for several hours about roads, schools and the harbour wall repairs.</p>"
                     "<p>A final vote is expected next month after the public consultation has closed.</p>";
  return "<html><head><title>" + title + "</title>" + head_extra + "</head><body><article>" +
         (h1.empty() ? "" : "<h1>" + h1 + "</h1>") + body + "</article></body></html>";
}

std::string TitleOf(const std::string& html, const std::string& url = "") {
  ing::ExtractOptions opts;
  opts.base_url = url;
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, opts, &page, &reason).ok());
  return page.title;
}

}  // namespace html_extract_test_detail

TEST_CASE("title topic prefixes are kept unless they are the site name", "[ingest]") {
  using html_extract_test_detail::TitleOf;
  using html_extract_test_detail::TitlePage;
  const std::string site = "<meta property=\"og:site_name\" content=\"Daily Planet\">";
  for (const char* t : {"Ukraine: Russia launches new attack on Kyiv", "Brexit: What happens next for the economy",
                        "Review: The new iPhone is fast", "Q&amp;A: The mayor on the budget",
                        "Review - The new iPhone is fast", "Analysis | Why the harbour wall failed"}) {
    INFO(t);
    std::string want = t;
    size_t amp = want.find("&amp;");
    if (amp != std::string::npos) want.replace(amp, 5, "&");
    CHECK(TitleOf(TitlePage(t, site, "")) == want);
    CHECK(TitleOf(TitlePage(t, "", "")) == want);
    // The heading repeats the whole title: nothing to cut.
    CHECK(TitleOf(TitlePage(t, site, want)) == want);
  }
  // The leading part is the site name (og:site_name, or the host name).
  CHECK(TitleOf(TitlePage("Daily Planet: Russia launches new attack on Kyiv", site, "")) ==
        "Russia launches new attack on Kyiv");
  CHECK(TitleOf(TitlePage("Dailyplanet - Russia launches new attack on Kyiv", "", ""),
                "https://www.dailyplanet.com/world/1") == "Russia launches new attack on Kyiv");
  // The rest equals the page's heading, the removed part does not.
  CHECK(TitleOf(TitlePage("World news: Russia launches new attack on Kyiv", "",
                          "Russia launches new attack on Kyiv")) == "Russia launches new attack on Kyiv");
  // A trailing site name is still removed.
  CHECK(TitleOf(TitlePage("Ukraine: Russia launches new attack on Kyiv | Daily Planet", site, "")) ==
        "Ukraine: Russia launches new attack on Kyiv");
}

TEST_CASE("HTML named entities left in a JSON-LD byline are decoded", "[ingest]") {
  const std::string html =
      "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"headline\":\"Caf&eacute; owners &mdash; and the harbour&nbsp;plan\","
      "\"author\":{\"@type\":\"Person\",\"name\":\"Ren&eacute;e M&uuml;ller\"}}</script></head><body><article>"
      "<p>The owners of the harbour caf\xC3\xA9 met the council on Monday to discuss the new plan for the quay, "
      "which would close the road to cars for most of the summer season.</p>"
      "<p>They said the plan would bring more visitors on foot but asked for a delivery lane in the morning, "
      "which the council promised to study before the vote next month.</p></article></body></html>";
  ing::ExtractedPage page;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, {}, &page, &reason).ok());
  CHECK(page.byline == "Ren\xC3\xA9" "e M\xC3\xBCller");
}
