#include <catch2/catch.hpp>

#include "newsdigest/ingest/ingest.h"

namespace ni = newsdigest::ingest;

TEST_CASE("jsonl: all fields", "[ingest]") {
  ni::Article a;
  std::string reason;
  REQUIRE(ni::ParseJsonLine(R"({"id":"x1","title":"T","text":"Line one.\nLine two.","url":"https://e.org/a",)"
                            R"("source":"Src","byline":"B","published":"2024-01-02T03:04:05Z","lang":"en"})",
                            &a, &reason)
              .ok());
  CHECK(a.id == "x1");
  CHECK(a.body == "Line one.\nLine two.");
  CHECK(a.published == 1704164645);
  CHECK(a.lang == "en");
  CHECK(a.url == "https://e.org/a");
}

TEST_CASE("jsonl: a declared language is normalized and checked against the text", "[ingest]") {
  const std::string german =
      "Die Bundesregierung hat am Mittwoch einen neuen Haushalt beschlossen, der deutlich mehr Geld fuer "
      "Schulen, Bahnstrecken und den Klimaschutz vorsieht. Die Opposition kritisierte den Entwurf scharf und "
      "kuendigte an, im Bundestag gegen die geplanten Schulden zu stimmen, die nach ihrer Ansicht zu hoch sind.";
  struct Case {
    const char* declared;
    const char* text;
    const char* want;
  };
  for (const Case& c : {Case{"english", "Short body.", "en"}, Case{"de_AT", "Kurzer Text.", "de-AT"},
                        Case{"EN_us", "Short body.", "en-US"}, Case{"english", german.c_str(), "de"},
                        Case{"de", german.c_str(), "de"}}) {
    INFO(c.declared);
    ni::Article a;
    std::string reason;
    const std::string line = std::string(R"({"text":")") + c.text + R"(","lang":")" + c.declared + R"("})";
    REQUIRE(ni::ParseJsonLine(line, &a, &reason).ok());
    CHECK(a.lang == c.want);
  }
}

TEST_CASE("jsonl: null title and missing optional fields", "[ingest]") {
  ni::Article a;
  std::string reason;
  REQUIRE(ni::ParseJsonLine(R"({"title":null,"text":"Body."})", &a, &reason).ok());
  CHECK(a.title.empty());
  CHECK(a.id.empty());
  ni::AssignId(&a);
  CHECK(a.id.size() == 17);
}

TEST_CASE("jsonl: errors carry reasons", "[ingest]") {
  ni::Article a;
  std::string reason;
  CHECK_FALSE(ni::ParseJsonLine("{not json", &a, &reason).ok());
  CHECK(reason == "not valid JSON");
  CHECK_FALSE(ni::ParseJsonLine(R"({"title":"x"})", &a, &reason).ok());
  CHECK(reason.find("text") != std::string::npos);
  CHECK_FALSE(ni::ParseJsonLine(R"({"text":5})", &a, &reason).ok());
}

// Issue 12 item 3: one set of field names; what extract --json and
// show --json write is read back unchanged.
TEST_CASE("jsonl: aliases body, author, date, link, unknown keys ignored", "[ingest]") {
  ni::Article a;
  std::string reason;
  REQUIRE(ni::ParseJsonLine(R"({"body":"Body text.","author":"Ann","date":"Tue, 10 Jun 2003 04:00:00 GMT",)"
                            R"("link":"https://e.org/x","summary":["s"],"keywords":["k"],"index":3,)"
                            R"("charset":"UTF-8","truncated":false,"description":"About it."})",
                            &a, &reason)
              .ok());
  CHECK(a.body == "Body text.");
  CHECK(a.byline == "Ann");
  CHECK(a.published == 1055217600);
  CHECK(a.url == "https://e.org/x");
  CHECK(a.description == "About it.");
  // The canonical name wins over its alias.
  REQUIRE(ni::ParseJsonLine(R"({"text":"Text wins.","body":"Body loses.","byline":"B","author":"A"})", &a, &reason)
              .ok());
  CHECK(a.body == "Text wins.");
  CHECK(a.byline == "B");
}

TEST_CASE("jsonl: the object show --json prints is accepted", "[ingest]") {
  ni::Article a;
  std::string reason;
  const char* show = R"({"index":0,"id":"h19d2544cb9b90c3c","title":"Harbour","source":"Courier","place":"",)"
                     R"("byline":"By Mira","url":"/news/x","published":null,"lang":"en","keywords":["harbour"],)"
                     R"("summary":["One."],"body":"One. Two."})";
  REQUIRE(ni::ParseJsonLine(show, &a, &reason).ok());
  CHECK(a.id == "h19d2544cb9b90c3c");
  CHECK(a.body == "One. Two.");
  CHECK(a.published == 0);
}

TEST_CASE("jsonl: dates in RFC 822 and ISO 8601, a bad date drops only the date", "[ingest]") {
  ni::Article a;
  std::string reason;
  REQUIRE(ni::ParseJsonLine(R"({"text":"x","published":"Tue, 10 Jun 2003 06:00:00 +0200"})", &a, &reason).ok());
  CHECK(a.published == 1055217600);
  REQUIRE(ni::ParseJsonLine(R"({"text":"x","published":"2003-06-10T04:00:00.5Z"})", &a, &reason).ok());
  CHECK(a.published == 1055217600);
  REQUIRE(ni::ParseJsonLine(R"({"text":"x","published":"soon"})", &a, &reason).ok());
  CHECK(a.published == 0);
  REQUIRE(ni::ParseJsonLine(R"({"text":"x","published":{"y":1}})", &a, &reason).ok());
  CHECK(a.published == 0);
  // Numbers are clamped to years 1..9999.
  REQUIRE(ni::ParseJsonLine(R"({"text":"x","published":1e300})", &a, &reason).ok());
  CHECK(a.published == ni::kMaxDateSeconds);
  REQUIRE(ni::ParseJsonLine(R"({"text":"x","published":-9.3e18})", &a, &reason).ok());
  CHECK(a.published == ni::kMinDateSeconds);
}
