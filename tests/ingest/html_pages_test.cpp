// Real-page failure classes on pages written for these tests
// (tests/data/html): inline text kept mid-sentence, ruby readings dropped,
// site names stripped from titles, byline shapes, published over modified
// dates, language tags normalized and checked against the text,
// boilerplate lines removed, and feed items resolved against the channel.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "newsdigest/ingest/extract.h"
#include "newsdigest/ingest/ingest.h"

namespace html_pages_test_detail {

std::string ReadPage(const std::string& name) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/html/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

newsdigest::ingest::ExtractedPage Extract(const std::string& name, const std::string& url) {
  std::string html = ReadPage(name);
  REQUIRE(!html.empty());
  newsdigest::ingest::ExtractOptions opts;
  opts.base_url = url;
  newsdigest::ingest::ExtractedPage page;
  std::string reason;
  REQUIRE(newsdigest::ingest::ExtractHtml(html, opts, &page, &reason).ok());
  return page;
}

bool Has(const std::string& s, const char* needle) { return s.find(needle) != std::string::npos; }

}  // namespace html_pages_test_detail

namespace hp = html_pages_test_detail;
namespace ing = newsdigest::ingest;

TEST_CASE("German page: inline links kept, clutter dropped, metadata cleaned", "[ingest]") {
  ing::ExtractedPage p = hp::Extract("inline-de.html", "https://www.stadtkurier.de/wirtschaft/solardach");
  // <span class=tooltip-trigger><a>..</a></span> and <a><span class=person-label>..</span></a> mid-sentence.
  CHECK(hp::Has(p.body, "Kredit der Kreditanstalt f\xC3\xBCr Wiederaufbau \xC3\xBC" "ber zwanzig Jahre"));
  CHECK(hp::Has(p.body, "Der Gesch\xC3\xA4" "ftsf\xC3\xBChrer Jonas Brandt sagte"));
  // Consent, JavaScript and photo-credit lines are not article text.
  for (const char* junk : {"twitter.com blockiert", "JavaScript", "Greenpeace", "Cookies"}) {
    INFO(junk);
    CHECK_FALSE(hp::Has(p.body, junk));
  }
  CHECK(hp::Has(p.body, "Kritik kommt von Anwohnern"));
  CHECK(p.title == "Stadtwerke bauen das gr\xC3\xB6\xC3\x9Fte Solardach der Region");
  CHECK(p.byline == "Amelie Siekmann");
  CHECK(p.published_text == "2024-02-28T06:10:00+01:00");
  // Declared "en", written in German: the text wins.
  CHECK(p.lang == "de");
}

TEST_CASE("Japanese page: ruby base kept, readings dropped", "[ingest]") {
  ing::ExtractedPage p = hp::Extract("ruby-ja.html", "https://minato.example.jp/news/machiya");
  CHECK(hp::Has(p.body, "\xE7\xAF\x89\xE7\x99\xBE\xE5\xB9\xB4\xE3\x81\xAE\xE7\x94\xBA\xE5\xAE\xB6\xE3\x81\x8C"));  // 築百年の町家が
  CHECK(hp::Has(p.body, "\xE5\x9C\xB0\xE5\x85\x83\xE3\x81\xAE\xE5\xA4\xA7\xE5\xB7\xA5\xE3\x81\xA8"));  // 地元の大工と
  CHECK_FALSE(hp::Has(p.body, "\xE3\x81\xBE\xE3\x81\xA1\xE3\x82\x84"));  // まちや (reading)
  CHECK_FALSE(hp::Has(p.body, "\xE3\x81\xA0\xE3\x81\x84\xE3\x81\x8F"));  // だいく (reading)
  CHECK_FALSE(hp::Has(p.body, "("));
  CHECK(std::count(p.body.begin(), p.body.end(), '\n') == 2);  // three paragraphs, none split
  CHECK(p.title == "\xE5\x8F\xA4\xE3\x81\x84\xE7\x94\xBA\xE5\xAE\xB6\xE3\x82\x92\xE5\x9B\xB3\xE6\x9B\xB8"
                   "\xE9\xA4\xA8\xE3\x81\xAB\xE5\x86\x8D\xE7\x94\x9F");  // 古い町家を図書館に再生
  CHECK(p.byline == "\xE4\xBD\x90\xE8\x97\xA4 \xE8\x8A\xB1\xE5\xAD\x90");  // 佐藤 花子 ("publisher" rejected)
  CHECK(p.published_text == "2023-11-18T08:00:00+09:00");  // the published <time>, not the updated one
  CHECK(p.lang == "ja-JP");
}

TEST_CASE("French page: byline line with date and category, share and newsletter lines", "[ingest]") {
  ing::ExtractedPage p =
      hp::Extract("byline-fr.html", "https://journal-cevennes.example.fr/2022/09/12/chataigniers-reprise");
  CHECK(p.title == "Les ch\xC3\xA2taigniers reprennent des couleurs apr\xC3\xA8s la s\xC3\xA9" "cheresse");
  CHECK(p.byline == "Camille Durand");
  CHECK(p.published_text == "2022-09-12");  // from the URL; the modified time is not a publication date
  CHECK(p.lang == "fr-FR");
  CHECK_FALSE(hp::Has(p.body, "Partager"));
  CHECK_FALSE(hp::Has(p.body, "newsletter"));
  CHECK(hp::Has(p.body, "Les techniciens de la chambre"));
}

TEST_CASE("Spanish page: generic author rejected, visible byline cleaned, language name", "[ingest]") {
  ing::ExtractedPage p = hp::Extract("byline-es.html", "https://diario.example.es/2023/07/19/carril-bici");
  CHECK(p.byline == "Mar\xC3\xAD" "a L\xC3\xB3pez Herrera");
  CHECK(p.lang == "es");
  CHECK(p.published_text == "2023-07-19");
  CHECK_FALSE(hp::Has(p.body, "Foto:"));
  CHECK(hp::Has(p.body, "fondos europeos"));
}

TEST_CASE("language tags are normalized to BCP 47", "[ingest]") {
  const std::pair<const char*, const char*> cases[] = {
      {"de_AT", "de-AT"}, {"de-de", "de-DE"}, {"english", "en"}, {"ja_JP.UTF-8", "ja-JP"}, {"EN-us", "en-US"},
      {"zh-hant-tw", "zh-Hant-TW"}, {"  fr ", "fr"}, {"x", ""}, {"12", ""}};
  for (const auto& c : cases) {
    std::string html = std::string("<html lang=\"") + c.first + "\"><head><title>T</title></head><body><p>x</p></body></html>";
    ing::ExtractedPage p;
    std::string reason;
    REQUIRE(ing::ExtractHtml(html, {}, &p, &reason).ok());
    INFO(c.first);
    CHECK(p.lang == c.second);
  }
}

TEST_CASE("inline markup never loses words", "[ingest]") {
  std::string filler =
      "<p>The bank said on Tuesday that it would review the lending rules for small firms after a year of "
      "complaints from customers in several regions, and that changes would follow in the spring.</p>";
  std::string html =
      "<html><body><div class=\"article-body\">" + filler +
      "<p>Regulators fined branches of <span><a href=\"/x\">JPMorgan Chase</a></span> over its role in the "
      "scheme, and <a href=\"/y\"><span class=\"share-label\">Wells Fargo</span></a> also paid, with "
      "<em class=\"ad\">emphasis</em> and <abbr title=\"x\">SEC</abbr> filings dated "
      "<time datetime=\"2020-01-01\">1 January</time>.</p>" +
      filler + "</div></body></html>";
  ing::ExtractedPage p;
  std::string reason;
  REQUIRE(ing::ExtractHtml(html, {}, &p, &reason).ok());
  CHECK(hp::Has(p.body, "branches of JPMorgan Chase over its role"));
  CHECK(hp::Has(p.body, "and Wells Fargo also paid, with emphasis and SEC filings dated 1 January."));
}

TEST_CASE("feed: channel link is the base, captions and share rows removed, published over updated",
          "[ingest]") {
  std::string xml = hp::ReadPage("feed-relative.xml");
  REQUIRE(!xml.empty());
  ing::ExtractOptions opts;
  opts.base_url = "https://feeds.example.net/hill.xml";
  ing::FeedDocument feed;
  std::string reason;
  REQUIRE(ing::ParseFeedDocument(xml, opts, &feed, &reason).ok());
  CHECK(feed.lang == "en-GB");
  REQUIRE(feed.items.size() == 1);
  const ing::FeedItem& item = feed.items[0];
  CHECK(item.link == "https://notes.example.net/blog/posts/snow-on-the-pass");
  CHECK(item.published_text == "Tue, 07 Jan 2025 08:00:00 GMT");
  CHECK(hp::Has(item.body, "The first real snow"));
  CHECK(hp::Has(item.body, "Walkers are asked"));
  CHECK_FALSE(hp::Has(item.body, "Photo"));
  CHECK_FALSE(hp::Has(item.body, "Share this"));
}

TEST_CASE("visible dates in the byline line, several languages", "[ingest]") {
  const std::pair<const char*, const char*> cases[] = {
      {"<p class=\"byline\">By Ann Lee | September 12, 2022</p>", "2022-09-12"},
      {"<div class=\"article-date\">12. M\xC3\xA4rz 2024, 10:15 Uhr</div>", "2024-03-12"},
      {"<span class=\"post-date\">28.02.2024</span>", "2024-02-28"},
      {"<span class=\"date\">2023\xE5\xB9\xB4" "11\xE6\x9C\x88" "18\xE6\x97\xA5</span>", "2023-11-18"},
      {"<span class=\"updated\">3 avril 2021</span><span class=\"date\">1 avril 2021</span>", "2021-04-01"}};
  for (const auto& c : cases) {
    std::string html = std::string("<html><head><title>T</title></head><body>") + c.first +
                       "<p>Some article text follows here, long enough to be a paragraph of the page.</p></body></html>";
    ing::ExtractedPage p;
    std::string reason;
    REQUIRE(ing::ExtractHtml(html, {}, &p, &reason).ok());
    INFO(c.first);
    CHECK(p.published_text == c.second);
  }
}

TEST_CASE("boilerplate lines in several languages are removed, article lines kept", "[ingest]") {
  const char* junk[] = {
      "We use cookies to improve your experience on our website. By continuing you accept our use of cookies.",
      "Please enable JavaScript to view the comments powered by Disqus.",
      "Don't miss a brief. Sign up for our daily email.",
      "Share this article: Twitter | Facebook | LinkedIn",
      "Photo: Jane Roe / Reuters",
      "\xC2\xA9 2024 Example Media. All rights reserved.",
      "Mit Ihrer Zustimmung werden externe Inhalte von YouTube geladen. Inhalte laden",
      "Iscriviti alla nostra newsletter per ricevere le notizie ogni mattina via e-mail.",
      "Este sitio web utiliza cookies para mejorar la experiencia de navegaci\xC3\xB3n.",
      "Abonnez-vous \xC3\xA0 notre newsletter.",
      "11\xE6\x9C\x88" "20\xE6\x97\xA5\xE6\x9B\xB4\xE6\x96\xB0",  // 11月20日更新
      "We use cookies to improve your experience on our site.",
      "By continuing to browse, you agree to our use of cookies.",
      "Wir verwenden Cookies.",
      "Zum Schutz Ihrer pers\xC3\xB6nlichen Daten ist die Verbindung zu YouTube blockiert worden. Klicken Sie auf "
      "Video laden, um die Blockierung aufzuheben.",
      "(Photo credit: AP Photo/John Doe)",
      "(Image: GETTY )",
      "Your browser does not support the video tag.",
      "This video requires JavaScript.",
      "This slideshow requires JavaScript.",
      "Read more: Storm season starts early this year",
      "Melden Sie sich f\xC3\xBCr unseren Newsletter an und erhalten Sie t\xC3\xA4glich die wichtigsten Nachrichten.",
      "Follow us on Twitter and Facebook for the latest updates.",
      "Advertisement",
      "ANZEIGE",
      "The post New bridge opens appeared first on WP News.",
      "You have been successfully subscribed!"};
  const char* keep[] = {
      "The council voted on Tuesday to keep the harbour open through the winter months.",
      "Cookies and cakes were sold at the harbour fair, raising money for the lifeboat.",
      "Der Newsletter des Vereins erscheint seit 1998 und wird von Ehrenamtlichen geschrieben.",
      "In 2024, 15 ferries crossed the estuary.",
      "YouTube blocked the video after complaints, and many users could not load it on Monday.",
      "The bakery said it would continue to sell cookies at the market until the end of the year.",
      "Revenue from advertisement at the paper fell by a third, the publisher said."};
  std::string html;
  for (const char* j : junk) html += std::string("<p>") + j + "</p>";
  for (const char* k : keep) html += std::string("<p>") + k + "</p>";
  std::string text, reason;
  REQUIRE(ing::HtmlFragmentToText(html, {}, &text, &reason).ok());
  for (const char* j : junk) {
    INFO(j);
    CHECK_FALSE(hp::Has(text, j));
  }
  for (const char* k : keep) {
    INFO(k);
    CHECK(hp::Has(text, k));
  }
  INFO(text);
  CHECK(std::count(text.begin(), text.end(), '\n') == 6);  // only the seven article lines
}
