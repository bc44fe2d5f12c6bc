// Shingle metric (see extract_score.h).
#include "extract_score.h"

#include <unicode/uchar.h>

#include <unordered_map>

namespace newsdigest::bench {
namespace extract_score_detail {

bool IsWordChar(UChar32 c) {
  if (c == '_') return true;
  int t = u_charType(c);
  switch (t) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

// Decodes one code point at *i (advancing it); -1 for an invalid sequence.
UChar32 Utf8Next(std::string_view s, int32_t* i) {
  auto b = static_cast<unsigned char>(s[static_cast<size_t>(*i)]);
  int len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || static_cast<size_t>(*i + len) > s.size()) {
    ++*i;
    return -1;
  }
  UChar32 c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < len; ++k) {
    auto cb = static_cast<unsigned char>(s[static_cast<size_t>(*i + k)]);
    if ((cb & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    c = (c << 6) | (cb & 0x3F);
  }
  *i += len;
  return c;
}

std::unordered_map<std::string, double> Shingles(const std::vector<std::string>& toks) {
  std::unordered_map<std::string, double> m;
  if (toks.empty()) return m;
  size_t n = 4;
  size_t count = toks.size() >= n ? toks.size() - n + 1 : 1;
  for (size_t i = 0; i < count; ++i) {
    std::string key;
    for (size_t k = i; k < i + n && k < toks.size(); ++k) {
      key += toks[k];
      key.push_back('\x1f');
    }
    m[key] += 1;
  }
  return m;
}

}  // namespace extract_score_detail

std::vector<std::string> ExtractTokens(std::string_view s) {
  std::vector<std::string> out;
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  std::string cur;
  while (i < n) {
    int32_t start = i;
    UChar32 c = extract_score_detail::Utf8Next(s, &i);
    if (c >= 0 && extract_score_detail::IsWordChar(c)) {
      cur.append(s.data() + start, static_cast<size_t>(i - start));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

DocCounts ScoreDoc(std::string_view truth, std::string_view pred) {
  namespace d = extract_score_detail;
  std::vector<std::string> tt = ExtractTokens(truth), pt = ExtractTokens(pred);
  DocCounts c;
  c.exact = tt == pt;
  auto ts = d::Shingles(tt), ps = d::Shingles(pt);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [k, v] : ps) {
    auto it = ts.find(k);
    double t = it == ts.end() ? 0 : it->second;
    tp += std::min(t, v);
    if (v > t) fp += v - t;
  }
  for (const auto& [k, v] : ts) {
    auto it = ps.find(k);
    double p = it == ps.end() ? 0 : it->second;
    if (v > p) fn += v - p;
  }
  double s = tp + fp + fn;
  if (s > 0) {
    c.tp = tp / s;
    c.fp = fp / s;
    c.fn = fn / s;
  }
  return c;
}

Aggregate AggregateDocs(const std::vector<DocCounts>& docs) {
  Aggregate a;
  a.n = docs.size();
  double ps = 0, rs = 0, ex = 0;
  size_t pn = 0, rn = 0;
  for (const auto& d : docs) {
    if (d.tp + d.fp > 0) {
      ps += (d.fp == 0 && d.fn == 0) ? 1.0 : d.tp / (d.tp + d.fp);
      ++pn;
    }
    if (d.tp + d.fn > 0) {
      rs += (d.fp == 0 && d.fn == 0) ? 1.0 : d.tp / (d.tp + d.fn);
      ++rn;
    }
    ex += d.exact ? 1 : 0;
  }
  a.precision = pn ? ps / static_cast<double>(pn) : 0;
  a.recall = rn ? rs / static_cast<double>(rn) : 0;
  a.f1 = a.precision + a.recall > 0 ? 2 * a.precision * a.recall / (a.precision + a.recall) : 0;
  a.accuracy = docs.empty() ? 0 : ex / static_cast<double>(docs.size());
  return a;
}

}  // namespace newsdigest::bench
