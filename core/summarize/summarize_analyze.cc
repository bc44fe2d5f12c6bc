// Article analysis (sentences, tokens, stemmed content terms) and the
// per-sentence features of the scoring model.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "summarize_internal.h"

namespace newsdigest::summarize::internal {
namespace summarize_analyze_detail {

// Case-folds one word into *out; ASCII words skip ICU.
void FoldWordInto(std::string_view w, std::string* out) {
  bool ascii = true;
  for (char c : w) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (!ascii) {
    *out = text::FoldCase(w);
    return;
  }
  out->assign(w);
  for (char& c : *out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

// Words made only of punctuation-like bytes or a single ASCII letter carry
// no content (ICU reports "s" of "it's" and similar fragments).
bool IsTrivialWord(std::string_view folded) {
  return folded.size() == 1 && static_cast<unsigned char>(folded[0]) < 0x80 &&
         !(folded[0] >= '0' && folded[0] <= '9');
}

// Open-addressing map from byte strings to uint32 values. Keys are copied
// into one arena; Clear() keeps every buffer, so a table reused from call to
// call stops allocating once it has seen its largest input.
class StringTable {
 public:
  void Clear() {
    arena_.clear();
    entries_.clear();
    std::fill(slots_.begin(), slots_.end(), 0u);
  }
  size_t size() const { return entries_.size(); }
  // @return the value of `key`, or null when absent.
  uint32_t* Find(std::string_view key) {
    if (slots_.empty()) return nullptr;
    uint64_t h = Hash(key);
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      uint32_t e = slots_[i];
      if (e == 0) return nullptr;
      Entry& en = entries_[e - 1];
      if (en.hash == h && std::string_view(arena_).substr(en.offset, en.size) == key) return &en.value;
    }
  }
  // Adds `key` (REQUIRES: absent) with `value`.
  void Insert(std::string_view key, uint32_t value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    uint64_t h = Hash(key);
    entries_.push_back(Entry{h, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size()), value});
    arena_.append(key);
    Place(h, static_cast<uint32_t>(entries_.size()));
  }

 private:
  struct Entry {
    uint64_t hash;
    uint32_t offset, size, value;
  };
  static uint64_t Hash(std::string_view key) {
    // 8 bytes at a time, multiply-xorshift mixing.
    uint64_t h = 0x9E3779B97F4A7C15ull ^ key.size();
    size_t i = 0;
    for (; i + 8 <= key.size(); i += 8) {
      uint64_t v;
      std::memcpy(&v, key.data() + i, 8);
      h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    uint64_t tail = 0;
    for (size_t k = 0; i + k < key.size(); ++k) tail |= static_cast<uint64_t>(static_cast<unsigned char>(key[i + k])) << (8 * k);
    h = (h ^ tail) * 0x94D049BB133111EBull;
    return h ^ (h >> 29);
  }
  void Place(uint64_t h, uint32_t e) {
    size_t i = h & (slots_.size() - 1);
    while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = e;
  }
  void Grow() {
    slots_.assign(std::max<size_t>(64, slots_.size() * 2), 0u);
    for (uint32_t e = 0; e < entries_.size(); ++e) Place(entries_[e].hash, e + 1);
  }
  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // entry index + 1; 0 = empty
};

// What one language's words mean, kept per thread across articles: each
// word as written is folded, classified and stemmed once; each distinct stem
// gets its term id in the current article on first sight (stamped with the
// article's number), so a token costs one hash lookup.
struct StemCache {
  static constexpr size_t kMaxWords = 65536;  // cleared between articles beyond this
  static constexpr uint32_t kNoContent = UINT32_MAX;
  struct Stem {
    uint32_t offset, size;  // bytes of `arena`
    uint64_t article = 0;   // the Analyze call that last gave it a term id
    uint32_t term = 0;      // that term id
  };
  std::string lang;
  StringTable words;       // word as written -> index in `stems`, or kNoContent
  StringTable stem_index;  // stem -> index in `stems`
  std::vector<Stem> stems;
  std::string arena;
  void Clear() {
    words.Clear();
    stem_index.Clear();
    stems.clear();
    arena.clear();
  }
};

// Per-thread working memory of Analyze, reused from article to article.
struct Scratch {
  std::vector<StemCache> stem_caches;
  std::string folded;
  std::vector<text::Span> word_spans;
  uint32_t next_cache = 0;  // the stem cache to replace next
  uint64_t article = 0;     // Analyze calls so far
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

StemCache* StemCacheFor(Scratch* sc, const std::string& lang) {
  for (StemCache& c : sc->stem_caches)
    if (c.lang == lang) return &c;
  constexpr size_t kMaxLanguages = 8;
  StemCache* c;
  if (sc->stem_caches.size() < kMaxLanguages) {
    c = &sc->stem_caches.emplace_back();
  } else {
    c = &sc->stem_caches[sc->next_cache];
    sc->next_cache = (sc->next_cache + 1) % kMaxLanguages;
  }
  c->Clear();
  c->lang = lang;
  return c;
}

// The index in c->stems of `word`'s stem, or kNoContent for a stop word or a
// trivial fragment (decided on the folded word).
uint32_t StemOf(StemCache* c, std::string_view word, std::string* folded) {
  if (uint32_t* e = c->words.Find(word)) return *e;
  FoldWordInto(word, folded);
  uint32_t idx = StemCache::kNoContent;
  if (!IsTrivialWord(*folded) && !IsStopWord(c->lang, *folded)) {
    std::string stem = StemWord(c->lang, *folded);
    if (uint32_t* known = c->stem_index.Find(stem)) {
      idx = *known;
    } else {
      idx = static_cast<uint32_t>(c->stems.size());
      c->stem_index.Insert(stem, idx);
      c->stems.push_back(StemCache::Stem{static_cast<uint32_t>(c->arena.size()), static_cast<uint32_t>(stem.size())});
      c->arena.append(stem);
    }
  }
  c->words.Insert(word, idx);
  return idx;
}

// Tokenizes `s` (a piece of a larger text starting at byte `base`), calling
// emit(Token) for every word.
template <typename Emit>
void TokenizeInto(std::string_view s, uint32_t base, Analysis* a, Scratch* sc, StemCache* stems, Emit emit) {
  text::SplitWords(s, a->lang, &sc->word_spans);
  for (const text::Span& w : sc->word_spans) {
    Token t;
    t.span = text::Span{base + w.begin, base + w.end};
    uint32_t idx = StemOf(stems, w.Of(s), &sc->folded);
    if (idx != StemCache::kNoContent) {
      StemCache::Stem& st = stems->stems[idx];
      if (st.article != sc->article) {
        st.article = sc->article;
        st.term = static_cast<uint32_t>(a->term_keys.size());
        a->term_keys.emplace_back(std::string_view(stems->arena).substr(st.offset, st.size));
        a->term_count.push_back(0);
        a->term_sf.push_back(0);
        a->term_in_title.push_back(0);
      }
      t.term = static_cast<int32_t>(st.term);
    }
    emit(t);
  }
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles)
    if (s.find(n) != std::string_view::npos) return true;
  return false;
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> tails) {
  // Ignore closing quotes and brackets after the final mark.
  while (!s.empty() && (s.back() == '"' || s.back() == '\'' || s.back() == ')' || s.back() == ' ')) s.remove_suffix(1);
  for (std::string_view t : tails)
    if (s.size() >= t.size() && s.substr(s.size() - t.size()) == t) return true;
  return false;
}

// Sorts and de-duplicates v[from, end), shrinking v.
void SortUniqueTail(std::vector<uint32_t>* v, size_t from) {
  auto first = v->begin() + static_cast<std::ptrdiff_t>(from);
  std::sort(first, v->end());
  v->erase(std::unique(first, v->end()), v->end());
}

}  // namespace summarize_analyze_detail

void Analyze(std::string_view title, std::string_view body, std::string_view lang, Analysis* out) {
  namespace d = summarize_analyze_detail;
  *out = Analysis();
  out->lang = PrimaryLanguage(lang);
  if (out->lang.empty()) out->lang = PrimaryLanguage(text::DetectLanguage(body.empty() ? title : body));
  d::Scratch& sc = d::ThreadScratch();
  ++sc.article;
  d::StemCache* stems = d::StemCacheFor(&sc, out->lang);
  if (stems->words.size() > d::StemCache::kMaxWords) stems->Clear();

  std::vector<text::Span> spans = text::SplitSentences(body, out->lang);
  out->sentences.reserve(spans.size());
  uint32_t paragraph = 0;
  size_t scanned = 0;  // body bytes already checked for '\n'
  bool new_para = true;
  for (const text::Span& sp : spans) {
    // Count the line breaks between the previous sentence and this one.
    for (; scanned < sp.begin; ++scanned) {
      if (body[scanned] == '\n') {
        if (!new_para) ++paragraph;
        new_para = true;
      }
    }
    scanned = sp.end;
    SentenceInfo& si = out->sentences.emplace_back();
    si.span = sp;
    si.paragraph = paragraph;
    si.para_start = new_para;
    new_para = false;
    std::string_view s = sp.Of(body);
    si.token_begin = static_cast<uint32_t>(out->tokens.size());
    si.term_begin = static_cast<uint32_t>(out->sentence_terms.size());
    d::TokenizeInto(s, sp.begin, out, &sc, stems, [&](const Token& t) {
      out->tokens.push_back(t);
      if (t.term >= 0) {
        out->sentence_terms.push_back(static_cast<uint32_t>(t.term));
        ++out->term_count[static_cast<size_t>(t.term)];
      }
    });
    si.token_end = static_cast<uint32_t>(out->tokens.size());
    si.words = si.token_end - si.token_begin;
    for (uint32_t k = si.token_begin; k < si.token_end; ++k) {
      std::string_view w = out->tokens[k].span.Of(body);
      unsigned char c0 = static_cast<unsigned char>(w[0]);
      if (c0 >= '0' && c0 <= '9') si.has_digit = true;
      // Upper-case initial: ASCII A-Z, or a 2-byte Latin/Cyrillic capital.
      bool cap = (c0 >= 'A' && c0 <= 'Z') ||
                 (w.size() >= 2 && ((c0 == 0xC3 && static_cast<unsigned char>(w[1]) < 0x9F) ||
                                    (c0 == 0xD0 && static_cast<unsigned char>(w[1]) < 0xB0)));
      if (k > si.token_begin && cap) ++si.capitalized;
    }
    d::SortUniqueTail(&out->sentence_terms, si.term_begin);
    si.term_end = static_cast<uint32_t>(out->sentence_terms.size());
    for (uint32_t t : out->TermsOf(si)) ++out->term_sf[t];
    si.has_quote = d::ContainsAny(s, {"\"", "\u201C", "\u201D", "\u00AB", "\u00BB", "\u300C", "\u201E"});
    si.question = d::EndsWithAny(s, {"?", "\uFF1F", "\u061F"});
  }
  d::TokenizeInto(title, 0, out, &sc, stems, [&](const Token& t) {
    if (t.term >= 0) out->title_terms.push_back(static_cast<uint32_t>(t.term));
  });
  d::SortUniqueTail(&out->title_terms, 0);
  for (uint32_t t : out->title_terms) out->term_in_title[t] = 1;
}

float TermSetCosine(std::span<const uint32_t> x, std::span<const uint32_t> y) {
  if (x.empty() || y.empty()) return 0.0f;
  size_t common = 0;
  for (size_t p = 0, q = 0; p < x.size() && q < y.size();) {
    if (x[p] < y[q]) ++p;
    else if (y[q] < x[p]) ++q;
    else ++common, ++p, ++q;
  }
  return static_cast<float>(static_cast<double>(common) / std::sqrt(static_cast<double>(x.size() * y.size())));
}

// Pairwise cosine similarities are exact (the model was tuned on them) up to
// this many sentences and this much merge work ((n - 1) x content terms);
// larger bodies use the linear-time identity below, so one article never
// costs more than O(n) memory and O(n + terms) time beyond these bounds.
namespace summarize_analyze_detail {
constexpr size_t kExactDegreeSentences = 1000;
constexpr uint64_t kExactDegreeWork = 50'000'000;
}  // namespace summarize_analyze_detail

bool DegreeIsExact(const Analysis& a) {
  namespace d = summarize_analyze_detail;
  const size_t n = a.sentences.size();
  uint64_t terms = 0;
  for (const SentenceInfo& s : a.sentences) terms += s.term_end - s.term_begin;
  return n <= d::kExactDegreeSentences && (n == 0 || (n - 1) * terms <= d::kExactDegreeWork);
}

void DegreeSums(const Analysis& a, bool exact, std::vector<double>* deg) {
  const size_t n = a.sentences.size();
  deg->assign(n, 0.0);
  if (exact) {
    // Same values, same summation order as a full n x n matrix of
    // TermSetCosine summed row by row (the diagonal and pairs without a
    // common term add +0.0, which changes no sum), in O(n + terms) memory:
    // common-term counts of sentence i with every later j come from the
    // sentences of each term (CSR lists, ascending).
    const size_t nt = a.term_keys.size();
    std::vector<uint32_t> start(nt + 1, 0);
    for (const SentenceInfo& s : a.sentences)
      for (uint32_t t : a.TermsOf(s)) ++start[t + 1];
    for (size_t t = 0; t < nt; ++t) start[t + 1] += start[t];
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    std::vector<uint32_t> holders(start[nt]);
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t t : a.TermsOf(a.sentences[i])) holders[fill[t]++] = i;
    std::vector<uint32_t> common(n, 0);
    std::vector<uint32_t> touched;
    for (uint32_t i = 0; i < n; ++i) {
      std::span<const uint32_t> ti = a.TermsOf(a.sentences[i]);
      touched.clear();
      for (uint32_t t : ti) {
        // Holders of t are ascending: skip those up to i.
        const uint32_t* first = holders.data() + start[t];
        const uint32_t* last = holders.data() + start[t + 1];
        const uint32_t* p = std::upper_bound(first, last, i);
        for (; p != last; ++p)
          if (common[*p]++ == 0) touched.push_back(*p);
      }
      std::sort(touched.begin(), touched.end());
      for (uint32_t j : touched) {
        size_t tj = a.sentences[j].term_end - a.sentences[j].term_begin;
        float c = static_cast<float>(static_cast<double>(common[j]) / std::sqrt(static_cast<double>(ti.size() * tj)));
        (*deg)[i] += c;
        (*deg)[j] += c;
        common[j] = 0;
      }
    }
    return;
  }
  // sum_j |Ti & Tj| / sqrt(|Ti| |Tj|) = (1 / sqrt|Ti|) * sum_{t in Ti} (W[t] - 1 / sqrt|Ti|),
  // where W[t] = sum over the sentences j containing t of 1 / sqrt|Tj|.
  std::vector<double> w(a.term_keys.size(), 0.0);
  for (const SentenceInfo& s : a.sentences) {
    std::span<const uint32_t> ts = a.TermsOf(s);
    if (ts.empty()) continue;
    double inv = 1.0 / std::sqrt(static_cast<double>(ts.size()));
    for (uint32_t t : ts) w[t] += inv;
  }
  for (size_t i = 0; i < n; ++i) {
    std::span<const uint32_t> ti = a.TermsOf(a.sentences[i]);
    if (ti.empty()) continue;
    double inv = 1.0 / std::sqrt(static_cast<double>(ti.size()));
    double sum = 0;
    for (uint32_t t : ti) sum += std::max(0.0, w[t] - inv);
    (*deg)[i] = sum * inv;
  }
}

void ComputeFeatures(const Analysis& a, Features* out) {
  const size_t n = a.sentences.size();
  out->rows.assign(n, FeatureRow{});
  if (n == 0) return;
  // Degree centrality: the sum of each sentence's cosine similarities to the
  // others (exactly, up to kExactDegreeSentences; then in linear time).
  std::vector<double> deg;
  DegreeSums(a, DegreeIsExact(a), &deg);

  // The article's most frequent terms (ties: first seen).
  std::vector<uint32_t> order(a.term_count.size());
  for (uint32_t t = 0; t < order.size(); ++t) order[t] = t;
  size_t top = std::min<size_t>(10, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                    [&](uint32_t x, uint32_t y) {
                      return a.term_count[x] != a.term_count[y] ? a.term_count[x] > a.term_count[y] : x < y;
                    });
  std::vector<uint8_t> is_top(a.term_count.size(), 0);
  for (size_t k = 0; k < top; ++k)
    if (a.term_count[order[k]] >= 2) is_top[order[k]] = 1;
  size_t top_total = 0;
  for (uint8_t b : is_top) top_total += b;

  uint32_t max_words = 1;
  for (const SentenceInfo& s : a.sentences) max_words = std::max(max_words, s.words);
  double log_max_words = std::log1p(static_cast<double>(max_words));
  double doc_norm = 0;
  for (uint32_t c : a.term_count) doc_norm += static_cast<double>(c) * c;
  doc_norm = std::sqrt(doc_norm);
  double max_cen = 0, max_den = 0, max_deg = 0, max_cos = 0;
  std::vector<double> cen(n), den(n), cosv(n);
  for (size_t i = 0; i < n; ++i) {
    const SentenceInfo& s = a.sentences[i];
    double c = 0, dot = 0;
    size_t tops = 0, title_hits = 0;
    std::span<const uint32_t> terms = a.TermsOf(s);
    for (uint32_t t : terms) {
      c += static_cast<double>(a.term_sf[t] - 1);
      dot += static_cast<double>(a.term_count[t]);
      tops += is_top[t];
      title_hits += a.term_in_title[t];
    }
    cen[i] = c;
    den[i] = terms.empty() ? 0 : c / static_cast<double>(terms.size());
    max_cen = std::max(max_cen, cen[i]);
    max_den = std::max(max_den, den[i]);
    max_deg = std::max(max_deg, deg[i]);
    cosv[i] = terms.empty() || doc_norm == 0 ? 0 : dot / (doc_norm * std::sqrt(static_cast<double>(terms.size())));
    max_cos = std::max(max_cos, cosv[i]);
    FeatureRow& r = out->rows[i];
    r[kFirst] = i == 0 ? 1.0f : 0.0f;
    r[kInvPos] = static_cast<float>(1.0 / static_cast<double>(i + 1));
    r[kRelPos] = n > 1 ? static_cast<float>(static_cast<double>(i) / static_cast<double>(n - 1)) : 0.0f;
    r[kParaStart] = s.para_start ? 1.0f : 0.0f;
    r[kLogWords] = static_cast<float>(std::log1p(static_cast<double>(s.words)) / log_max_words);
    r[kShort] = s.words < 8 ? 1.0f : 0.0f;
    r[kLong] = s.words > 40 ? static_cast<float>(s.words - 40) / 40.0f : 0.0f;
    r[kTitle] = a.title_terms.empty() ? 0.0f
                                      : static_cast<float>(static_cast<double>(title_hits) /
                                                           static_cast<double>(a.title_terms.size()));
    r[kQuote] = s.has_quote ? 1.0f : 0.0f;
    r[kQuestion] = s.question ? 1.0f : 0.0f;
    r[kSecond] = i == 1 ? 1.0f : 0.0f;
    r[kThird] = i == 2 ? 1.0f : 0.0f;
    r[kMidLength] = s.words >= 12 && s.words <= 30 ? 1.0f : 0.0f;
    r[kDigits] = s.has_digit ? 1.0f : 0.0f;
    r[kNames] = s.words > 1 ? static_cast<float>(static_cast<double>(s.capitalized) / static_cast<double>(s.words - 1)) : 0.0f;
    r[kTopTerms] = top_total == 0 ? 0.0f
                                  : static_cast<float>(static_cast<double>(tops) / static_cast<double>(top_total));
  }
  // Article context: body length and the median sentence length.
  double body_words = 0;
  std::vector<uint32_t> lens(n);
  for (size_t i = 0; i < n; ++i) body_words += a.sentences[i].words, lens[i] = a.sentences[i].words;
  std::nth_element(lens.begin(), lens.begin() + static_cast<std::ptrdiff_t>(n / 2), lens.end());
  double median_words = std::max<double>(1.0, lens[n / 2]);
  out->body_words = body_words;
  for (size_t i = 0; i < n; ++i) {
    FeatureRow& r = out->rows[i];
    r[kCentrality] = max_cen > 0 ? static_cast<float>(cen[i] / max_cen) : 0.0f;
    r[kDensity] = max_den > 0 ? static_cast<float>(den[i] / max_den) : 0.0f;
    r[kDegree] = max_deg > 0 ? static_cast<float>(deg[i] / max_deg) : 0.0f;
    r[kDocCosine] = max_cos > 0 ? static_cast<float>(cosv[i] / max_cos) : 0.0f;
    double w = a.sentences[i].words;
    r[kAbsLen] = static_cast<float>(std::min(w, 60.0) / 60.0);
    r[kRelLen] = static_cast<float>(std::min(w / median_words, 3.0) / 3.0);
  }
}

const char* FeatureName(int feature) {
  static const char* const kNames[kNumFeatures] = {
      "First",     "InvPos",     "RelPos",    "ParaStart",  "LogWords",   "Short",      "Long",
      "Centrality", "Density",   "Degree",    "Title",      "Quote",      "Question",   "TopTerms",
      "Second",    "Third",      "MidLength", "Digits",     "DocCosine",  "Names",      "AbsLen",
      "RelLen"};
  return feature >= 0 && feature < kNumFeatures ? kNames[feature] : "?";
}

}  // namespace newsdigest::summarize::internal
