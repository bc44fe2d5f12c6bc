// Word segmentation: the fast path must give exactly ICU's words wherever it
// answers (exhaustively over short strings of representative characters),
// and it must answer for ordinary news text.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "newsdigest/text/text.h"
#include "segment_icu.h"

namespace segment_icu_test_detail {

namespace tx = newsdigest::text;

// Every string of up to `max_len` pieces from `alphabet`, fast vs ICU.
// @return how many strings the fast path answered.
size_t CompareAll(const std::vector<std::string>& alphabet, size_t max_len, const char* lang) {
  std::vector<size_t> idx;
  std::vector<tx::Span> fast, icu;
  size_t answered = 0;
  for (size_t len = 1; len <= max_len; ++len) {
    idx.assign(len, 0);
    for (;;) {
      std::string s;
      for (size_t k : idx) s += alphabet[k];
      if (tx::SplitWordsFast(s, &fast)) {
        ++answered;
        tx::SplitWordsIcu(s, lang, &icu);
        CAPTURE(s, lang);
        REQUIRE(fast == icu);
      }
      size_t p = 0;
      while (p < len && ++idx[p] == alphabet.size()) idx[p++] = 0;
      if (p == len) break;
    }
  }
  return answered;
}

}  // namespace segment_icu_test_detail

TEST_CASE("segment_icu: fast word splitting equals ICU on every short string", "[text]") {
  namespace d = segment_icu_test_detail;
  const std::vector<std::string> alphabet = {
      "a", "Z", "\xC3\xA9" /* é */, "\xD0\x96" /* Ж */, "\xCE\xBB" /* λ */, "1", "0", ".", ",", ";", ":", "'",
      "\xE2\x80\x99" /* ’ */, "\xE2\x80\x98" /* ‘ */, "-", " ", "\"", "\xC2\xB7" /* · */, "\xC2\xA0" /* nbsp */,
      "\xE2\x80\x94" /* — */, "\xC2\xAB" /* « */, "?", "_", "\xE4\xB8\xAD" /* 中 */, "\xCC\x81" /* combining acute */,
      "\xC2\xAD" /* soft hyphen */, "\t", "$", "@"};
  for (const char* lang : {"en", "fr", "de", "ru", "sv", "fi", "el", ""}) {
    size_t answered = d::CompareAll(alphabet, 3, lang);
    REQUIRE(answered > 10000);  // most of the 22,000 strings avoid the unsure characters
  }
  // Every printable ASCII character alone, in pairs, and between two word
  // characters ("a@b", "1/2").
  std::vector<std::string> ascii;
  for (char c = ' '; c <= '~'; ++c) ascii.emplace_back(1, c);
  for (const char* lang : {"en", "fr", "de", "ru", "sv", "fi", "el", ""}) d::CompareAll(ascii, 2, lang);
  std::vector<d::tx::Span> fast, icu;
  for (const std::string& p : ascii) {
    for (const char* x : {"a", "1", "\xC3\xA9"}) {
      for (const char* y : {"a", "1", "\xC3\xA9", "\xD0\x96"}) {
        std::string s = std::string(x) + p + y;
        if (!d::tx::SplitWordsFast(s, &fast)) continue;
        d::tx::SplitWordsIcu(s, "en", &icu);
        CAPTURE(s);
        REQUIRE(fast == icu);
      }
    }
  }
  // Longer strings over the marks that join words.
  const std::vector<std::string> marks = {"a", "1", ".", ",", "'", "\xE2\x80\x99", ":", " ", "\xC3\xA9"};
  REQUIRE(d::CompareAll(marks, 6, "en") > 100000);
}

TEST_CASE("segment_icu: fast word splitting answers for news text and matches ICU", "[text]") {
  namespace d = segment_icu_test_detail;
  std::vector<d::tx::Span> fast, icu;
  for (const char* s : {"The U.S. economy grew 3.5% in 2023, officials said on Tuesday.",
                        "\xE2\x80\x9CWe can\xE2\x80\x99t wait,\xE2\x80\x9D said O'Neil \xE2\x80\x94 a 1,000-strong crowd.",
                        "L\xE2\x80\x99\xC3\xA9t\xC3\xA9 de l'ann\xC3\xA9" "e 2024 : d\xC3\xA9j\xC3\xA0 vu.",
                        "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\xBC\xD0\xB8\xD1\x80!"}) {
    CAPTURE(s);
    REQUIRE(d::tx::SplitWordsFast(s, &fast));
    d::tx::SplitWordsIcu(s, "en", &icu);
    REQUIRE(fast == icu);
    REQUIRE(d::tx::SplitWords(s, "en") == icu);
  }
  // Characters it does not know go to ICU.
  REQUIRE(!d::tx::SplitWordsFast("\xE4\xB8\xAD\xE6\x96\x87", &fast));
  REQUIRE(!d::tx::SplitWordsFast("snake_case", &fast));
  REQUIRE(!d::tx::SplitWordsFast("ratio a:b", &fast));
  REQUIRE(d::tx::SplitWords("\xE4\xB8\xAD\xE6\x96\x87 snake_case", "zh").size() >= 2);
}
