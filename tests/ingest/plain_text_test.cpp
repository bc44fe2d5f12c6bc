#include <catch2/catch.hpp>

#include <string>

#include "newsdigest/ingest/ingest.h"

namespace ni = newsdigest::ingest;

TEST_CASE("plain text: title, dateline, body, furniture dropped", "[ingest]") {
  const std::string raw =
      "Harbour ferry service resumes after storm\n\n"
      "Valletta: Island Courier\n"
      "The ferry between the two islands sailed again on Monday. Crews cleared the quay overnight.\n"
      "Officials said the timetable would return to normal by Friday.\n\n"
      "Share\n\nRelated News\n\nComments\n\nNo Comments Found";
  std::string body, reason;
  REQUIRE(ni::NormalizeBody(raw, &body, &reason).ok());
  ni::Article a;
  REQUIRE(ni::ParsePlainText(body, &a, &reason).ok());
  CHECK(a.title == "Harbour ferry service resumes after storm");
  CHECK(a.place == "Valletta");
  CHECK(a.source == "Island Courier");
  CHECK(a.body ==
        "The ferry between the two islands sailed again on Monday. Crews cleared the quay overnight.\n"
        "Officials said the timetable would return to normal by Friday.");
}

TEST_CASE("plain text: byline and no dateline", "[ingest]") {
  std::string body, reason;
  REQUIRE(ni::NormalizeBody("A title\nBy Ana Ruiz\nFirst paragraph here. It has two sentences.\n", &body, &reason).ok());
  ni::Article a;
  REQUIRE(ni::ParsePlainText(body, &a, &reason).ok());
  CHECK(a.place.empty());
  CHECK(a.byline == "Ana Ruiz");
  CHECK(a.body == "First paragraph here. It has two sentences.");
}

TEST_CASE("plain text: a title alone is rejected with a reason", "[ingest]") {
  ni::Article a;
  std::string reason;
  CHECK_FALSE(ni::ParsePlainText("Only a title", &a, &reason).ok());
  CHECK_FALSE(reason.empty());
}

TEST_CASE("normalize: invalid UTF-8, NUL bytes, NFC, CRLF", "[ingest]") {
  std::string out, reason;
  CHECK_FALSE(ni::NormalizeBody(std::string("ok \xC3\x28 bad"), &out, &reason).ok());
  CHECK(reason.find("invalid UTF-8 at byte 3") != std::string::npos);
  CHECK_FALSE(ni::NormalizeBody(std::string("a\0b", 3), &out, &reason).ok());
  REQUIRE(ni::NormalizeBody("  Cafe\xCC\x81 \r\n\r\n  second  ", &out, &reason).ok());
  CHECK(out == "Caf\xC3\xA9\nsecond");
}
