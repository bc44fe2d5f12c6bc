// Text analysis for newsdigest: UTF-8 validation, NFC normalization,
// sentence and word segmentation (ICU underneath).
//
// All functions take UTF-8 and report positions as byte offsets into the
// input, so every sentence is an exact substring of the text it came from.
// Thread-safety: every function may be called concurrently from any thread.
#ifndef NEWSDIGEST_TEXT_TEXT_H_
#define NEWSDIGEST_TEXT_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/format/status.h"

namespace newsdigest::text {

// A half-open byte range [begin, end) of some text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  std::string_view Of(std::string_view s) const { return s.substr(begin, end - begin); }
  friend bool operator==(const Span&, const Span&) = default;
};

// @return OK when `s` is well-formed UTF-8 (no overlongs, surrogates or
// code points above U+10FFFF), else Corruption; *bad_offset (when not null)
// receives the offset of the first bad byte.
// This is the one UTF-8 validator of the project: ingest (bodies, HTML
// charset decoding, feeds) and the CLI all call it.
Status ValidateUtf8(std::string_view s, size_t* bad_offset = nullptr);

// Same check as ValidateUtf8, as a bool.
bool IsValidUtf8(std::string_view s);

// NFC-normalizes `s` into *out (replacing its content).
// REQUIRES: `s` is valid UTF-8. @return OK, or Corruption from ICU.
Status NormalizeNfc(std::string_view s, std::string* out);

// Splits `text` into sentences. Spans are ordered, non-overlapping, never
// empty, trimmed of surrounding white space and never cross a line break
// ('\n' ends a paragraph). `lang` is a BCP 47 tag ("en", "fr", ...) or empty
// for language-neutral rules.
std::vector<Span> SplitSentences(std::string_view text, std::string_view lang);

// Splits `text` into word tokens (letters, digits, ideographs, kana...),
// skipping punctuation and spaces. Spans are ordered and non-overlapping.
std::vector<Span> SplitWords(std::string_view text, std::string_view lang);
// Same, into *out (its content replaced, its capacity reused).
void SplitWords(std::string_view text, std::string_view lang, std::vector<Span>* out);

// Guesses the language of `text` (UTF-8): by script where one language owns
// it (Greek "el", Armenian "hy", Ethiopic "am", Devanagari "hi", Han "zh",
// Han+kana "ja", ...), else by a built-in stop-word and letter profile for
// Latin, Cyrillic and Arabic scripts ("en", "fr", "de", "es", "it", "nl",
// "da", "pl", "ru", "bg", "kk", "ar", "fa", "ur", ...).
// @return a lower-case ISO 639-1 code, or "" when the evidence is too thin
// (no letters, a few words shared by several languages). Reads at most the
// first 16 KiB. Never fails.
std::string DetectLanguage(std::string_view text);

// Lower-cases (full Unicode case folding) a UTF-8 string.
std::string FoldCase(std::string_view s);

}  // namespace newsdigest::text

#endif  // NEWSDIGEST_TEXT_TEXT_H_
