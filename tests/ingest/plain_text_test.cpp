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

TEST_CASE("plain text: soft wraps of hard-wrapped text are joined", "[ingest][wrap]") {
  const std::string raw =
      "Harbour ferry service resumes after storm\n"
      "\n"
      "Valletta: Island Courier\n"
      "The ferry between the two islands sailed again on Monday after crews\n"
      "cleared the quay overnight and engineers checked the ramps for damage\r\n"
      "left by the waves. Officials said the timetable would return to\n"
      "normal by Friday.\n"
      "\n"
      "Passengers waiting since the weekend were given priority, a well-\n"
      "known spokesperson said in a statement issued late on Sunday night.\n";
  std::string body, reason;
  REQUIRE(ni::NormalizeBody(ni::JoinSoftWraps(raw), &body, &reason).ok());
  ni::Article a;
  REQUIRE(ni::ParsePlainText(body, &a, &reason).ok());
  CHECK(a.title == "Harbour ferry service resumes after storm");
  CHECK(a.place == "Valletta");
  CHECK(a.body ==
        "The ferry between the two islands sailed again on Monday after crews cleared the quay overnight and "
        "engineers checked the ramps for damage left by the waves. Officials said the timetable would return to "
        "normal by Friday.\n"
        "Passengers waiting since the weekend were given priority, a well-known spokesperson said in a statement "
        "issued late on Sunday night.");
}

TEST_CASE("plain text: line breaks that are not soft wraps stay", "[ingest][wrap]") {
  // One paragraph per line (the seed shape): long lines are never joined.
  const std::string seed =
      "A title\nPlace: Source\n"
      "The first paragraph is one long line that runs well past any terminal width and so is clearly not wrapped "
      "text at all, whatever it ends with\n"
      "The second paragraph follows on the next line, as in the seed article.\n";
  CHECK(ni::JoinSoftWraps(seed) == seed.substr(0, seed.size() - 1) + "\n");
  // List items, short headings and a sentence end keep their line breaks.
  const std::string list =
      "Title line\n\n"
      "The council listed the roads that will close for repairs during the\n"
      "- Main Street between the bridge and the market square, all week\n"
      "- Harbour Road from Monday to Wednesday, at night only and by lane\n"
      "Background\n"
      "The repairs were planned last year after an inspection found cracks.\n"
      "Work will start on the first of the month if the weather is dry and\n"
      "mild enough for the asphalt crews to lay the new surface in one go.";
  CHECK(ni::JoinSoftWraps(list) ==
        "Title line\n\n"
        "The council listed the roads that will close for repairs during the\n"
        "- Main Street between the bridge and the market square, all week\n"
        "- Harbour Road from Monday to Wednesday, at night only and by lane\n"
        "Background\n"
        "The repairs were planned last year after an inspection found cracks. "
        "Work will start on the first of the month if the weather is dry and "
        "mild enough for the asphalt crews to lay the new surface in one go.");
}

TEST_CASE("plain text: wrapped CJK lines join without a space, header lines never join", "[ingest][wrap]") {
  CHECK(ni::JoinSoftWraps("見出し\n\n東京の港では月曜日に運航が再開され\n乗客が列を作った。") ==
        "見出し\n\n東京の港では月曜日に運航が再開され乗客が列を作った。");
  // A long dateline is the first line of the body's block but stays a line.
  const std::string raw =
      "Ferry service resumes\n"
      "Washington: The International Harbour and Shipping Courier Online\n"
      "The ferry between the two islands sailed again on Monday after crews\n"
      "cleared the quay overnight.";
  CHECK(ni::JoinSoftWraps(raw) ==
        "Ferry service resumes\n"
        "Washington: The International Harbour and Shipping Courier Online\n"
        "The ferry between the two islands sailed again on Monday after crews cleared the quay overnight.");
}

TEST_CASE("plain text: wrapped lines that end like a sentence, short lines and a wrapped title", "[ingest][wrap]") {
  const std::string raw =
      "Evening parking charges to be extended across the town centre from\n"
      "next spring\n"
      "\n"
      "The long-awaited station plan is\n"
      "ready, the council said on Monday. Charges will apply from 6 p.m.\n"
      "to 11 p.m. on Thursdays, Fridays and Saturdays, according to Prof. R.\n"
      "J. Halvorsen, who led the study for the transport committee.\n"
      "\n"
      "Residents can comment until the end of the month at the town hall or\n"
      "online, the council added in its statement on the proposal.\n";
  const std::string joined = ni::JoinSoftWraps(raw);
  CHECK(joined ==
        "Evening parking charges to be extended across the town centre from next spring\n"
        "\n"
        "The long-awaited station plan is ready, the council said on Monday. Charges will apply from 6 p.m. "
        "to 11 p.m. on Thursdays, Fridays and Saturdays, according to Prof. R. J. Halvorsen, who led the study "
        "for the transport committee.\n"
        "\n"
        "Residents can comment until the end of the month at the town hall or online, the council added in its "
        "statement on the proposal.\n");
  std::string body, reason;
  REQUIRE(ni::NormalizeBody(joined, &body, &reason).ok());
  ni::Article a;
  REQUIRE(ni::ParsePlainText(body, &a, &reason).ok());
  CHECK(a.title == "Evening parking charges to be extended across the town centre from next spring");
  CHECK(a.body.substr(0, 32) == "The long-awaited station plan is");
}

TEST_CASE("plain text: a final \"Label: value\" line that reads as a sentence is kept", "[ingest]") {
  const std::string head =
      "Council sets a date for the barrier vote\n\n"
      "The council met on Tuesday to discuss the flood barrier. Members asked for more time.\n\n"
      "The plan would raise the barrier by half a metre.\n\n";
  const std::string kept[] = {"Note: the vote is on Monday", "Update: the meeting will start at noon",
                              "Hinweis: Die Abstimmung ist am Montag", "Nota: la votación será el lunes",
                              "Note: the vote is on Monday."};
  for (const std::string& last : kept) {
    INFO(last);
    std::string body, reason;
    REQUIRE(ni::NormalizeBody(head + last + "\n", &body, &reason).ok());
    ni::Article a;
    REQUIRE(ni::ParsePlainText(body, &a, &reason).ok());
    CHECK(a.body.size() > last.size());
    CHECK(a.body.substr(a.body.size() - last.size()) == last);
  }
  const std::string dropped[] = {"Contact: press@example.org", "Tags: flood, council, vote", "Photos: Ana Ruiz",
                                 "More: www.example.org is our site", "Read more: Barrier plans"};
  for (const std::string& last : dropped) {
    INFO(last);
    std::string body, reason;
    REQUIRE(ni::NormalizeBody(head + last + "\n", &body, &reason).ok());
    ni::Article a;
    REQUIRE(ni::ParsePlainText(body, &a, &reason).ok());
    CHECK(a.body.find(last) == std::string::npos);
    CHECK(a.body.substr(a.body.size() - 6) == "metre.");
  }
}
