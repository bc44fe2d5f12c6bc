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
  CHECK_FALSE(ni::ParseJsonLine(R"({"text":"x","published":"soon"})", &a, &reason).ok());
  CHECK(reason.find("published") != std::string::npos);
  CHECK_FALSE(ni::ParseJsonLine(R"({"text":5})", &a, &reason).ok());
}
