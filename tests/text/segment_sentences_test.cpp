// SplitSentences: span contract on every hard case and on odd inputs, and
// the per-language hard-case sets in tests/data/text/segment/<lang>.jsonl
// (cases written for newsdigest) held to the targets.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdigest/text/text.h"

namespace {

using newsdigest::text::Span;
using newsdigest::text::SplitSentences;

struct SegmentTestCase {
  std::string category, text;
  std::vector<std::string> want;
};

std::vector<SegmentTestCase> LoadSegmentTestCases(const std::filesystem::path& file) {
  std::vector<SegmentTestCase> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    SegmentTestCase c{j.value("category", ""), j.value("text", ""), {}};
    for (const auto& s : j["sentences"]) c.want.push_back(s.get<std::string>());
    out.push_back(std::move(c));
  }
  return out;
}

bool IsTrimSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void CheckSegmentContract(std::string_view text, const std::vector<Span>& spans) {
  uint32_t prev_end = 0;
  for (const Span& s : spans) {
    REQUIRE(s.begin < s.end);
    REQUIRE(s.begin >= prev_end);
    REQUIRE(s.end <= text.size());
    std::string_view piece = s.Of(text);
    CHECK(piece.find('\n') == std::string_view::npos);
    CHECK_FALSE(IsTrimSpaceByte(piece.front()));
    CHECK_FALSE(IsTrimSpaceByte(piece.back()));
    prev_end = s.end;
  }
}

std::filesystem::path SegmentDataDir() { return std::filesystem::path(ND_TEST_DATA_DIR) / "text" / "segment"; }

}  // namespace

TEST_CASE("SplitSentences keeps the span contract on odd inputs", "[text]") {
  const char* inputs[] = {"", " ", "\n\n", ".", "...", "!?", "a", "a.", ". a", "Mr.", "1.", "• ", "\"",
                          "「", "《", "。", "x :) ", "U.S.", "\xE2\x80\xA6", "A. B. C.", "a\r\nb. C d\n",
                          "1. a 2. b 3. c", ":-) :-) :-)", "Hello!!!!!!!!!!", "  trailing spaces.   "};
  for (const char* in : inputs) {
    for (const char* lang : {"", "en", "de", "zh", "ja", "hy", "el", "ar"}) {
      INFO(in << " / " << lang);
      CheckSegmentContract(in, SplitSentences(in, lang));
    }
  }
}

TEST_CASE("SplitSentences never crosses a line break", "[text]") {
  std::string text = "First line without stop\nSecond line. Third sentence!\n\n  Fourth  ";
  std::vector<Span> spans = SplitSentences(text, "en");
  REQUIRE(spans.size() == 4);
  CHECK(spans[0].Of(text) == "First line without stop");
  CHECK(spans[3].Of(text) == "Fourth");
}

TEST_CASE("SplitSentences reports exact byte offsets", "[text]") {
  std::string text = "Der Zug kam um 8 Uhr. Er war pünktlich.";
  std::vector<Span> spans = SplitSentences(text, "de");
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == Span{0, 21});
  CHECK(spans[1].Of(text) == "Er war pünktlich.");
}

TEST_CASE("SplitSentences hard cases meet the per-language targets", "[text]") {
  REQUIRE(std::filesystem::is_directory(SegmentDataDir()));
  size_t languages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SegmentDataDir())) {
    if (entry.path().extension() != ".jsonl") continue;
    ++languages;
    std::string lang = entry.path().stem().string();
    std::vector<SegmentTestCase> cases = LoadSegmentTestCases(entry.path());
    REQUIRE_FALSE(cases.empty());
    size_t pass = 0;
    for (const SegmentTestCase& c : cases) {
      std::vector<Span> spans = SplitSentences(c.text, lang);
      CheckSegmentContract(c.text, spans);
      std::vector<std::string> got;
      for (const Span& s : spans) got.emplace_back(s.Of(c.text));
      if (got == c.want) {
        ++pass;
      } else {
        std::string msg = lang + "/" + c.category + ": " + c.text + "\n";
        for (const auto& s : got) msg += "   got: " + s + "\n";
        WARN(msg);
      }
    }
    double pct = 100.0 * static_cast<double>(pass) / static_cast<double>(cases.size());
    INFO(lang << ": " << pass << "/" << cases.size());
    CHECK(pct >= (lang == "en" ? 95.0 : 85.0));
  }
  CHECK(languages >= 20);
}
