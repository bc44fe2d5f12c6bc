// Keywords: frequent content terms and repeated multi-word phrases, weighted
// by the title and by how early they appear.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "summarize_internal.h"

namespace newsdigest::summarize::internal {
namespace summarize_keywords_detail {

struct Candidate {
  std::vector<uint32_t> terms;
  uint32_t count = 0;
  uint32_t first_sentence = 0;
  uint32_t first_order = 0;  // order of first appearance (tie-break)
  std::map<std::string, uint32_t> surfaces;
  double score = 0;
};

// True when only spaces or hyphens separate two words (so they can form a
// phrase); CJK words touch.
bool Joinable(std::string_view gap) {
  for (char c : gap)
    if (c != ' ' && c != '-') return false;
  return gap.size() <= 2;
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (!(c >= '0' && c <= '9') && c != '.' && c != ',') return false;
  return true;
}

}  // namespace summarize_keywords_detail

std::vector<std::string> ExtractKeywords(std::string_view /*title*/, std::string_view body, const Analysis& a,
                                         uint32_t count) {
  namespace d = summarize_keywords_detail;
  std::vector<std::string> out;
  if (count == 0) return out;
  std::map<std::vector<uint32_t>, d::Candidate> cands;
  uint32_t order = 0;
  for (uint32_t si = 0; si < a.sentences.size(); ++si) {
    const std::vector<Token>& toks = a.sentences[si].tokens;
    size_t run_begin = 0;
    for (size_t k = 0; k <= toks.size(); ++k) {
      bool breaks = k == toks.size() || toks[k].term < 0 ||
                    (k > run_begin && !d::Joinable(body.substr(toks[k - 1].span.end,
                                                               toks[k].span.begin - toks[k - 1].span.end)));
      if (breaks && k > run_begin) {
        // n-grams (n <= 3) of the run [run_begin, k)
        for (size_t b = run_begin; b < k; ++b) {
          for (size_t len = 1; len <= 3 && b + len <= k; ++len) {
            std::vector<uint32_t> key;
            for (size_t q = b; q < b + len; ++q) key.push_back(static_cast<uint32_t>(toks[q].term));
            d::Candidate& c = cands[key];
            if (c.count == 0) {
              c.terms = key;
              c.first_sentence = si;
              c.first_order = order++;
            }
            ++c.count;
            ++c.surfaces[std::string(body.substr(toks[b].span.begin, toks[b + len - 1].span.end - toks[b].span.begin))];
          }
        }
      }
      if (k < toks.size() && (toks[k].term < 0 || breaks)) run_begin = toks[k].term < 0 ? k + 1 : k;
    }
  }
  auto term_score = [&](uint32_t t, uint32_t first_sentence) {
    return static_cast<double>(a.term_count[t]) * (1.0 + a.term_in_title[t]) *
           (1.0 + 0.5 / (1.0 + static_cast<double>(first_sentence)));
  };
  std::vector<d::Candidate*> list;
  for (auto& [key, c] : cands) {
    const std::string* surface = nullptr;
    uint32_t best = 0;
    for (const auto& [s, k] : c.surfaces)
      if (k > best) best = k, surface = &s;
    if (surface == nullptr || d::AllDigits(*surface)) continue;
    if (key.size() == 1) {
      c.score = term_score(key[0], c.first_sentence);
    } else {
      if (c.count < 2) continue;
      double sum = 0;
      uint32_t max_count = 1;
      for (uint32_t t : key) {
        sum += term_score(t, c.first_sentence);
        max_count = std::max(max_count, a.term_count[t]);
      }
      c.score = sum * static_cast<double>(c.count) / static_cast<double>(max_count);
    }
    list.push_back(&c);
  }
  std::sort(list.begin(), list.end(), [](const d::Candidate* x, const d::Candidate* y) {
    if (x->score != y->score) return x->score > y->score;
    return x->first_order < y->first_order;
  });
  std::vector<uint8_t> used(a.term_keys.size(), 0);
  for (const d::Candidate* c : list) {
    if (out.size() >= count) break;
    bool overlap = false;
    for (uint32_t t : c->terms) overlap |= used[t] != 0;
    if (overlap) continue;
    for (uint32_t t : c->terms) used[t] = 1;
    const std::string* surface = nullptr;
    uint32_t best = 0;
    for (const auto& [s, k] : c->surfaces)
      if (k > best) best = k, surface = &s;
    out.push_back(*surface);
  }
  return out;
}

}  // namespace newsdigest::summarize::internal
