// Code-point and word helpers of the rule-based sentence segmenter
// (segment_sentences.cc): UTF-8 decoding around a position, character classes
// (spaces, closers, openers, bullets, CJK quotes and titles, terminators) and
// the class of the word after a terminator. Internal to core/text.
#ifndef NEWSDIGEST_TEXT_SEGMENT_CODEPOINTS_H_
#define NEWSDIGEST_TEXT_SEGMENT_CODEPOINTS_H_

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "segment_rules.h"

namespace newsdigest::text {
namespace segment_sentences_detail {

// ---- Code points -------------------------------------------------------------

inline UChar32 DecodeAt(std::string_view s, size_t i, size_t end, size_t* len) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *len = 1;
    return b;
  }
  int32_t k = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), k, static_cast<int32_t>(end), c);
  *len = static_cast<size_t>(k) - i;
  return c < 0 ? 0xFFFD : c;
}

// The code point that ends right before `i` (i > begin).
inline UChar32 DecodeBefore(std::string_view s, size_t begin, size_t i, size_t* len) {
  int32_t k = static_cast<int32_t>(i);
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), static_cast<int32_t>(begin), k, c);
  *len = i - static_cast<size_t>(k);
  return c < 0 ? 0xFFFD : c;
}

inline bool IsSpaceCp(UChar32 c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

inline bool IsCloser(UChar32 c) {
  switch (c) {
    case ')': case ']': case '}': case '"': case '\'':
    case 0x00BB: case 0x00AB: case 0x201D: case 0x201C: case 0x2019: case 0x2018: case 0x203A:
    case 0x2039: case 0x300D: case 0x300F: case 0xFF09: case 0x300B: case 0x3009: case 0x3011:
    case 0x3015: case 0xFF63: case 0xFF02: case 0xFF07: case 0xFF3D: case 0x2E25:
      return true;
    default:
      return false;
  }
}

inline bool IsOpener(UChar32 c) {
  switch (c) {
    case '(': case '[': case '{': case '"': case '\'':
    case 0x00AB: case 0x00BB: case 0x201E: case 0x201A: case 0x201C: case 0x2018: case 0x2039:
    case 0x203A: case 0x00BF: case 0x00A1: case 0x300C: case 0x300E: case 0xFF08: case 0x300A:
    case 0x3008: case 0x3010: case 0x3014: case 0xFF62: case 0xFF3B:
      return true;
    default:
      return false;
  }
}

inline bool IsBullet(UChar32 c) {
  switch (c) {
    case '-': case '*': case 0x2022: case 0x2023: case 0x25E6: case 0x2043: case 0x2219:
    case 0x25AA: case 0x25CF: case 0x25A0: case 0x25A1: case 0x25CB: case 0x2013: case 0x2014:
    case 0x00B7: case 0x27A2: case 0x2192:
      return true;
    default:
      return false;
  }
}

inline bool IsLetter(UChar32 c) { return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

// Quote brackets whose content stays one sentence in CJK text (until closed).
inline int CjkQuoteOpenIndex(UChar32 c, bool cjk) {
  switch (c) {
    case 0x300C: return 0;  // 「
    case 0x300E: return 1;  // 『
    case 0xFF08: return 2;  // （
    case 0x3010: return 3;  // 【
    case 0x201C: return cjk ? 4 : -1;  // “
    default: return -1;
  }
}
inline int CjkQuoteCloseIndex(UChar32 c, bool cjk) {
  switch (c) {
    case 0x300D: return 0;
    case 0x300F: return 1;
    case 0xFF09: return 2;
    case 0x3011: return 3;
    case 0x201D: return cjk ? 4 : -1;
    default: return -1;
  }
}
constexpr UChar32 kCjkQuoteClose[] = {0x300D, 0x300F, 0xFF09, 0x3011, 0x201D};
// Title brackets: a terminator inside a title never ends the sentence.
inline bool IsTitleOpen(UChar32 c) { return c == 0x300A || c == 0x3008; }
inline bool IsTitleClose(UChar32 c) { return c == 0x300B || c == 0x3009; }

inline bool IsIdeoOrKana(UChar32 c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF);
}

enum class Term : uint8_t { kNone, kDot, kBang, kEllipsis, kStrong, kCjk };

inline Term Classify(UChar32 c, const SegmentRules& r) {
  switch (c) {
    case '.': return Term::kDot;
    case '!': case '?': return Term::kBang;
    case ';': return r.semicolon_question ? Term::kBang : Term::kNone;
    case ':': return r.colon_full_stop ? Term::kBang : Term::kNone;
    case 0x037E: return r.semicolon_question ? Term::kBang : Term::kNone;  // Greek question mark
    case 0x2026: return Term::kEllipsis;
    case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61: case 0xFF0E: return Term::kCjk;
    case 0x055C: case 0x055E: return Term::kNone;  // Armenian marks sit inside words.
    default: break;
  }
  if (c < 0x80) return Term::kNone;
  if (!u_hasBinaryProperty(c, UCHAR_S_TERM)) return Term::kNone;
  if ((c >= 0x2000 && c <= 0x206F) || (c >= 0xFE50 && c <= 0xFE6F)) return Term::kBang;  // ‼ ⁇ ﹒
  return Term::kStrong;  // । ॥ ։ ። ፧ ۔ ؟ ။ ...
}

// ---- Words -------------------------------------------------------------------

// Appends the lower-cased form of text[b, e) to *out.
inline void LowerInto(std::string_view s, size_t b, size_t e, std::string* out) {
  out->clear();
  size_t i = b;
  while (i < e) {
    size_t len;
    UChar32 c = DecodeAt(s, i, e, &len);
    i += len;
    UChar32 lc = c < 0x80 ? (c >= 'A' && c <= 'Z' ? c + 32 : c) : u_tolower(c);
    char buf[4];
    int32_t k = 0;
    U8_APPEND_UNSAFE(buf, k, lc);
    out->append(buf, static_cast<size_t>(k));
  }
}

enum class Next : uint8_t { kEnd, kLower, kUpper, kDigit, kCaseless, kOther };

inline Next ClassifyNext(UChar32 c) {
  if (c < 0x80) {
    if (c >= 'a' && c <= 'z') return Next::kLower;
    if (c >= 'A' && c <= 'Z') return Next::kUpper;
    if (c >= '0' && c <= '9') return Next::kDigit;
    return Next::kOther;
  }
  if (u_islower(c)) return Next::kLower;
  if (u_isupper(c) || u_istitle(c)) return Next::kUpper;
  if (u_isdigit(c)) return Next::kDigit;
  if (IsLetter(c)) return Next::kCaseless;
  return Next::kOther;
}

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace segment_sentences_detail
}  // namespace newsdigest::text

#endif  // NEWSDIGEST_TEXT_SEGMENT_CODEPOINTS_H_
