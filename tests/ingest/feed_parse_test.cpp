// Feeds: RSS 2.0, Atom, RSS 1.0 items to articles; hostile feeds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"

namespace feed_parse_test_detail {

std::string ReadFeedTestFile(const std::string& name) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/html/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace feed_parse_test_detail

namespace ing = newsdigest::ingest;

TEST_CASE("RSS 2.0 feed: every item with title and date", "[ingest]") {
  std::string xml = feed_parse_test_detail::ReadFeedTestFile("feed-rss2.xml");
  ing::ExtractOptions opts;
  opts.base_url = "https://gazette.example.org/news/";
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, opts, &feed, &reason).ok());
  CHECK(feed.title == "Valley Gazette");
  CHECK(feed.lang == "en");
  REQUIRE(feed.items.size() == 3);
  for (const auto& item : feed.items) {
    CHECK(!item.title.empty());
    CHECK(item.published > 0);
    CHECK(!item.body.empty());
  }
  CHECK(feed.items[0].title == "Bridge repairs finish early");
  CHECK(feed.items[0].author == "Tom Reyes");
  CHECK(feed.items[0].published == 1717485300);  // 2024-06-04T07:15:00Z
  CHECK(feed.items[0].body ==
        "The river bridge will reopen to traffic on Friday, two weeks ahead of schedule.\n"
        "Engineers said dry weather helped the resurfacing work.");
  CHECK(feed.items[1].link == "https://gazette.example.org/choir-prize");
  CHECK(feed.items[1].author == "Ana Silva");
  CHECK(feed.items[1].body == "The junior choir took first place with a song written by its own members.");
  CHECK(feed.items[2].published == 1717347600);  // 12:00 EST = 17:00Z
}

TEST_CASE("feed bylines are reduced to names as page bylines are", "[ingest]") {
  const std::string xml =
      "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
      "<title>T</title><link>https://t.example.org/</link>"
      "<item><title>One</title><link>/1</link><dc:creator>By Jane Doe</dc:creator>"
      "<description>The council met on Monday to vote on the harbour budget.</description></item>"
      "<item><title>Two</title><link>/2</link><dc:creator>admin</dc:creator>"
      "<description>The ferry runs every twenty minutes from today.</description></item>"
      "<item><title>Three</title><link>/3</link><dc:creator>Von Max Mustermann</dc:creator>"
      "<description>Die Stadt baut eine neue Bruecke ueber den Fluss.</description></item>"
      "<item><title>Four</title><link>/4</link><author>jane@example.org (Jane Doe)</author>"
      "<description>The library boat lends books along the estuary.</description></item>"
      "</channel></rss>";
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].author == "Jane Doe");
  CHECK(feed.items[1].author.empty());
  CHECK(feed.items[2].author == "Max Mustermann");
  CHECK(feed.items[3].author == "Jane Doe");
}

TEST_CASE("Atom feed", "[ingest]") {
  std::string xml = feed_parse_test_detail::ReadFeedTestFile("feed-atom.xml");
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  CHECK(feed.title == "Notes de terrain");
  CHECK(feed.lang == "fr");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].title == "Les abeilles & le froid");
  CHECK(feed.items[0].link == "https://notes.example.net/abeilles");
  CHECK(feed.items[0].author == "Claire Dubois");
  CHECK(feed.items[0].published == 1707544800);
  CHECK(feed.items[0].body == "Les ruches ont pass\xC3\xA9 l'hiver sans pertes importantes.");
  CHECK(feed.items[1].body == "Les premiers semis de tomates sont sortis de terre.");
  CHECK(feed.items[1].published > 0);
}

TEST_CASE("RSS 1.0 feed in ISO-8859-1", "[ingest]") {
  std::string xml = feed_parse_test_detail::ReadFeedTestFile("feed-rss1.rdf");
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  CHECK(feed.title == "Old Style News");
  REQUIRE(feed.items.size() == 2);
  CHECK(feed.items[0].title == "Caf\xC3\xA9 reopens");
  CHECK(feed.items[0].published == 1700467200);
  CHECK(feed.items[1].published == 1700524800);
}

TEST_CASE("hostile and broken feeds", "[ingest]") {
  ing::FeedDocument feed;
  std::string reason;
  const char* xxe =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<rss><channel><item><title>&xxe;</title><description>x</description></item></channel></rss>";
  CHECK_FALSE(ing::ParseFeedDocument(xxe, {}, &feed, &reason).ok());
  CHECK(reason.find("entities") != std::string::npos);
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i)
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) +
              ";&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";\">";
  laughs += "]><rss><channel><item><title>&lol9;</title></item></channel></rss>";
  CHECK_FALSE(ing::ParseFeedDocument(laughs, {}, &feed, &reason).ok());
  CHECK_FALSE(ing::ParseFeedDocument("not xml at all", {}, &feed, &reason).ok());
  CHECK_FALSE(ing::ParseFeedDocument("<html><body>page</body></html>", {}, &feed, &reason).ok());
  CHECK(reason.find("not a feed") != std::string::npos);
  // Truncated feed: the complete items are kept, the cut is reported with
  // its line (not a silently short list).
  std::string cut = feed_parse_test_detail::ReadFeedTestFile("feed-rss2.xml");
  cut.resize(cut.find("School choir"));
  REQUIRE(ing::ParseFeedDocument(cut, {}, &feed, &reason).ok());
  CHECK(feed.items.size() >= 1);
  REQUIRE(!feed.item_errors.empty());
  CHECK(feed.item_errors.back().first == feed.items.size());
  CHECK(feed.item_errors.back().second.find("not well-formed XML at line") != std::string::npos);
  // Broken inside the first item: nothing to keep, the feed fails.
  CHECK_FALSE(ing::ParseFeedDocument("<rss><channel><item><title>x</item></channel></rss>", {}, &feed, &reason).ok());
  CHECK(reason.find("not well-formed XML at line 1: ") != std::string::npos);
  // Item count limit.
  std::string many = "<rss><channel>";
  for (int i = 0; i < 20; ++i) many += "<item><title>t" + std::to_string(i) + "</title></item>";
  many += "</channel></rss>";
  ing::ExtractOptions small;
  small.limits.max_feed_items = 5;
  REQUIRE(ing::ParseFeedDocument(many, small, &feed, &reason).ok());
  CHECK(feed.items.size() == 5);
  CHECK(feed.item_errors.size() == 1);
}

TEST_CASE("ParseFeedDate", "[ingest]") {
  int64_t t = 0;
  REQUIRE(ing::ParseFeedDate("Tue, 10 Jun 2003 04:00:00 GMT", &t));
  CHECK(t == 1055217600);
  REQUIRE(ing::ParseFeedDate("10 Jun 2003 06:00 +0200", &t));
  CHECK(t == 1055217600);
  REQUIRE(ing::ParseFeedDate("2003-06-10T04:00:00Z", &t));
  CHECK(t == 1055217600);
  REQUIRE(ing::ParseFeedDate("2003-06-10 04:00:00", &t));
  CHECK(t == 1055217600);
  REQUIRE(ing::ParseFeedDate("2003-06-10T06:00:00+0200", &t));
  CHECK(t == 1055217600);
  CHECK_FALSE(ing::ParseFeedDate("yesterday", &t));
  CHECK_FALSE(ing::ParseFeedDate("", &t));
}

TEST_CASE("feed file through ArticleSource yields every item", "[ingest]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(ND_BINARY_DIR) / "feed_parse_test";
  fs::create_directories(dir);
  fs::path sniffed = dir / "feed.txt";  // no feed extension: sniffed
  {
    std::ofstream out(sniffed, std::ios::binary);
    out << feed_parse_test_detail::ReadFeedTestFile("feed-rss2.xml");
  }
  for (const std::string& path :
       {std::string(ND_TEST_DATA_DIR) + "/html/feed-rss2.xml", std::string(ND_TEST_DATA_DIR) + "/html/feed-atom.xml",
        std::string(ND_TEST_DATA_DIR) + "/html/feed-rss1.rdf", sniffed.string()}) {
    INFO(path);
    ing::ArticleSource src({path}, {});
    ing::Article a;
    ing::InputError e;
    int n = 0;
    ing::ArticleSource::Result r;
    while ((r = src.Next(&a, &e)) != ing::ArticleSource::Result::kEnd) {
      REQUIRE(r == ing::ArticleSource::Result::kArticle);
      CHECK(!a.title.empty());
      CHECK(a.published > 0);
      CHECK(!a.body.empty());
      CHECK(!a.source.empty());
      ++n;
    }
    CHECK(n >= 2);
  }
}

// Issue 20 item 7: feed parse errors are not swallowed.
namespace feed_parse_test_detail {

std::string Item(int i) {
  return "<item><title>Item " + std::to_string(i) + "</title><description>Text of item " + std::to_string(i) +
         ".</description></item>\n";
}

}  // namespace feed_parse_test_detail

TEST_CASE("feed: a malformed item is an error naming the line, not a silent loss", "[ingest]") {
  namespace d = feed_parse_test_detail;
  std::string xml = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>F</title>\n" + d::Item(1) +
                    "<item><title>Broken</title><description>a < b</description></item>\n" + d::Item(3) +
                    "</channel></rss>\n";
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  REQUIRE(feed.items.size() == 1);  // the item before the error
  CHECK(feed.items[0].title == "Item 1");
  REQUIRE(feed.item_errors.size() == 1);
  CHECK(feed.item_errors[0].first == 1);
  CHECK(feed.item_errors[0].second.find("not well-formed XML at line 4") != std::string::npos);
  CHECK(feed.item_errors[0].second.find("the rest of the feed is not read") != std::string::npos);
}

TEST_CASE("feed: nesting deeper than 256 levels is a parse error", "[ingest]") {
  namespace d = feed_parse_test_detail;
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += "<x>";
    for (int i = 0; i < depth; ++i) s += "</x>";
    return s;
  };
  ing::FeedDocument feed;
  std::string reason;
  // 3 levels (rss, channel, item) + 200: within the limit, every item kept.
  std::string ok = "<rss><channel>" + d::Item(1) + "<item><title>Deep</title><description>" + nested(200) +
                   "Deep text.</description></item>" + d::Item(3) + "</channel></rss>";
  REQUIRE(ing::ParseFeedDocument(ok, {}, &feed, &reason).ok());
  CHECK(feed.items.size() == 3);
  std::string deep = "<rss><channel>" + d::Item(1) + "<item><title>Deep</title><description>" + nested(300) +
                     "</description></item>" + d::Item(3) + "</channel></rss>";
  REQUIRE(ing::ParseFeedDocument(deep, {}, &feed, &reason).ok());
  CHECK(feed.items.size() == 1);  // item 3 is not silently lost: reported
  REQUIRE(feed.item_errors.size() == 1);
  CHECK(feed.item_errors[0].second.find("nested deeper than 256") != std::string::npos);
}

TEST_CASE("feed: an oversized CDATA section is an error, not a body ending in the CDATA end marker", "[ingest]") {
  namespace d = feed_parse_test_detail;
  std::string xml = "<rss><channel>" + d::Item(1) + "<item><title>Big</title><description><![CDATA[" +
                    std::string(10u << 20, 'y') + "]]></description></item>" + d::Item(3) + "</channel></rss>";
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "Item 1");
  for (const auto& it : feed.items) CHECK(it.body != "]>");
  REQUIRE(feed.item_errors.size() == 1);
  CHECK(feed.item_errors[0].second.find("not well-formed XML") != std::string::npos);
}

TEST_CASE("feed: a malformed feed through ArticleSource names the file and line", "[ingest]") {
  namespace fs = std::filesystem;
  namespace d = feed_parse_test_detail;
  fs::path dir = fs::path(ND_BINARY_DIR) / "feed_parse_test";
  fs::create_directories(dir);
  fs::path p = dir / "broken.rss";
  std::ofstream(p, std::ios::binary) << "<rss><channel>\n" + d::Item(1) + "<item><title>x</item>\n</channel></rss>\n";
  ing::ArticleSource src({p.string()}, {});
  ing::Article a;
  ing::InputError e;
  REQUIRE(src.Next(&a, &e) == ing::ArticleSource::Result::kError);
  CHECK(e.origin == p.string() + "#1");
  CHECK(e.reason.find("not well-formed XML at line 3") != std::string::npos);
  REQUIRE(src.Next(&a, &e) == ing::ArticleSource::Result::kArticle);
  CHECK(a.title == "Item 1");
  CHECK(src.Next(&a, &e) == ing::ArticleSource::Result::kEnd);
}

TEST_CASE("feed enclosures: RSS enclosure and Media RSS content kept, resolved, one per URL", "[ingest]") {
  std::string xml = feed_parse_test_detail::ReadFeedTestFile("feed-enclosures.xml");
  ing::ExtractOptions opts;
  opts.base_url = "https://radio.example.org/feed.xml";
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, opts, &feed, &reason).ok());
  REQUIRE(feed.items.size() == 2);
  const ing::FeedItem& ep12 = feed.items[0];
  // Relative URLs resolve against the channel link, like the item's link;
  // media:content naming the same file as <enclosure> is not listed twice.
  CHECK(ep12.link == "https://radio.example.org/shows/ep12");
  REQUIRE(ep12.enclosures.size() == 2);
  CHECK(ep12.enclosures[0] == ing::Enclosure{"https://radio.example.org/shows/audio/ep12.mp3", "audio/mpeg", 23456789});
  CHECK(ep12.enclosures[1] == ing::Enclosure{"https://radio.example.org/img/barrier.jpg", "image/jpeg", 0});
  // Media RSS titles describe the media, not the item.
  CHECK(ep12.title == "Episode 12: the flood barrier");
  CHECK(ep12.body == "The council voted on Monday to raise the flood barrier by half a metre before next winter.");
  // Trimmed values, an unreadable length is unknown, an empty URL is no enclosure.
  const ing::FeedItem& ep13 = feed.items[1];
  REQUIRE(ep13.enclosures.size() == 1);
  CHECK(ep13.enclosures[0] == ing::Enclosure{"https://cdn.example.org/ep13.ogg", "audio/ogg", 0});
}

TEST_CASE("feed enclosures: Atom link rel=enclosure", "[ingest]") {
  std::string xml = feed_parse_test_detail::ReadFeedTestFile("feed-enclosures.atom");
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  REQUIRE(feed.items.size() == 1);
  const ing::FeedItem& pier = feed.items[0];
  CHECK(pier.link == "https://pictures.example.com/harbour/pier.html");  // the enclosure link is not the item's link
  REQUIRE(pier.enclosures.size() == 1);
  CHECK(pier.enclosures[0] ==
        ing::Enclosure{"https://pictures.example.com/harbour/photos/pier-night.jpg", "image/jpeg", 845120});
}

TEST_CASE("feed enclosures: each one is a notice naming the file and item, not a rejection", "[ingest]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "nd_feed_enclosure_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path feed_path = dir / "radio.rss";
  std::ofstream(feed_path, std::ios::binary) << feed_parse_test_detail::ReadFeedTestFile("feed-enclosures.xml");
  ing::ArticleSource src({feed_path.string()}, {});
  ing::Article a;
  ing::InputError e;
  std::vector<ing::Article> articles;
  size_t errors = 0;
  for (;;) {
    auto r = src.Next(&a, &e);
    if (r == ing::ArticleSource::Result::kEnd) break;
    if (r == ing::ArticleSource::Result::kArticle) articles.push_back(a);
    else ++errors;
  }
  CHECK(errors == 0);
  REQUIRE(articles.size() == 2);
  CHECK(articles[0].enclosures.size() == 2);  // the article carries them
  std::vector<std::string> notices;
  while (src.NextNotice(&e)) notices.push_back(fs::path(e.origin).filename().string() + ": " + e.reason);
  REQUIRE(notices.size() == 3);
  CHECK(notices[0] ==
        "radio.rss#0: enclosure https://radio.example.org/shows/audio/ep12.mp3 (audio/mpeg, 23456789 bytes) of "
        "\"Episode 12: the flood barrier\" is not stored in the digest");
  CHECK(notices[1] == "radio.rss#0: enclosure https://radio.example.org/img/barrier.jpg (image/jpeg) of "
                      "\"Episode 12: the flood barrier\" is not stored in the digest");
  CHECK(notices[2] == "radio.rss#1: enclosure https://cdn.example.org/ep13.ogg (audio/ogg) of "
                      "\"Episode 13: market day\" is not stored in the digest");
  fs::remove_all(dir);
}

TEST_CASE("feeds with HTML entities and bare ampersands keep every item", "[ingest]") {
  ing::FeedDocument feed;
  std::string reason;
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Caf&eacute; Times</title>"
      "<link>https://times.example.org/?a=1&b=2</link>"
      "<item><title>Prices&nbsp;rise &mdash; again</title><description>Fish &amp; chips cost more.</description>"
      "</item>"
      "<item><title>AT&T and B&Q merge talks</title><description>Talks began at 3 & ended at 5.</description>"
      "</item>"
      "<item><title>Third item</title><description><![CDATA[<p>Rock &amp; roll &copy; R&B</p>]]></description>"
      "<link><![CDATA[https://times.example.org/x?a=1&b=2]]></link></item>"
      "<item><title>Numeric &#233;t&#xE9; kept</title><description>Last one.</description></item>"
      "</channel></rss>";
  REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
  CHECK(feed.item_errors.empty());
  CHECK(feed.title == "Caf\xC3\xA9 Times");
  CHECK(feed.link == "https://times.example.org/?a=1&b=2");
  REQUIRE(feed.items.size() == 4);
  CHECK(feed.items[0].title == "Prices\xC2\xA0rise \xE2\x80\x94 again");
  CHECK(feed.items[0].body == "Fish & chips cost more.");
  CHECK(feed.items[1].title == "AT&T and B&Q merge talks");
  CHECK(feed.items[1].body == "Talks began at 3 & ended at 5.");
  CHECK(feed.items[2].body == "Rock & roll \xC2\xA9 R&B");
  CHECK(feed.items[2].link == "https://times.example.org/x?a=1&b=2");
  CHECK(feed.items[3].title == "Numeric \xC3\xA9t\xC3\xA9 kept");
  // An undefined entity that is not HTML is still an error, reported on
  // one line with the items before it kept.
  const std::string bad = "<rss><channel><item><title>One</title></item><item><title>&bogus;</title></item>"
                          "</channel></rss>";
  REQUIRE(ing::ParseFeedDocument(bad, {}, &feed, &reason).ok());
  CHECK(feed.items.size() == 1);
  REQUIRE(feed.item_errors.size() == 1);
  CHECK(feed.item_errors[0].second.find("bogus") != std::string::npos);
}

TEST_CASE("feeds with stray non-UTF-8 bytes are read as windows-1252", "[ingest]") {
  ing::FeedDocument feed;
  std::string reason;
  for (const char* decl : {"", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?>"}) {
    INFO(decl);
    const std::string xml = std::string(decl) +
                            "<rss><channel><title>Caf\xE9 \x93news\x94</title>"
                            "<item><title>Cr\xE8me br\xFBl\xE9" "e</title><description>Valid \xC3\xBC stays."
                            "</description></item>"
                            "<item><title>Second</title><description>Na\xEFve text.</description></item>"
                            "</channel></rss>";
    REQUIRE(ing::ParseFeedDocument(xml, {}, &feed, &reason).ok());
    CHECK(feed.item_errors.empty());
    CHECK(feed.title == "Caf\xC3\xA9 \xE2\x80\x9Cnews\xE2\x80\x9D");
    REQUIRE(feed.items.size() == 2);
    CHECK(feed.items[0].title == "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
    CHECK(feed.items[0].body == "Valid \xC3\xBC stays.");
    CHECK(feed.items[1].body == "Na\xC3\xAFve text.");
  }
  // A feed that declares another encoding is still decoded by that.
  const std::string latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><rss><channel><item><title>\xA4uro</title>"
                            "<description>x</description></item></channel></rss>";
  REQUIRE(ing::ParseFeedDocument(latin, {}, &feed, &reason).ok());
  REQUIRE(feed.items.size() == 1);
  CHECK(feed.items[0].title == "\xE2\x82\xACuro");
}
