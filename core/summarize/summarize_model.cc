// The default scoring model and budgeted, redundancy-aware selection.
#include <algorithm>
#include <cmath>
#include <limits>

#include "summarize_internal.h"

namespace newsdigest::summarize::internal {

// Weights of the default model: a short-article and a long-article expert
// blended by body length (see Model). Produced by benchmarks/quality/train.sh
// (coordinate ascent on ROUGE F1, first the long expert on cnn_val1k alone,
// then both experts and the gate on cnn_val1k, bbc_news_summary and
// orangesum_abstract_test), using only the even-numbered articles of those
// sets in ../shared; the odd-numbered articles were held out. The script
// prints this block (the gate was changed afterwards, see below). One model
// serves every language and length budget.
const Model& DefaultModel() {
  static const Model m = [] {
    Model x;
    x.weights[kFirst] = -2.6720f;
    x.weights[kInvPos] = 2.2500f;
    x.weights[kRelPos] = -0.2500f;
    x.weights[kParaStart] = -0.2500f;
    x.weights[kLogWords] = 1.8750f;
    x.weights[kShort] = 0.2810f;
    x.weights[kLong] = -3.2190f;
    x.weights[kCentrality] = 4.5000f;
    x.weights[kDensity] = 0.2500f;
    x.weights[kDegree] = 2.5000f;
    x.weights[kTitle] = 0.5000f;
    x.weights[kQuote] = 0.4215f;
    x.weights[kQuestion] = 0.8750f;
    x.weights[kTopTerms] = 1.0000f;
    x.weights[kSecond] = 0.0620f;
    x.weights[kThird] = -0.6560f;
    x.weights[kMidLength] = 0.0310f;
    x.weights[kDigits] = -0.1250f;
    x.weights[kDocCosine] = 0.0310f;
    x.weights[kNames] = 1.7340f;
    x.weights[kAbsLen] = 0.2500f;
    x.weights[kRelLen] = 0.0000f;
    x.long_weights[kFirst] = -0.5939f;
    x.long_weights[kInvPos] = 3.9375f;
    x.long_weights[kRelPos] = -1.5000f;
    x.long_weights[kParaStart] = -0.5000f;
    x.long_weights[kLogWords] = 0.0938f;
    x.long_weights[kShort] = -0.4690f;
    x.long_weights[kLong] = -8.9690f;
    x.long_weights[kCentrality] = 1.8125f;
    x.long_weights[kDensity] = 0.0000f;
    x.long_weights[kDegree] = 0.5000f;
    x.long_weights[kTitle] = 1.7500f;
    x.long_weights[kQuote] = -1.0160f;
    x.long_weights[kQuestion] = -1.6250f;
    x.long_weights[kTopTerms] = 0.7500f;
    x.long_weights[kSecond] = -0.1880f;
    x.long_weights[kThird] = -0.2185f;
    x.long_weights[kMidLength] = -0.4690f;
    x.long_weights[kDigits] = -0.3125f;
    x.long_weights[kDocCosine] = 0.5310f;
    x.long_weights[kNames] = 1.4840f;
    x.long_weights[kAbsLen] = -0.3125f;
    x.long_weights[kRelLen] = -0.5000f;
    // The gate: train.sh tunes 250:700; the shipped 200:260 was then chosen
    // (issue 16) as the gate with the most BBC ROUGE among those where ours
    // stays at or above Lead-k in every article-length bin (< 260, 260-399,
    // 400-799, >= 800 words) of all three sets (`summ_quality loco --rounds 0
    // --bins`): at 250:700 CNN articles of 260-399 words lost 2.3 ROUGE-1 to
    // Lead-3 because the short-article (BBC-like) expert decided them.
    x.gate_lo = 200.0f;
    x.gate_hi = 260.0f;
    x.redundancy = 0.0f;  // not tuned: a negative value would favour repeated sentences
    x.lead_margin = 0.0f;  // measured, not kept: it costs BBC long before it helps CNN
    // The position prior (issue 16 item 1): chosen by `summ_quality designs`
    // (benchmarks/quality/run.sh) as the smallest weight whose worst
    // leave-one-corpus-out gain over Lead-k (weights retrained without the
    // held-out corpus) is within 0.05 ROUGE of the best: 0.75 gives +0.50
    // (the best, 1.5, +0.54); without it CNN held out is -1.17 below Lead-3.
    x.prior_weight = 0.75f;
    x.lead_keep = 0;  // "lead sentence 1 always kept" measured, not kept (see the benchmark README)
    return x;
  }();
  return m;
}

float GateOf(const Model& m, double body_words) {
  if (body_words <= m.gate_lo) return 0.0f;
  if (body_words >= m.gate_hi) return 1.0f;
  return static_cast<float>(std::log(body_words / m.gate_lo) / std::log(static_cast<double>(m.gate_hi) / m.gate_lo));
}

std::vector<float> ScoreSentences(const Features& f, const Model& m) {
  const float g = GateOf(m, f.body_words);
  std::array<float, kNumFeatures> w;
  for (size_t k = 0; k < w.size(); ++k) w[k] = (1.0f - g) * m.weights[k] + g * m.long_weights[k];
  const size_t n = f.rows.size();
  std::vector<float> out(n, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    float s = 0;
    for (size_t k = 0; k < w.size(); ++k) s += w[k] * f.rows[i][k];
    out[i] = s;
  }
  if (m.prior_weight > 0 && n > 0) {
    double mean = 0, sq = 0;
    for (float s : out) mean += static_cast<double>(s);
    mean /= static_cast<double>(n);
    for (float s : out) sq += (static_cast<double>(s) - mean) * (static_cast<double>(s) - mean);
    const double sd = std::sqrt(sq / static_cast<double>(n));
    for (size_t i = 0; i < n; ++i) {
      const double z = sd > 0 ? (static_cast<double>(out[i]) - mean) / sd : 0.0;
      out[i] = static_cast<float>(z - static_cast<double>(m.prior_weight) * std::log2(1.0 + static_cast<double>(i)));
    }
  }
  return out;
}

namespace summarize_model_detail {
// Above this many sentences the redundancy term is not applied (see header).
constexpr size_t kMmrMaxSentences = 1000;
}  // namespace summarize_model_detail

std::vector<uint32_t> SelectSentences(const Analysis& a, const Features& /*f*/, const std::vector<float>& scores,
                                      const Model& m, const SummaryOptions& options) {
  using summarize_model_detail::kMmrMaxSentences;
  const size_t n = a.sentences.size();
  std::vector<uint32_t> chosen;
  if (n == 0) return chosen;
  size_t max_count = n;
  uint64_t max_words = std::numeric_limits<uint64_t>::max();
  uint64_t max_bytes = std::numeric_limits<uint64_t>::max();
  if (options.max_bytes > 0) {
    max_bytes = options.max_bytes;
  } else if (options.max_words > 0) {
    max_words = options.max_words;
  } else if (options.ratio > 0) {
    double want = std::ceil(std::min(options.ratio, 1.0) * static_cast<double>(n));
    max_count = std::max<size_t>(1, static_cast<size_t>(want));
  } else {
    max_count = std::min<size_t>(n, options.sentences);
  }

  uint64_t words = 0, bytes = 0;
  auto fits = [&](size_t i) {
    const SentenceInfo& s = a.sentences[i];
    uint64_t add_bytes = s.span.size() + (chosen.empty() ? 0 : 1);
    return bytes + add_bytes <= max_bytes && words + s.words <= max_words;
  };
  auto take = [&](size_t i) {
    chosen.push_back(static_cast<uint32_t>(i));
    words += a.sentences[i].words;
    bytes += a.sentences[i].span.size() + (chosen.size() == 1 ? 0 : 1);
  };
  // Lead keep (see Model): these sentences come first in either walk.
  const uint32_t keep = max_count > m.lead_keep ? m.lead_keep : 0;
  if (m.redundancy == 0 || n > kMmrMaxSentences) {
    // Greedy by score alone: budgets only shrink, so a sentence that does not
    // fit now never will; walking the sentences by (score desc, index asc)
    // picks exactly what repeated arg-max scans would.
    std::vector<uint32_t> order(n);
    for (uint32_t i = 0; i < n; ++i) order[i] = i;
    auto key = [&](uint32_t i) { return std::isnan(scores[i]) ? -std::numeric_limits<float>::infinity() : scores[i]; };
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      const bool lx = x < keep, ly = y < keep;
      if (lx || ly) return lx && ly ? x < y : lx;
      float kx = key(x), ky = key(y);
      return kx != ky ? kx > ky : x < y;
    });
    for (uint32_t i : order) {
      if (chosen.size() >= max_count) break;
      if (fits(i)) take(i);
    }
  } else {
    std::vector<float> max_sim(n, 0.0f);
    std::vector<uint8_t> taken(n, 0);
    while (chosen.size() < max_count) {
      size_t best = n;
      float best_val = 0;
      for (size_t i = 0; i < n; ++i) {
        if (taken[i] || !fits(i)) continue;
        float v = i < keep ? std::numeric_limits<float>::infinity() : scores[i] - m.redundancy * max_sim[i];
        if (best == n || v > best_val) {  // strict: ties keep the earlier sentence
          best = i;
          best_val = v;
        }
      }
      if (best == n) break;
      taken[best] = 1;
      take(best);
      for (size_t i = 0; i < n; ++i)
        if (i != best)
          max_sim[i] = std::max(max_sim[i], TermSetCosine(a.TermsOf(a.sentences[best]), a.TermsOf(a.sentences[i])));
    }
  }
  if (m.lead_margin > 0 && !chosen.empty()) {
    // The lead set under the same budget: sentences in article order, each
    // taken when it still fits (budgets only shrink, as above).
    std::vector<uint32_t> model_set;
    model_set.swap(chosen);
    const uint64_t model_words = words, model_bytes = bytes;
    words = 0, bytes = 0;
    for (uint32_t i = 0; i < n && chosen.size() < max_count; ++i)
      if (fits(i)) take(i);
    double mean = 0, sq = 0, chosen_sum = 0, lead_sum = 0;
    for (float s : scores) mean += static_cast<double>(s);
    mean /= static_cast<double>(n);
    for (float s : scores) sq += (static_cast<double>(s) - mean) * (static_cast<double>(s) - mean);
    const double sd = std::sqrt(sq / static_cast<double>(n));
    for (uint32_t i : model_set) chosen_sum += static_cast<double>(scores[i]);
    for (uint32_t i : chosen) lead_sum += static_cast<double>(scores[i]);
    const double gain = (chosen_sum - lead_sum) / static_cast<double>(model_set.size());
    const bool confident = !(gain < static_cast<double>(m.lead_margin) * sd);  // NaN scores: keep the model's set
    if (confident || chosen.empty()) {
      chosen.swap(model_set);
      words = model_words, bytes = model_bytes;
    }
  }
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

}  // namespace newsdigest::summarize::internal
