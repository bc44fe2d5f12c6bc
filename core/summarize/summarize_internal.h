// Private to nd_summarize (and its tuning/benchmark tools): the analysis of
// one article, the sentence features, the linear scoring model and the
// budgeted selection that Summarize() is built from. Exposed in a header so
// that benchmarks/quality can compute features once and tune the model
// weights offline; nothing outside core/summarize and benchmarks/ may use it.
//
// Thread-safety: every function may be called concurrently; each call works
// on its own values (stemmers are cached per thread).
#ifndef NEWSDIGEST_SUMMARIZE_SUMMARIZE_INTERNAL_H_
#define NEWSDIGEST_SUMMARIZE_SUMMARIZE_INTERNAL_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/summarize/summarize.h"
#include "newsdigest/text/text.h"

namespace newsdigest::summarize::internal {

// One word of the body. `term` is the id of its stemmed, case-folded form, or
// -1 for stop words (which never count as content).
struct Token {
  text::Span span;  // bytes of the body
  int32_t term = -1;
};

struct SentenceInfo {
  text::Span span;              // bytes of the body (from text::SplitSentences)
  uint32_t token_begin = 0;     // its words: Analysis::tokens[token_begin, token_end)
  uint32_t token_end = 0;
  uint32_t term_begin = 0;      // its distinct content term ids, sorted:
  uint32_t term_end = 0;        //   Analysis::sentence_terms[term_begin, term_end)
  uint32_t words = 0;           // number of word tokens
  uint32_t paragraph = 0;       // index of the '\n'-separated paragraph
  bool para_start = false;      // first sentence of its paragraph
  bool has_quote = false;       // contains a quotation mark
  bool question = false;        // ends with '?' (or its CJK/Arabic forms)
  bool has_digit = false;       // some word starts with an ASCII digit
  uint32_t capitalized = 0;     // words after the first with an upper-case initial
};

struct Analysis {
  std::string lang;                    // effective language ("" if unknown)
  std::vector<SentenceInfo> sentences;
  std::vector<Token> tokens;           // every word of the body, sentence by sentence
  std::vector<uint32_t> sentence_terms;  // each sentence's sorted distinct term ids, concatenated
  std::vector<uint32_t> title_terms;   // distinct content term ids of the title, sorted
  std::vector<std::string> term_keys;  // term id -> stemmed, folded key
  std::vector<uint32_t> term_count;    // term id -> occurrences in the body
  std::vector<uint32_t> term_sf;       // term id -> number of sentences containing it
  std::vector<uint8_t> term_in_title;  // term id -> 1 if the title has it

  std::span<const Token> TokensOf(const SentenceInfo& s) const {
    return std::span<const Token>(tokens).subspan(s.token_begin, s.token_end - s.token_begin);
  }
  std::span<const uint32_t> TermsOf(const SentenceInfo& s) const {
    return std::span<const uint32_t>(sentence_terms).subspan(s.term_begin, s.term_end - s.term_begin);
  }
};

// Normalizes a BCP 47 tag to its lower-case primary subtag ("fr-CA" -> "fr").
std::string PrimaryLanguage(std::string_view lang);

// @return true when `folded` (case-folded word) is a stop word of `lang`.
bool IsStopWord(std::string_view lang, std::string_view folded);

// Stems a case-folded word with the Snowball stemmer of `lang`; returns the
// word unchanged when the language has no stemmer.
std::string StemWord(std::string_view lang, std::string_view folded);

// Splits and tokenizes `body` (and `title`) into *out (replacing it). `lang`
// may be empty (then text::DetectLanguage decides; "" when unsure). Each
// distinct word is folded, looked up and stemmed once per article (stems are
// also cached per thread and language, at most 65,536 words each).
void Analyze(std::string_view title, std::string_view body, std::string_view lang, Analysis* out);

// Per-sentence features; all are scaled to about [0, 1] per article so that
// one set of weights fits short and long articles.
enum Feature : int {
  kFirst = 0,      // first sentence of the body
  kInvPos,         // 1 / (index + 1)
  kRelPos,         // index / (n - 1)
  kParaStart,      // first sentence of a paragraph
  kLogWords,       // log(1 + words) / log(1 + max words)
  kShort,          // fewer than 8 words
  kLong,           // words beyond 40, / 40
  kCentrality,     // sum over distinct terms of (sentence frequency - 1), / max
  kDensity,        // kCentrality per content term, / max
  kDegree,         // sum of cosine similarities to the other sentences, / max
  kTitle,          // share of the title's terms the sentence contains
  kQuote,          // contains a quotation mark
  kQuestion,       // ends with a question mark
  kTopTerms,       // share of the article's 10 most frequent terms it contains
  kSecond,         // second sentence of the body
  kThird,          // third sentence of the body
  kMidLength,      // 12 to 30 words
  kDigits,         // contains a digit
  kDocCosine,      // cosine of the sentence's term set with the body's term counts, / max
  kNames,          // share of words capitalized inside the sentence (names), Latin/Cyrillic only
  kAbsLen,         // min(words, 60) / 60
  kRelLen,         // min(words / median sentence words of the article, 3) / 3
  kNumFeatures
};

// The enumerator's name without the leading 'k' ("First"), for tools.
const char* FeatureName(int feature);

using FeatureRow = std::array<float, kNumFeatures>;

struct Features {
  std::vector<FeatureRow> rows;  // one per sentence
  double body_words = 0;         // words of the body (the model's gate input)
};

// Cosine similarity of two sorted, distinct term sets: |X and Y| / sqrt(|X| |Y|)
// (0 when either is empty).
float TermSetCosine(std::span<const uint32_t> x, std::span<const uint32_t> y);

// Degree centrality: for every sentence, the sum of its TermSetCosine with
// every other sentence, into *deg (resized to the sentence count). `exact`
// sums the pairwise values in index order (O(n^2 x terms), what the model was
// tuned on); otherwise a linear-time identity gives the same sums up to
// rounding. DegreeIsExact(a) is true for bodies of at most 1000 sentences and
// bounded merge work, the bodies ComputeFeatures sums exactly.
bool DegreeIsExact(const Analysis& a);
void DegreeSums(const Analysis& a, bool exact, std::vector<double>* deg);

// Fills *out for `a`. Work and memory are linear in the number of sentences
// beyond a fixed bound (no n x n matrix): kDegree is exact up to 1000
// sentences and computed by a linear-time identity (equal up to rounding)
// beyond.
void ComputeFeatures(const Analysis& a, Features* out);

// Two linear models blended by article length: with
// g = clamp(log(body_words / gate_lo) / log(gate_hi / gate_lo), 0, 1),
// score = sum(((1 - g) * weights[k] + g * long_weights[k]) * feature[k]).
// Short articles use `weights`, long ones `long_weights`. Selection then
// subtracts `redundancy` * (max similarity to an already chosen sentence).
// Lead fallback: the model's set replaces the lead set (the first sentences
// that fit the same budget) only when it is clearly better by the model's own
// scores: (sum of its scores - sum of the lead set's) / its size must reach
// `lead_margin` x the standard deviation of the article's sentence scores;
// otherwise the lead set is returned. 0 disables the fallback.
// Position prior (issue 16): with prior_weight = w > 0 the linear scores are
// standardized per article (z = (s - mean) / sd; all 0 when sd is 0) and
// w x (-log2(1 + index)) is added, so w -> infinity gives Lead-k. 0 keeps
// the raw linear scores.
// Lead keep: the first `lead_keep` sentences are taken before any other
// whenever the budget allows more than `lead_keep` sentences (a sentence
// budget of k > lead_keep; word and byte budgets always); 0 disables it.
struct Model {
  std::array<float, kNumFeatures> weights{};
  std::array<float, kNumFeatures> long_weights{};
  float gate_lo = 200;   // words; at or below: g = 0
  float gate_hi = 1000;  // words; at or above: g = 1 (must exceed gate_lo)
  float redundancy = 0;
  float lead_margin = 0;  // >= 0, in standard deviations of the scores
  float prior_weight = 0;  // >= 0
  uint32_t lead_keep = 0;
};

// The gate g of `m` for an article of `body_words` words.
float GateOf(const Model& m, double body_words);

// The shipped default model (weights documented in summarize_model.cc).
const Model& DefaultModel();

std::vector<float> ScoreSentences(const Features& f, const Model& m);

// Budgeted greedy selection. @return indices of chosen sentences in article
// order. `options` decides the budget exactly as SummaryOptions documents.
// With m.redundancy == 0 (the default model) this is one sort: O(n log n).
// A positive redundancy costs O(n * chosen) similarity evaluations and is
// ignored for bodies of more than 1000 sentences.
std::vector<uint32_t> SelectSentences(const Analysis& a, const Features& f, const std::vector<float>& scores,
                                      const Model& m, const SummaryOptions& options);

// Key terms and phrases, most important first (at most `count`).
std::vector<std::string> ExtractKeywords(std::string_view title, std::string_view body, const Analysis& a,
                                         uint32_t count);

}  // namespace newsdigest::summarize::internal

#endif  // NEWSDIGEST_SUMMARIZE_SUMMARIZE_INTERNAL_H_
