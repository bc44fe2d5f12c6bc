// Keywords: frequent content terms and repeated multi-word phrases, weighted
// by the title and by how early they appear.
#include <algorithm>
#include <cmath>
#include <array>
#include <string>

#include "summarize_internal.h"

namespace newsdigest::summarize::internal {
namespace summarize_keywords_detail {

// One candidate keyword: an n-gram (n <= 3) of content term ids.
struct Candidate {
  std::array<uint32_t, 3> terms{};
  uint32_t len = 0;
  uint32_t count = 0;
  uint32_t first_sentence = 0;
  uint32_t last_occurrence = 0;  // newest entry of its chain in Occurrence list + 1 (0: none)
  bool digit_surface = false;    // some occurrence's text is all digits
  double score = 0;
};

// One occurrence's text (body bytes), chained per candidate.
struct Occurrence {
  uint32_t begin, end;
  uint32_t previous;  // the candidate's previous occurrence + 1 (0: none)
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

// Candidates in order of first appearance, found by their term n-gram
// through an open-addressing index.
class CandidateTable {
 public:
  explicit CandidateTable(size_t expected) {
    size_t cap = 64;
    while (cap < expected * 2) cap *= 2;
    slots_.assign(cap, 0u);
    list.reserve(expected);
  }
  // @return the candidate of terms[0, len), created (count 0) when new.
  Candidate* Get(const uint32_t* terms, uint32_t len) {
    uint64_t h = len;
    for (uint32_t k = 0; k < len; ++k) h = (h ^ terms[k]) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      uint32_t e = slots_[i];
      if (e == 0) {
        Candidate c;
        c.len = len;
        for (uint32_t k = 0; k < len; ++k) c.terms[k] = terms[k];
        list.push_back(c);
        slots_[i] = static_cast<uint32_t>(list.size());
        if (list.size() * 2 > slots_.size()) Grow();
        return &list.back();
      }
      Candidate& c = list[e - 1];
      if (c.len == len && std::equal(terms, terms + len, c.terms.begin())) return &c;
    }
  }
  std::vector<Candidate> list;

 private:
  void Grow() {
    std::vector<uint32_t> old(slots_.size() * 2, 0u);
    old.swap(slots_);
    for (uint32_t e = 0; e < list.size(); ++e) {
      const Candidate& c = list[e];
      uint64_t h = c.len;
      for (uint32_t k = 0; k < c.len; ++k) h = (h ^ c.terms[k]) * 0x9E3779B97F4A7C15ull;
      h ^= h >> 31;
      size_t i = h & (slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = e + 1;
    }
  }
  std::vector<uint32_t> slots_;  // index in `list` + 1; 0 = empty
};

// The candidate's most frequent text; ties go to the byte-wise smallest.
std::string_view BestSurface(std::string_view body, const Candidate& c, const std::vector<Occurrence>& occ,
                             std::vector<std::string_view>* scratch) {
  scratch->clear();
  for (uint32_t o = c.last_occurrence; o != 0; o = occ[o - 1].previous)
    scratch->push_back(body.substr(occ[o - 1].begin, occ[o - 1].end - occ[o - 1].begin));
  std::sort(scratch->begin(), scratch->end());
  std::string_view best;
  size_t best_count = 0;
  for (size_t i = 0; i < scratch->size();) {
    size_t j = i;
    while (j < scratch->size() && (*scratch)[j] == (*scratch)[i]) ++j;
    if (j - i > best_count) best_count = j - i, best = (*scratch)[i];
    i = j;
  }
  return best;
}

}  // namespace summarize_keywords_detail

std::vector<std::string> ExtractKeywords(std::string_view /*title*/, std::string_view body, const Analysis& a,
                                         uint32_t count) {
  namespace d = summarize_keywords_detail;
  std::vector<std::string> out;
  if (count == 0) return out;
  d::CandidateTable cands(a.term_keys.size() * 2 + 16);
  std::vector<d::Occurrence> occ;
  occ.reserve(a.tokens.size() * 3);
  uint32_t key[3];
  for (uint32_t si = 0; si < a.sentences.size(); ++si) {
    std::span<const Token> toks = a.TokensOf(a.sentences[si]);
    size_t run_begin = 0;
    for (size_t k = 0; k <= toks.size(); ++k) {
      bool breaks = k == toks.size() || toks[k].term < 0 ||
                    (k > run_begin && !d::Joinable(body.substr(toks[k - 1].span.end,
                                                               toks[k].span.begin - toks[k - 1].span.end)));
      if (breaks && k > run_begin) {
        // n-grams (n <= 3) of the run [run_begin, k)
        for (size_t b = run_begin; b < k; ++b) {
          for (uint32_t len = 1; len <= 3 && b + len <= k; ++len) {
            for (size_t q = b; q < b + len; ++q) key[q - b] = static_cast<uint32_t>(toks[q].term);
            d::Candidate* c = cands.Get(key, len);
            if (c->count == 0) c->first_sentence = si;
            ++c->count;
            uint32_t begin = toks[b].span.begin, end = toks[b + len - 1].span.end;
            occ.push_back(d::Occurrence{begin, end, c->last_occurrence});
            c->last_occurrence = static_cast<uint32_t>(occ.size());
            if (!c->digit_surface && d::AllDigits(body.substr(begin, end - begin))) c->digit_surface = true;
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
  std::vector<std::string_view> scratch;
  std::vector<uint32_t> list;  // candidate indices (= order of first appearance)
  for (uint32_t ci = 0; ci < cands.list.size(); ++ci) {
    d::Candidate& c = cands.list[ci];
    // Only a candidate with an all-digit text can have an all-digit best one.
    if (c.digit_surface && d::AllDigits(d::BestSurface(body, c, occ, &scratch))) continue;
    if (c.len == 1) {
      c.score = term_score(c.terms[0], c.first_sentence);
    } else {
      if (c.count < 2) continue;
      double sum = 0;
      uint32_t max_count = 1;
      for (uint32_t k = 0; k < c.len; ++k) {
        sum += term_score(c.terms[k], c.first_sentence);
        max_count = std::max(max_count, a.term_count[c.terms[k]]);
      }
      c.score = sum * static_cast<double>(c.count) / static_cast<double>(max_count);
    }
    list.push_back(ci);
  }
  auto better = [&](uint32_t x, uint32_t y) {
    const d::Candidate& cx = cands.list[x];
    const d::Candidate& cy = cands.list[y];
    if (cx.score != cy.score) return cx.score > cy.score;
    return x < y;
  };
  // The order is total, so sorting only a prefix (and the rest when the
  // prefix runs out) visits the candidates exactly as a full sort would.
  size_t sorted = std::min(list.size(), static_cast<size_t>(count) * 8 + 8);
  std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(sorted), list.end(), better);
  std::vector<uint8_t> used(a.term_keys.size(), 0);
  for (size_t li = 0; li < list.size(); ++li) {
    if (out.size() >= count) break;
    if (li == sorted) {
      std::sort(list.begin() + static_cast<std::ptrdiff_t>(sorted), list.end(), better);
      sorted = list.size();
    }
    uint32_t ci = list[li];
    const d::Candidate& c = cands.list[ci];
    bool overlap = false;
    for (uint32_t k = 0; k < c.len; ++k) overlap |= used[c.terms[k]] != 0;
    if (overlap) continue;
    for (uint32_t k = 0; k < c.len; ++k) used[c.terms[k]] = 1;
    out.emplace_back(d::BestSurface(body, c, occ, &scratch));
  }
  return out;
}

}  // namespace newsdigest::summarize::internal
