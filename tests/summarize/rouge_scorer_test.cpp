// Our ROUGE scorer (benchmarks/quality/summ_rouge.cc) against the reference
// values that rouge.py's self-test uses (ROUGE-1.5.5 / rouge-score numbers).
#include <catch2/catch.hpp>

#include "summ_rouge.h"

TEST_CASE("rouge: n-gram and Lsum scores", "[summarize]") {
  namespace b = newsdigest::bench;
  b::RougeTokenizer tok("en");
  auto s = b::ScoreTexts(&tok, "testing one two", "testing");
  REQUIRE(s.r1.p == Approx(1.0));
  REQUIRE(s.r1.r == Approx(1.0 / 3));
  REQUIRE(s.r1.f == Approx(0.5));
  s = b::ScoreTexts(&tok, "testing one two", "testing one");
  REQUIRE(s.r2.f == Approx(2.0 / 3));
  s = b::ScoreTexts(&tok, "w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5");
  REQUIRE(s.rlsum.r == Approx(0.8));
  REQUIRE(s.rlsum.p == Approx(0.4));
  REQUIRE(s.rlsum.f == Approx(0.5333).epsilon(1e-3));
  REQUIRE(b::ScoreTexts(&tok, "testing one two", "").r1.f == 0);
  REQUIRE(b::ScoreTexts(&tok, "", "w1").r2.f == 0);
  REQUIRE(b::ScoreTexts(&tok, "w1 w2 w3 w4 w5", "/").rlsum.f == 0);
}

TEST_CASE("rouge: NLTK-mode Porter stemmer", "[summarize]") {
  namespace b = newsdigest::bench;
  const char* cases[][2] = {{"running", "run"},       {"generously", "gener"}, {"skies", "sky"},
                            {"dying", "die"},         {"ties", "tie"},         {"happiness", "happi"},
                            {"relational", "relat"},  {"conditional", "condit"}, {"hopefulli", "hope"},
                            {"archaeology", "archaeolog"}, {"falling", "fall"}, {"hopping", "hop"},
                            {"filing", "file"},       {"controll", "control"}, {"roll", "roll"}};
  for (const auto& c : cases) {
    CAPTURE(c[0]);
    REQUIRE(b::PorterStemNltk(c[0]) == c[1]);
  }
}

TEST_CASE("rouge: non-English tokenizer", "[summarize]") {
  namespace b = newsdigest::bench;
  b::RougeTokenizer fr("fr");
  REQUIRE(fr.Tokens("L'été à Paris, c'est ﬁni !") ==
          std::vector<std::string>{"l", "été", "à", "paris", "c", "est", "fini"});
  b::RougeTokenizer zh("zh");
  REQUIRE(zh.Tokens("成都2024年") == std::vector<std::string>{"成", "都", "2024", "年"});
}
