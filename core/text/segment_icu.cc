// Word segmentation (and the baseline sentence segmentation) over ICU break
// iterators.
#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <map>
#include <memory>
#include <string>

#include "newsdigest/text/text.h"
#include "segment_icu.h"

namespace newsdigest::text {
namespace segment_icu_detail {

bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Trims ASCII and common Unicode spaces (U+00A0, U+3000) at both ends.
Span TrimSpan(std::string_view text, Span s) {
  auto starts_nbsp = [&](uint32_t at) {
    return at + 1 < s.end && static_cast<unsigned char>(text[at]) == 0xC2 &&
           static_cast<unsigned char>(text[at + 1]) == 0xA0;
  };
  auto ends_nbsp = [&](uint32_t end) {
    return end >= s.begin + 2 && static_cast<unsigned char>(text[end - 2]) == 0xC2 &&
           static_cast<unsigned char>(text[end - 1]) == 0xA0;
  };
  while (s.begin < s.end) {
    if (IsSpaceByte(text[s.begin])) ++s.begin;
    else if (starts_nbsp(s.begin)) s.begin += 2;
    else break;
  }
  while (s.end > s.begin) {
    if (IsSpaceByte(text[s.end - 1])) --s.end;
    else if (ends_nbsp(s.end)) s.end -= 2;
    else break;
  }
  return s;
}

// One cached iterator per (thread, language, kind). Creating an ICU break
// iterator costs far more than using it.
icu::BreakIterator* CachedIterator(std::string_view lang, bool sentences) {
  thread_local std::map<std::string, std::unique_ptr<icu::BreakIterator>> cache;
  std::string key = std::string(sentences ? "s:" : "w:") + std::string(lang);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second.get();
  UErrorCode err = U_ZERO_ERROR;
  std::string loc_name = lang.empty() ? std::string("en") : std::string(lang);
  icu::Locale loc(loc_name.c_str());
  std::unique_ptr<icu::BreakIterator> bi;
  if (sentences) {
    bi.reset(icu::BreakIterator::createSentenceInstance(loc, err));
    if (U_SUCCESS(err) && bi) {
      // Abbreviation suppression ("Mr.", "U.S.") from ICU's locale data.
      UErrorCode ferr = U_ZERO_ERROR;
      std::unique_ptr<icu::FilteredBreakIteratorBuilder> fb(
          icu::FilteredBreakIteratorBuilder::createInstance(loc, ferr));
      if (U_SUCCESS(ferr) && fb) {
        icu::BreakIterator* filtered = fb->build(bi.get(), ferr);
        if (U_SUCCESS(ferr) && filtered) {
          bi.release();  // adopted by `filtered`
          bi.reset(filtered);
        }
      }
    }
  } else {
    bi.reset(icu::BreakIterator::createWordInstance(loc, err));
  }
  if (U_FAILURE(err)) bi.reset();
  icu::BreakIterator* raw = bi.get();
  cache.emplace(std::move(key), std::move(bi));
  return raw;
}

// Runs `bi` over `text` and calls emit(begin, end) for each segment.
template <typename Emit>
void ForEachSegment(icu::BreakIterator* bi, std::string_view text, Emit emit) {
  UErrorCode err = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &err);
  if (U_FAILURE(err)) return;
  bi->setText(ut, err);
  if (U_SUCCESS(err)) {
    int32_t prev = bi->first();
    for (int32_t pos = bi->next(); pos != icu::BreakIterator::DONE; pos = bi->next()) {
      emit(static_cast<uint32_t>(prev), static_cast<uint32_t>(pos), bi->getRuleStatus());
      prev = pos;
    }
  }
  utext_close(ut);
}

// ---- Fast word splitting ------------------------------------------------
// ICU's word rules (UAX #29) restricted to the characters news text is made
// of: Latin, Greek and Cyrillic letters, ASCII digits, the mid-word marks
// . ' , ; and U+2018/U+2019, spaces and punctuation. Any other character, or
// a colon or middle dot between letters (tailored per locale), sends the
// whole text to ICU, so the result is always ICU's.
enum class WordClass : uint8_t { kOther, kLetter, kDigit, kMidLetterNum, kMidNum, kMidLetter, kUnsure };

// The classes of the ASCII characters (what ClassifyWordCp gives for 0..127).
constexpr WordClass AsciiWordClass(int c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return WordClass::kLetter;
  if (c >= '0' && c <= '9') return WordClass::kDigit;
  if (c == '.' || c == '\'') return WordClass::kMidLetterNum;
  if (c == ',' || c == ';') return WordClass::kMidNum;
  if (c == ':') return WordClass::kMidLetter;
  if (c == '_' || c == '@') return WordClass::kUnsure;  // ICU joins "@name" and "a_b"
  return WordClass::kOther;
}

struct AsciiWordClasses {
  WordClass c[128];
};

constexpr AsciiWordClasses MakeAsciiWordClasses() {
  AsciiWordClasses t{};
  for (int i = 0; i < 128; ++i) t.c[i] = AsciiWordClass(i);
  return t;
}

constexpr AsciiWordClasses kAsciiWordClasses = MakeAsciiWordClasses();

WordClass ClassifyWordCp(UChar32 c) {
  if (c < 0x80) return AsciiWordClass(c);
  if (c == 0x2018 || c == 0x2019) return WordClass::kMidLetterNum;
  int32_t wb = u_getIntPropertyValue(c, UCHAR_WORD_BREAK);
  if (wb == U_WB_ALETTER) {
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &err);
    if (U_SUCCESS(err) && (sc == USCRIPT_LATIN || sc == USCRIPT_GREEK || sc == USCRIPT_CYRILLIC)) return WordClass::kLetter;
    return WordClass::kUnsure;
  }
  if (wb == U_WB_MIDLETTER) return WordClass::kMidLetter;
  if (wb == U_WB_OTHER && (U_GET_GC_MASK(c) & (U_GC_P_MASK | U_GC_ZS_MASK)) != 0 &&
      !u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC))
    return WordClass::kOther;
  return WordClass::kUnsure;
}

// Decodes the code point at `i` (< text.size()) and classifies it.
inline WordClass ClassAt(std::string_view text, size_t i, size_t* len) {
  auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    *len = 1;
    return kAsciiWordClasses.c[b];
  }
  int32_t k = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), k, static_cast<int32_t>(text.size()), c);
  *len = static_cast<size_t>(k) - i;
  return c < 0 ? WordClass::kUnsure : ClassifyWordCp(c);
}

bool IsWordChar(WordClass c) { return c == WordClass::kLetter || c == WordClass::kDigit; }

}  // namespace segment_icu_detail

bool SplitWordsFast(std::string_view text, std::vector<Span>* out) {
  namespace d = segment_icu_detail;
  using C = d::WordClass;
  out->clear();
  if (text.size() >= UINT32_MAX) return false;
  size_t i = 0, len = 0;
  C prev = C::kOther;
  while (i < text.size()) {
    C c = d::ClassAt(text, i, &len);
    if (c == C::kUnsure) return false;
    if (!d::IsWordChar(c)) {
      if (c == C::kMidLetter && prev == C::kLetter && i + len < text.size()) {
        size_t l2;
        C next = d::ClassAt(text, i + len, &l2);
        if (next == C::kLetter || next == C::kUnsure) return false;
      }
      prev = c;
      i += len;
      continue;
    }
    // A word: letters and digits (WB5, WB8-10), joined across one mid mark
    // between two letters (WB6-7) or two digits (WB11-12).
    size_t begin = i;
    C last = c;
    i += len;
    while (i < text.size()) {
      C m = d::ClassAt(text, i, &len);
      if (m == C::kUnsure) return false;
      if (d::IsWordChar(m)) {
        last = m;
        i += len;
        continue;
      }
      if ((m == C::kMidLetterNum || m == C::kMidNum || m == C::kMidLetter) && i + len < text.size()) {
        size_t l2;
        C next = d::ClassAt(text, i + len, &l2);
        if (next == C::kUnsure) return false;
        if (m == C::kMidLetter && last == C::kLetter && next == C::kLetter) return false;
        bool letters = m == C::kMidLetterNum && last == C::kLetter && next == C::kLetter;
        bool digits = m != C::kMidLetter && last == C::kDigit && next == C::kDigit;
        if (letters || digits) {
          last = next;
          i += len + l2;
          continue;
        }
      }
      break;
    }
    out->push_back(Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(i)});
    prev = last;
  }
  return true;
}

void SplitWordsIcu(std::string_view text, std::string_view lang, std::vector<Span>* out) {
  namespace d = segment_icu_detail;
  out->clear();
  icu::BreakIterator* bi = d::CachedIterator(lang, false);
  if (bi == nullptr) return;
  d::ForEachSegment(bi, text, [&](uint32_t b, uint32_t e, int32_t status) {
    if (status != UBRK_WORD_NONE) out->push_back(Span{b, e});
  });
}

std::vector<Span> SplitSentencesIcu(std::string_view text, std::string_view lang) {
  namespace d = segment_icu_detail;
  std::vector<Span> out;
  icu::BreakIterator* bi = d::CachedIterator(lang, true);
  // Paragraph by paragraph: a line break always ends a sentence.
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t nl = text.find('\n', line_begin);
    size_t line_end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    auto push = [&](uint32_t b, uint32_t e) {
      Span s = d::TrimSpan(text, Span{static_cast<uint32_t>(line_begin) + b, static_cast<uint32_t>(line_begin) + e});
      if (s.begin < s.end) out.push_back(s);
    };
    if (bi == nullptr) {
      push(0, static_cast<uint32_t>(line.size()));
    } else if (!line.empty()) {
      d::ForEachSegment(bi, line, [&](uint32_t b, uint32_t e, int32_t) { push(b, e); });
    }
    if (nl == std::string_view::npos) break;
    line_begin = nl + 1;
  }
  return out;
}

std::vector<Span> SplitWords(std::string_view text, std::string_view lang) {
  std::vector<Span> out;
  SplitWords(text, lang, &out);
  return out;
}

void SplitWords(std::string_view text, std::string_view lang, std::vector<Span>* out) {
  if (!SplitWordsFast(text, out)) SplitWordsIcu(text, lang, out);
}

}  // namespace newsdigest::text
