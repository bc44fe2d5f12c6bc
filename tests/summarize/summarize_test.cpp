// Summarize(): spans, order, budgets, determinism, keywords, and every
// language we ship texts for (short texts written for these tests).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "newsdigest/summarize/summarize.h"
#include "newsdigest/text/text.h"
#include "summarize_internal.h"

namespace summarize_test_detail {

namespace sm = newsdigest::summarize;
namespace tx = newsdigest::text;

std::string ReadSummarizeTestFile(const std::string& name) {
  std::ifstream in(std::string(ND_TEST_DATA_DIR) + "/summarize/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every chosen span is one of SplitSentences' spans, in body order.
void CheckSpansAreSentences(std::string_view body, std::string_view lang, const sm::Summary& s) {
  std::vector<tx::Span> all = tx::SplitSentences(body, lang);
  uint32_t prev_end = 0;
  for (const tx::Span& sp : s.sentences) {
    REQUIRE(sp.begin < sp.end);
    REQUIRE(sp.end <= body.size());
    REQUIRE(sp.begin >= prev_end);
    prev_end = sp.end;
    bool found = false;
    for (const tx::Span& x : all) found |= x == sp;
    REQUIRE(found);
  }
}

}  // namespace summarize_test_detail

TEST_CASE("summarize: every language gives sentences and keywords", "[summarize]") {
  namespace d = summarize_test_detail;
  for (const char* lang : {"en", "fr", "de", "es", "ru", "ar", "zh"}) {
    std::string body = d::ReadSummarizeTestFile(std::string(lang) + ".txt");
    REQUIRE(!body.empty());
    for (std::string_view given : {std::string_view(lang), std::string_view()}) {
      CAPTURE(lang, given);
      d::sm::SummaryOptions opt;
      opt.sentences = 2;
      d::sm::Summary s = d::sm::Summarize("", body, given, opt);
      REQUIRE(s.sentences.size() == 2);
      d::CheckSpansAreSentences(body, given, s);
      REQUIRE(!s.keywords.empty());
      REQUIRE(s.keywords.size() <= opt.keywords);
      for (const std::string& k : s.keywords) REQUIRE(!k.empty());
    }
  }
}

TEST_CASE("summarize: repeated key phrase becomes a keyword", "[summarize]") {
  namespace d = summarize_test_detail;
  std::string en = d::ReadSummarizeTestFile("en.txt");
  d::sm::Summary s = d::sm::Summarize("Halden opens a solar ferry", en, "en", d::sm::SummaryOptions());
  bool has = false;
  for (const std::string& k : s.keywords) has |= k == "solar ferry";
  CAPTURE(s.keywords);
  REQUIRE(has);
  std::string de = d::ReadSummarizeTestFile("de.txt");
  s = d::sm::Summarize("", de, "de", d::sm::SummaryOptions());
  CAPTURE(s.keywords);
  REQUIRE(!s.keywords.empty());
  REQUIRE(s.keywords[0] == "Fahrradbrücke");
}

TEST_CASE("summarize: deterministic", "[summarize]") {
  namespace d = summarize_test_detail;
  std::string body = d::ReadSummarizeTestFile("fr.txt");
  d::sm::Summary a = d::sm::Summarize("Un tramway pour Lorient", body, "fr", d::sm::SummaryOptions());
  for (int i = 0; i < 3; ++i) {
    d::sm::Summary b = d::sm::Summarize("Un tramway pour Lorient", body, "fr", d::sm::SummaryOptions());
    REQUIRE(a.sentences == b.sentences);
    REQUIRE(a.keywords == b.keywords);
  }
}

TEST_CASE("summarize: budgets", "[summarize]") {
  namespace d = summarize_test_detail;
  std::string body = d::ReadSummarizeTestFile("en.txt");
  size_t n = d::tx::SplitSentences(body, "en").size();
  REQUIRE(n == 7);

  SECTION("sentences") {
    for (uint32_t k : {1u, 3u, 7u, 20u}) {
      d::sm::SummaryOptions opt;
      opt.sentences = k;
      d::sm::Summary s = d::sm::Summarize("", body, "en", opt);
      REQUIRE(s.sentences.size() == std::min<size_t>(k, n));
      d::CheckSpansAreSentences(body, "en", s);
    }
  }
  SECTION("ratio") {
    d::sm::SummaryOptions opt;
    opt.ratio = 0.3;  // ceil(0.3 * 7) = 3
    REQUIRE(d::sm::Summarize("", body, "en", opt).sentences.size() == 3);
    opt.ratio = 0.01;  // at least one
    REQUIRE(d::sm::Summarize("", body, "en", opt).sentences.size() == 1);
  }
  SECTION("bytes") {
    for (uint32_t max_bytes : {70u, 140u, 200u, 400u}) {
      d::sm::SummaryOptions opt;
      opt.max_bytes = max_bytes;
      d::sm::Summary s = d::sm::Summarize("", body, "en", opt);
      size_t bytes = 0;
      for (const auto& sp : s.sentences) bytes += sp.size() + (bytes ? 1 : 0);
      CAPTURE(max_bytes);
      REQUIRE(bytes <= max_bytes);
      REQUIRE(!s.sentences.empty());  // the shortest sentence is 63 bytes
      d::CheckSpansAreSentences(body, "en", s);
    }
    d::sm::SummaryOptions opt;
    opt.max_bytes = 10;  // nothing fits
    REQUIRE(d::sm::Summarize("", body, "en", opt).sentences.empty());
  }
  SECTION("words") {
    d::sm::SummaryOptions opt;
    opt.max_words = 40;
    d::sm::Summary s = d::sm::Summarize("", body, "en", opt);
    size_t words = 0;
    for (const auto& sp : s.sentences) words += d::tx::SplitWords(sp.Of(body), "en").size();
    REQUIRE(words <= 40);
    REQUIRE(!s.sentences.empty());
  }
  SECTION("keywords count") {
    d::sm::SummaryOptions opt;
    opt.keywords = 0;
    REQUIRE(d::sm::Summarize("", body, "en", opt).keywords.empty());
    opt.keywords = 2;
    REQUIRE(d::sm::Summarize("", body, "en", opt).keywords.size() == 2);
  }
}

TEST_CASE("summarize: degenerate input", "[summarize]") {
  namespace d = summarize_test_detail;
  d::sm::SummaryOptions opt;
  REQUIRE(d::sm::Summarize("", "", "", opt).sentences.empty());
  REQUIRE(d::sm::Summarize("Title only", "", "en", opt).sentences.empty());
  REQUIRE(d::sm::Summarize("", "   \n\n  ", "", opt).sentences.empty());
  d::sm::Summary one = d::sm::Summarize("", "Just one sentence here.", "", opt);
  REQUIRE(one.sentences.size() == 1);
  d::sm::Summary punct = d::sm::Summarize("", "... !!! ??? ---", "xx", opt);
  d::CheckSpansAreSentences("... !!! ??? ---", "xx", punct);
  // Unknown and odd language tags still summarize (no stemming, no stop words).
  std::string body = d::ReadSummarizeTestFile("en.txt");
  for (const char* lang : {"xx", "tlh", "en-GB", "EN", "pt_BR", "zz-Latn-001"}) {
    CAPTURE(lang);
    REQUIRE(d::sm::Summarize("", body, lang, opt).sentences.size() == 3);
  }
  // A long article of repeated sentences: redundancy control must not stall.
  std::string rep;
  for (int i = 0; i < 300; ++i) rep += "The same sentence again and again. ";
  REQUIRE(d::sm::Summarize("", rep, "en", opt).sentences.size() == 3);
}

TEST_CASE("summarize: long articles (long-article weights) keep every guarantee", "[summarize]") {
  namespace d = summarize_test_detail;
  // About 100, 500 and 1500 words: below, inside and above the length gate.
  std::string en = d::ReadSummarizeTestFile("en.txt");
  for (int copies : {1, 5, 15}) {
    std::string body;
    for (int i = 0; i < copies; ++i) {
      if (!body.empty()) body += '\n';
      body += en;
    }
    CAPTURE(copies);
    d::sm::SummaryOptions opt;
    d::sm::Summary a = d::sm::Summarize("Halden opens a solar ferry", body, "en", opt);
    REQUIRE(a.sentences.size() == 3);
    d::CheckSpansAreSentences(body, "en", a);
    REQUIRE(a.sentences == d::sm::Summarize("Halden opens a solar ferry", body, "en", opt).sentences);
    opt.max_bytes = 200;
    d::sm::Summary b = d::sm::Summarize("", body, "", opt);
    size_t bytes = 0;
    for (const auto& sp : b.sentences) bytes += sp.size() + (bytes ? 1 : 0);
    REQUIRE(!b.sentences.empty());
    REQUIRE(bytes <= 200);
  }
}

TEST_CASE("summarize: a 1 MiB body of 140,000 sentences stays bounded", "[summarize]") {
  namespace d = summarize_test_detail;
  // issue 20 item 1: an n x n similarity matrix made this throw bad_alloc.
  // Short sentences, all alike ("Go on.") or one word each, 140,000 different ones.
  std::string same, distinct;
  for (uint32_t i = 0; i < 140000; ++i) same += "Go on. ";
  for (uint32_t i = 0; i < 140000; ++i) {
    char w[5] = {static_cast<char>('A' + i % 26), static_cast<char>('a' + i / 26 % 26),
                 static_cast<char>('a' + i / 676 % 26), static_cast<char>('a' + i / 17576 % 26), 0};
    distinct += std::string(w) + ". ";
  }
  REQUIRE(same.size() < (1u << 20));
  REQUIRE(distinct.size() < (1u << 20));
  for (const std::string* body : {&same, &distinct}) {
    size_t n = d::tx::SplitSentences(*body, "en").size();
    REQUIRE(n > 139900);  // a few words are abbreviations ("Gen.")
    d::sm::SummaryOptions opt;
    d::sm::Summary s = d::sm::Summarize("Ann", *body, "en", opt);
    REQUIRE(s.sentences.size() == 3);
    d::CheckSpansAreSentences(*body, "en", s);
    REQUIRE(!s.keywords.empty());
    opt.ratio = 0.5;  // 70,000 sentences chosen: one sort, not 70,000 scans
    REQUIRE(d::sm::Summarize("", *body, "en", opt).sentences.size() == (n + 1) / 2);
  }
}

TEST_CASE("summarize: linear-time degree equals the exact pairwise sums", "[summarize]") {
  namespace d = summarize_test_detail;
  namespace si = newsdigest::summarize::internal;
  std::string en = d::ReadSummarizeTestFile("en.txt");
  std::string body = en + "\n" + en + "\nA line of its own about the ferry. Nothing shared here.";
  si::Analysis a;
  si::Analyze("Halden opens a solar ferry", body, "en", &a);
  REQUIRE(a.sentences.size() == 16);
  REQUIRE(si::DegreeIsExact(a));
  std::vector<double> exact, linear;
  si::DegreeSums(a, true, &exact);
  si::DegreeSums(a, false, &linear);
  REQUIRE(exact.size() == 16);
  REQUIRE(linear.size() == 16);
  double total = 0;
  for (size_t i = 0; i < exact.size(); ++i) {
    CAPTURE(i);
    REQUIRE(std::abs(exact[i] - linear[i]) <= 1e-6 * (1 + exact[i]));
    total += exact[i];
  }
  REQUIRE(total > 1.0);  // the copies share terms
  // Exact order equals the pairwise definition.
  double d0 = 0;
  for (size_t j = 1; j < a.sentences.size(); ++j) d0 += si::TermSetCosine(a.TermsOf(a.sentences[0]), a.TermsOf(a.sentences[j]));
  REQUIRE(d0 == exact[0]);
}

TEST_CASE("summarize: redundancy weight skips repeated sentences", "[summarize]") {
  namespace d = summarize_test_detail;
  namespace si = newsdigest::summarize::internal;
  std::string en = d::ReadSummarizeTestFile("en.txt");
  std::string body = en + "\n" + en;
  si::Analysis a;
  si::Analyze("Halden opens a solar ferry", body, "en", &a);
  si::Features f;
  si::ComputeFeatures(a, &f);
  si::Model m = si::DefaultModel();
  std::vector<float> scores = si::ScoreSentences(f, m);
  d::sm::SummaryOptions opt;
  opt.sentences = 4;
  auto texts = [&](const std::vector<uint32_t>& sel) {
    std::vector<std::string_view> out;
    for (uint32_t i : sel) out.push_back(a.sentences[i].span.Of(body));
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string_view> plain = texts(si::SelectSentences(a, f, scores, m, opt));
  REQUIRE(plain.size() == 4);
  REQUIRE(std::adjacent_find(plain.begin(), plain.end()) != plain.end());  // copies score alike
  m.redundancy = 100;
  std::vector<std::string_view> mmr = texts(si::SelectSentences(a, f, scores, m, opt));
  REQUIRE(mmr.size() == 4);
  REQUIRE(std::adjacent_find(mmr.begin(), mmr.end()) == mmr.end());
}

TEST_CASE("summarize: lead fallback returns the lead set unless the model is clearly better", "[summarize]") {
  namespace d = summarize_test_detail;
  namespace si = newsdigest::summarize::internal;
  std::string body = d::ReadSummarizeTestFile("en.txt");
  si::Analysis a;
  si::Analyze("Halden opens a solar ferry", body, "en", &a);
  REQUIRE(a.sentences.size() > 4);
  si::Features f;
  si::ComputeFeatures(a, &f);
  si::Model m = si::DefaultModel();
  // Scores that rank the last sentences first: the model's set is the tail.
  std::vector<float> scores(a.sentences.size());
  for (size_t i = 0; i < scores.size(); ++i) scores[i] = static_cast<float>(i);
  d::sm::SummaryOptions opt;
  opt.sentences = 2;
  const uint32_t n = static_cast<uint32_t>(a.sentences.size());
  m.lead_margin = 0;
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{n - 2, n - 1});
  // Gain of the tail over the lead set: n - 2 score units; sd of 0..n-1 is
  // about n / 3.5, so a margin of 1 sd is reached and 100 sd is not.
  m.lead_margin = 1;
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{n - 2, n - 1});
  m.lead_margin = 100;
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{0, 1});
  // A word budget: the lead set is the first sentences that fit.
  opt.sentences = 0;
  opt.max_words = a.sentences[0].words;
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{0});
}

TEST_CASE("summarize: position prior and lead keep move the selection toward the lead", "[summarize]") {
  namespace d = summarize_test_detail;
  namespace si = newsdigest::summarize::internal;
  std::string body = d::ReadSummarizeTestFile("en.txt");
  si::Analysis a;
  si::Analyze("Halden opens a solar ferry", body, "en", &a);
  REQUIRE(a.sentences.size() > 4);
  si::Features f;
  si::ComputeFeatures(a, &f);
  const uint32_t n = static_cast<uint32_t>(a.sentences.size());
  si::Model m = si::DefaultModel();
  m.prior_weight = 0;
  m.lead_keep = 0;
  // A model that ranks the last sentences first.
  for (auto* w : {&m.weights, &m.long_weights}) {
    w->fill(0.0f);
    (*w)[si::kRelPos] = 1.0f;
  }
  d::sm::SummaryOptions opt;
  opt.sentences = 2;
  REQUIRE(si::SelectSentences(a, f, si::ScoreSentences(f, m), m, opt) == std::vector<uint32_t>{n - 2, n - 1});
  // A large prior weight gives Lead-k; the scores stay finite.
  m.prior_weight = 100;
  std::vector<float> scores = si::ScoreSentences(f, m);
  for (float s : scores) REQUIRE(std::isfinite(s));
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{0, 1});
  // Lead keep: sentence 0 first, the model picks the rest; a budget of one
  // sentence is left to the model.
  m.prior_weight = 0;
  m.lead_keep = 1;
  scores = si::ScoreSentences(f, m);
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{0, n - 1});
  opt.sentences = 1;
  REQUIRE(si::SelectSentences(a, f, scores, m, opt) == std::vector<uint32_t>{n - 1});
}
