// ROUGE scorer matching ../shared/eval/summ/rouge.py (see summ_rouge.h).
#include "summ_rouge.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>

namespace newsdigest::bench {
namespace summ_rouge_detail {

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool Cons(const std::string& w, size_t i) {
  char c = w[i];
  if (IsVowel(c)) return false;
  if (c == 'y') return i == 0 ? true : !Cons(w, i - 1);
  return true;
}

int Measure(const std::string& s) {
  int m = 0;
  bool prev_vowel = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Cons(s, i)) {
      if (prev_vowel) ++m;
      prev_vowel = false;
    } else {
      prev_vowel = true;
    }
  }
  return m;
}

bool HasVowel(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (!Cons(s, i)) return true;
  return false;
}

bool EndsWith(const std::string& w, std::string_view suf) {
  return w.size() >= suf.size() && std::string_view(w).substr(w.size() - suf.size()) == suf;
}

bool DoubleCons(const std::string& w) {
  return w.size() >= 2 && w[w.size() - 1] == w[w.size() - 2] && Cons(w, w.size() - 1);
}

bool Cvc(const std::string& w) {
  size_t n = w.size();
  if (n >= 3 && Cons(w, n - 3) && !Cons(w, n - 2) && Cons(w, n - 1) && w[n - 1] != 'w' && w[n - 1] != 'x' &&
      w[n - 1] != 'y')
    return true;
  return n == 2 && !Cons(w, 0) && Cons(w, 1);
}

enum class Cond { kNone, kM0, kM1, kIonM1, kLogi };

struct Rule {
  std::string_view suffix, repl;
  Cond cond;
};

// First rule whose suffix matches decides.
std::string ApplyRules(const std::string& w, const Rule* rules, size_t count) {
  for (size_t k = 0; k < count; ++k) {
    const Rule& r = rules[k];
    if (!EndsWith(w, r.suffix)) continue;
    std::string stem = w.substr(0, w.size() - r.suffix.size());
    bool ok = true;
    switch (r.cond) {
      case Cond::kNone: break;
      case Cond::kM0: ok = Measure(stem) > 0; break;
      case Cond::kM1: ok = Measure(stem) > 1; break;
      case Cond::kIonM1: ok = Measure(stem) > 1 && (stem.back() == 's' || stem.back() == 't'); break;
      case Cond::kLogi: ok = Measure(w.substr(0, w.size() - 3)) > 0; break;
    }
    return ok ? stem + std::string(r.repl) : w;
  }
  return w;
}

std::string Step1a(const std::string& w) {
  if (w.size() == 4 && EndsWith(w, "ies")) return w.substr(0, 1) + "ie";
  static const Rule r[] = {{"sses", "ss", Cond::kNone}, {"ies", "i", Cond::kNone}, {"ss", "ss", Cond::kNone},
                           {"s", "", Cond::kNone}};
  return ApplyRules(w, r, std::size(r));
}

std::string Step1b(const std::string& w) {
  if (EndsWith(w, "ied")) return w.substr(0, w.size() - 3) + (w.size() == 4 ? "ie" : "i");
  if (EndsWith(w, "eed")) {
    std::string stem = w.substr(0, w.size() - 3);
    return Measure(stem) > 0 ? stem + "ee" : w;
  }
  std::string base;
  bool found = false;
  for (std::string_view suf : {std::string_view("ed"), std::string_view("ing")}) {
    if (EndsWith(w, suf) && HasVowel(w.substr(0, w.size() - suf.size()))) {
      base = w.substr(0, w.size() - suf.size());
      found = true;
      break;
    }
  }
  if (!found) return w;
  if (EndsWith(base, "at")) return base.substr(0, base.size() - 2) + "ate";
  if (EndsWith(base, "bl")) return base.substr(0, base.size() - 2) + "ble";
  if (EndsWith(base, "iz")) return base.substr(0, base.size() - 2) + "ize";
  if (DoubleCons(base)) {
    char last = base.back();
    if (last != 'l' && last != 's' && last != 'z') return base.substr(0, base.size() - 1);
    return base;
  }
  if (Measure(base) == 1 && Cvc(base)) return base + "e";
  return base;
}

std::string Step1c(const std::string& w) {
  if (!EndsWith(w, "y")) return w;
  std::string stem = w.substr(0, w.size() - 1);
  bool ok = stem.size() > 1 && Cons(stem, stem.size() - 1);
  return ok ? stem + "i" : w;
}

std::string Step2(const std::string& w) {
  if (EndsWith(w, "alli") && Measure(w.substr(0, w.size() - 4)) > 0) return Step2(w.substr(0, w.size() - 4) + "al");
  static const Rule r[] = {
      {"ational", "ate", Cond::kM0}, {"tional", "tion", Cond::kM0}, {"enci", "ence", Cond::kM0},
      {"anci", "ance", Cond::kM0},   {"izer", "ize", Cond::kM0},    {"bli", "ble", Cond::kM0},
      {"alli", "al", Cond::kM0},     {"entli", "ent", Cond::kM0},   {"eli", "e", Cond::kM0},
      {"ousli", "ous", Cond::kM0},   {"ization", "ize", Cond::kM0}, {"ation", "ate", Cond::kM0},
      {"ator", "ate", Cond::kM0},    {"alism", "al", Cond::kM0},    {"iveness", "ive", Cond::kM0},
      {"fulness", "ful", Cond::kM0}, {"ousness", "ous", Cond::kM0}, {"aliti", "al", Cond::kM0},
      {"iviti", "ive", Cond::kM0},   {"biliti", "ble", Cond::kM0},  {"fulli", "ful", Cond::kM0},
      {"logi", "log", Cond::kLogi}};
  return ApplyRules(w, r, std::size(r));
}

std::string Step3(const std::string& w) {
  static const Rule r[] = {{"icate", "ic", Cond::kM0}, {"ative", "", Cond::kM0}, {"alize", "al", Cond::kM0},
                           {"iciti", "ic", Cond::kM0}, {"ical", "ic", Cond::kM0}, {"ful", "", Cond::kM0},
                           {"ness", "", Cond::kM0}};
  return ApplyRules(w, r, std::size(r));
}

std::string Step4(const std::string& w) {
  static const Rule r[] = {{"al", "", Cond::kM1},    {"ance", "", Cond::kM1}, {"ence", "", Cond::kM1},
                           {"er", "", Cond::kM1},    {"ic", "", Cond::kM1},   {"able", "", Cond::kM1},
                           {"ible", "", Cond::kM1},  {"ant", "", Cond::kM1},  {"ement", "", Cond::kM1},
                           {"ment", "", Cond::kM1},  {"ent", "", Cond::kM1},  {"ion", "", Cond::kIonM1},
                           {"ou", "", Cond::kM1},    {"ism", "", Cond::kM1},  {"ate", "", Cond::kM1},
                           {"iti", "", Cond::kM1},   {"ous", "", Cond::kM1},  {"ive", "", Cond::kM1},
                           {"ize", "", Cond::kM1}};
  return ApplyRules(w, r, std::size(r));
}

std::string Step5a(const std::string& w) {
  if (EndsWith(w, "e")) {
    std::string stem = w.substr(0, w.size() - 1);
    int m = Measure(stem);
    if (m > 1 || (m == 1 && !Cvc(stem))) return stem;
  }
  return w;
}

std::string Step5b(const std::string& w) {
  if (EndsWith(w, "ll") && Measure(w.substr(0, w.size() - 1)) > 1) return w.substr(0, w.size() - 1);
  return w;
}

// rouge.py's _SPLIT_CHAR_SCRIPTS test on the Unicode character name.
bool SplitCharScript(UChar32 c) {
  if (c < 0x0E00) return false;
  thread_local std::map<UChar32, bool> cache;
  auto it = cache.find(c);
  if (it != cache.end()) return it->second;
  char name[256];
  UErrorCode err = U_ZERO_ERROR;
  int32_t len = u_charName(c, U_UNICODE_CHAR_NAME, name, sizeof(name), &err);
  bool split = false;
  if (U_SUCCESS(err) && len > 0) {
    std::string_view nm(name, static_cast<size_t>(len));
    for (std::string_view p : {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"})
      if (nm.substr(0, p.size()) == p) split = true;
  }
  cache.emplace(c, split);
  return split;
}

// Python's \w: str.isalnum() or '_'.
bool IsPyWord(UChar32 c) {
  if (c == '_') return true;
  if (u_isalpha(c)) return true;
  return u_getIntPropertyValue(c, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

void AppendUtf8(UChar32 c, std::string* out) {
  icu::UnicodeString(c).toUTF8String(*out);
}

}  // namespace summ_rouge_detail

std::string PorterStemNltk(std::string_view word) {
  namespace d = summ_rouge_detail;
  std::string w(word);
  for (char& c : w)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  static const std::map<std::string, std::string, std::less<>> kPool = {
      {"sky", "sky"},         {"skies", "sky"},     {"dying", "die"},        {"lying", "lie"},
      {"tying", "tie"},       {"news", "news"},     {"innings", "inning"},   {"inning", "inning"},
      {"outings", "outing"},  {"outing", "outing"}, {"cannings", "canning"}, {"canning", "canning"},
      {"howe", "howe"},       {"proceed", "proceed"}, {"exceed", "exceed"},  {"succeed", "succeed"}};
  auto it = kPool.find(w);
  if (it != kPool.end()) return it->second;
  if (w.size() <= 2) return w;
  w = d::Step1a(w);
  w = d::Step1b(w);
  w = d::Step1c(w);
  w = d::Step2(w);
  w = d::Step3(w);
  w = d::Step4(w);
  w = d::Step5a(w);
  w = d::Step5b(w);
  return w;
}

std::vector<std::string> RougeTokenizer::Tokens(std::string_view text) {
  namespace d = summ_rouge_detail;
  std::vector<std::string> out;
  if (lang_ == "en") {
    std::string cur;
    auto flush = [&] {
      if (cur.empty()) return;
      if (cur.size() > 3) {
        auto it = stem_cache_.find(cur);
        if (it == stem_cache_.end()) it = stem_cache_.emplace(cur, PorterStemNltk(cur)).first;
        out.push_back(it->second);
      } else {
        out.push_back(cur);
      }
      cur.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 'A' && c <= 'Z') cur.push_back(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) cur.push_back(static_cast<char>(c));
      else if (c == 0xC4 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xB0) {
        // U+0130 lower-cases to "i" + U+0307 in Python: the 'i' survives.
        cur.push_back('i');
        flush();
        ++i;
      } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x84 &&
                 static_cast<unsigned char>(text[i + 2]) == 0xAA) {
        cur.push_back('k');  // U+212A KELVIN SIGN lower-cases to 'k'
        i += 2;
      } else {
        flush();
      }
    }
    flush();
    return out;
  }
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  icu::UnicodeString src = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString norm = U_SUCCESS(err) ? nfkc->normalize(src, err) : src;
  if (U_FAILURE(err)) norm = src;
  norm.toLower(icu::Locale::getRoot());
  std::string cur;
  for (int32_t i = 0; i < norm.length();) {
    UChar32 c = norm.char32At(i);
    i += U16_LENGTH(c);
    if (!d::IsPyWord(c)) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
      continue;
    }
    if (d::SplitCharScript(c)) {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
      std::string one;
      d::AppendUtf8(c, &one);
      out.push_back(std::move(one));
    } else {
      d::AppendUtf8(c, &cur);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::vector<uint32_t> RougeTokenizer::Ids(std::string_view text) {
  std::vector<uint32_t> ids;
  for (std::string& t : Tokens(text)) {
    auto it = vocab_.find(t);
    if (it == vocab_.end()) it = vocab_.emplace(std::move(t), static_cast<uint32_t>(vocab_.size())).first;
    ids.push_back(it->second);
  }
  return ids;
}

std::vector<std::vector<uint32_t>> RougeTokenizer::SentenceIds(std::string_view text) {
  std::vector<std::vector<uint32_t>> out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl > at) out.push_back(Ids(text.substr(at, nl - at)));
    at = nl + 1;
  }
  return out;
}

namespace summ_rouge_detail {
Prf MakePrf(double hits, double n_hyp, double n_ref) {
  Prf r;
  r.p = n_hyp > 0 ? hits / n_hyp : 0;
  r.r = n_ref > 0 ? hits / n_ref : 0;
  r.f = r.p + r.r > 0 ? 2 * r.p * r.r / (r.p + r.r) : 0;
  return r;
}
}  // namespace summ_rouge_detail

Prf RougeN(const std::vector<uint32_t>& ref, const std::vector<uint32_t>& hyp, int n) {
  auto grams = [n](const std::vector<uint32_t>& t) {
    std::vector<uint64_t> g;
    for (size_t i = 0; i + static_cast<size_t>(n) <= t.size(); ++i)
      g.push_back(n == 1 ? t[i] : (static_cast<uint64_t>(t[i]) << 32) | t[i + 1]);
    std::sort(g.begin(), g.end());
    return g;
  };
  std::vector<uint64_t> r = grams(ref), h = grams(hyp);
  size_t hits = 0;
  for (size_t i = 0, j = 0; i < r.size() && j < h.size();) {
    if (r[i] < h[j]) ++i;
    else if (h[j] < r[i]) ++j;
    else ++hits, ++i, ++j;
  }
  return summ_rouge_detail::MakePrf(static_cast<double>(hits), static_cast<double>(h.size()),
                                    static_cast<double>(r.size()));
}

std::vector<uint32_t> LcsPositions(const std::vector<uint32_t>& ref, const std::vector<uint32_t>& hyp) {
  const size_t m = ref.size(), n = hyp.size();
  std::vector<uint32_t> t((m + 1) * (n + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return t[i * (n + 1) + j]; };
  for (size_t i = 1; i <= m; ++i)
    for (size_t j = 1; j <= n; ++j)
      at(i, j) = ref[i - 1] == hyp[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
  std::vector<uint32_t> pos;
  size_t i = m, j = n;
  while (i > 0 && j > 0) {
    if (ref[i - 1] == hyp[j - 1]) {
      pos.push_back(static_cast<uint32_t>(i - 1));
      --i, --j;
    } else if (at(i, j - 1) > at(i - 1, j)) {
      --j;
    } else {
      --i;
    }
  }
  std::reverse(pos.begin(), pos.end());
  return pos;
}

Prf RougeLsum(const std::vector<std::vector<uint32_t>>& ref_sents, const std::vector<std::vector<uint32_t>>& hyp_sents) {
  size_t m = 0, n = 0;
  std::map<uint32_t, int> ref_left, hyp_left;
  for (const auto& s : ref_sents) {
    m += s.size();
    for (uint32_t t : s) ++ref_left[t];
  }
  for (const auto& s : hyp_sents) {
    n += s.size();
    for (uint32_t t : s) ++hyp_left[t];
  }
  if (m == 0 || n == 0) return Prf{};
  size_t hits = 0;
  for (const auto& r : ref_sents) {
    std::vector<uint32_t> uni;
    for (const auto& h : hyp_sents) {
      std::vector<uint32_t> p = LcsPositions(r, h);
      uni.insert(uni.end(), p.begin(), p.end());
    }
    std::sort(uni.begin(), uni.end());
    uni.erase(std::unique(uni.begin(), uni.end()), uni.end());
    for (uint32_t idx : uni) {
      uint32_t tok = r[idx];
      if (ref_left[tok] > 0 && hyp_left[tok] > 0) {
        ++hits;
        --ref_left[tok];
        --hyp_left[tok];
      }
    }
  }
  return summ_rouge_detail::MakePrf(static_cast<double>(hits), static_cast<double>(n), static_cast<double>(m));
}

RougeScores ScoreTexts(RougeTokenizer* tok, std::string_view ref, std::string_view hyp) {
  RougeScores s;
  std::vector<uint32_t> rt = tok->Ids(ref), ht = tok->Ids(hyp);
  s.r1 = RougeN(rt, ht, 1);
  s.r2 = RougeN(rt, ht, 2);
  s.rlsum = RougeLsum(tok->SentenceIds(ref), tok->SentenceIds(hyp));
  return s;
}

}  // namespace newsdigest::bench
