// Private to nd_text (and its tests/benchmarks): ICU's word segmentation,
// the fast path SplitWords() takes for common text, and ICU's own sentence
// segmentation (BreakIterator with ICU's abbreviation filter), kept as the
// baseline the rule-based segmenter is measured against (same span contract
// as SplitSentences()).
// Thread-safety: may be called concurrently (per-thread iterator cache).
#ifndef NEWSDIGEST_TEXT_SEGMENT_ICU_H_
#define NEWSDIGEST_TEXT_SEGMENT_ICU_H_

#include <string_view>
#include <vector>

#include "newsdigest/text/text.h"

namespace newsdigest::text {

std::vector<Span> SplitSentencesIcu(std::string_view text, std::string_view lang);

// Word segmentation straight from ICU's word break iterator (what
// SplitWords() returns; kept for tests).
void SplitWordsIcu(std::string_view text, std::string_view lang, std::vector<Span>* out);

// ICU's word segmentation for text made only of Latin/Greek/Cyrillic letters,
// ASCII digits, spaces and common punctuation, without ICU's iterator.
// @return false (and *out unspecified) when `text` holds anything else; then
// only SplitWordsIcu knows the answer.
bool SplitWordsFast(std::string_view text, std::vector<Span>* out);

}  // namespace newsdigest::text

#endif  // NEWSDIGEST_TEXT_SEGMENT_ICU_H_
