// Private: ICU's own sentence segmentation (BreakIterator with ICU's
// abbreviation filter), kept as the baseline the rule-based segmenter is
// measured against. Same span contract as SplitSentences().
// Thread-safety: may be called concurrently (per-thread iterator cache).
#ifndef NEWSDIGEST_TEXT_SEGMENT_ICU_H_
#define NEWSDIGEST_TEXT_SEGMENT_ICU_H_

#include <string_view>
#include <vector>

#include "newsdigest/text/text.h"

namespace newsdigest::text {

std::vector<Span> SplitSentencesIcu(std::string_view text, std::string_view lang);

}  // namespace newsdigest::text

#endif  // NEWSDIGEST_TEXT_SEGMENT_ICU_H_
