// Private: per-language knowledge used by the sentence segmenter
// (abbreviations, sentence starters, punctuation conventions).
// Thread-safety: RulesFor() builds each table once (thread-safe static
// initialization) and returns an immutable object valid for the process.
#ifndef NEWSDIGEST_TEXT_SEGMENT_RULES_H_
#define NEWSDIGEST_TEXT_SEGMENT_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace newsdigest::text {

// How a word followed by '.' behaves.
enum class AbbrevKind : uint8_t {
  kNone = 0,
  kTitle,    // Never ends a sentence ("Mr.", "e.g.", "z.B.").
  kNumeric,  // An abbreviation only before a number ("No. 5", "Art. 3").
  kGeneral,  // May end a sentence: ends one only before a sentence starter ("Inc.", "г.").
  kTime,     // "a.m."/"p.m.": ends a sentence before a capital unless a day, month or zone follows.
};

struct SegmentRules {
  std::string lang;  // normalized primary subtag, "" for the neutral rules
  // Lower-cased, without the final '.'; internal periods kept ("e.g", "u.s").
  std::unordered_map<std::string, AbbrevKind> abbrevs;
  // Lower-cased words that typically begin a sentence ("the", "he", "der").
  std::unordered_set<std::string> starters;
  // Lower-cased words that continue a time ("friday", "gmt", "eastern").
  std::unordered_set<std::string> time_followers;
  bool ordinal_dot = false;        // "3. Oktober": a number + '.' may be an ordinal.
  bool colon_full_stop = false;    // Armenian: ':' (and '։') end sentences.
  bool semicolon_question = false; // Greek: ';' is the question mark.
  bool split_before_lower = false; // Greek: '.' after a long plain word ends even before lower case.
  bool cjk = false;                // zh/ja: no spaces after full stops; bracket-aware.

  AbbrevKind Kind(std::string_view lower_word) const {
    auto it = abbrevs.find(std::string(lower_word));
    return it == abbrevs.end() ? AbbrevKind::kNone : it->second;
  }
  bool IsStarter(std::string_view lower_word) const {
    return starters.count(std::string(lower_word)) != 0;
  }
};

// Rules for a BCP 47 tag ("en", "de-CH", "pt_BR"); unknown or empty tags get
// the neutral rules (English abbreviations, no language conventions).
const SegmentRules& RulesFor(std::string_view lang);

}  // namespace newsdigest::text

#endif  // NEWSDIGEST_TEXT_SEGMENT_RULES_H_
