// Rule-based sentence segmentation: Unicode properties from ICU (sentence
// terminals, case, scripts, emoji) plus per-language knowledge from
// segment_lang_data.cc. Works line by line; each candidate terminator is
// decided from its left word and the next word.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>

#include "newsdigest/text/text.h"
#include "segment_codepoints.h"
#include "segment_rules.h"

namespace newsdigest::text {
namespace segment_sentences_detail {

// ---- The line segmenter ----------------------------------------------------

class LineSplitter {
 public:
  LineSplitter(std::string_view text, size_t lb, size_t le, const SegmentRules& r,
               std::vector<uint32_t>* cuts)
      : s_(text), lb_(lb), le_(le), r_(r), cuts_(cuts) {}

  void Run();

 private:
  struct Cluster {
    size_t end = 0;     // past the terminators and closers
    int dots = 0;
    bool bang = false;  // ! ? (and the language's other question marks)
    bool ellipsis = false;
    bool spaced = false;  // ". . ."
    bool strong = false;  // a full stop no language uses inside words
    bool cjk = false;
    bool closers = false;
  };

  size_t SkipSpaces(size_t i) const {
    while (i < le_) {
      size_t len;
      UChar32 c = DecodeAt(s_, i, le_, &len);
      if (!IsSpaceCp(c)) break;
      i += len;
    }
    return i;
  }
  Cluster ParseCluster(size_t i);
  bool Decide(size_t i, Cluster* c);
  bool DecideDot(size_t i, size_t k, Next next);
  bool GeneralRule(size_t i, size_t k, Next next);
  bool NextWordIsStarter(size_t k) const;
  bool NextIsSingleLetterAbbrev(size_t k) const;
  bool NextIsTitleAbbrev(size_t k) const;
  bool GluedSentence(size_t i, size_t after) const;
  bool DashAttribution(size_t k) const;
  bool CitationFollows(size_t k) const;
  size_t WordsBefore(size_t i) const;
  bool OnlyBulletsBetween(size_t b, size_t e) const;
  size_t EmoticonEnd(size_t i) const;
  void InlineListCuts();
  void Cut(size_t at) {
    cuts_->push_back(static_cast<uint32_t>(at));
    sent_start_ = SkipSpaces(at);
  }

  std::string_view s_;
  size_t lb_, le_;
  const SegmentRules& r_;
  std::vector<uint32_t>* cuts_;
  size_t sent_start_ = 0;
  int quote_depth_[5] = {0, 0, 0, 0, 0};
  int title_depth_ = 0;
  std::vector<size_t> forced_;
  mutable std::string word_;
};

LineSplitter::Cluster LineSplitter::ParseCluster(size_t i) {
  Cluster c;
  size_t j = i;
  while (j < le_) {
    size_t len;
    UChar32 cp = DecodeAt(s_, j, le_, &len);
    if (cp == '.') {
      ++c.dots;
      j += len;
      continue;
    }
    // Spaced ellipsis ". . .": a dot-only cluster continued by " .".
    if (cp == ' ' && (c.dots > 0 || c.ellipsis) && !c.bang && !c.strong && j + 1 < le_ && s_[j + 1] == '.' &&
        (j + 2 >= le_ || s_[j + 2] == ' ' || s_[j + 2] == '.' || s_[j + 2] == '"' ||
         static_cast<unsigned char>(s_[j + 2]) >= 0x80)) {
      c.spaced = true;
      j += 1;
      continue;
    }
    Term t = Classify(cp, r_);
    if (t == Term::kCjk && cp == 0xFF0E) {
      // Fullwidth dot between digits is a decimal point.
      size_t pl;
      bool digit_before = j > lb_ && u_isdigit(DecodeBefore(s_, lb_, j, &pl));
      bool digit_after = j + len < le_ && u_isdigit(DecodeAt(s_, j + len, le_, &pl));
      if (digit_before && digit_after) break;
    }
    if (t == Term::kBang) {
      c.bang = true;
    } else if (t == Term::kEllipsis) {
      c.ellipsis = true;
    } else if (t == Term::kStrong) {
      c.strong = true;
    } else if (t == Term::kCjk) {
      c.strong = c.cjk = true;
    } else if (t == Term::kDot) {
      ++c.dots;
    } else if (IsCloser(cp) && !(r_.cjk && (cp == 0x201C || cp == 0x2018))) {
      int q = CjkQuoteCloseIndex(cp, r_.cjk);
      if (q >= 0 && quote_depth_[q] > 0) --quote_depth_[q];
      if (IsTitleClose(cp) && title_depth_ > 0) --title_depth_;
      c.closers = true;
    } else {
      break;
    }
    j += len;
  }
  c.end = j;
  // French spacing: « Fin. » / closing quote after a space.
  size_t k = SkipSpaces(j);
  if (k > j && k < le_) {
    size_t len;
    UChar32 cp = DecodeAt(s_, k, le_, &len);
    if ((cp == 0x00BB || cp == 0x201D) && (k + len >= le_ || IsSpaceCp(DecodeAt(s_, k + len, le_, &len)))) {
      DecodeAt(s_, k, le_, &len);
      c.end = k + len;
      c.closers = true;
    }
  }
  return c;
}

size_t LineSplitter::WordsBefore(size_t i) const {
  size_t words = 0;
  bool in_word = false;
  for (size_t p = sent_start_; p < i; ++p) {
    bool sp = s_[p] == ' ' || s_[p] == '\t';
    if (!sp && !in_word) ++words;
    in_word = !sp;
  }
  return words;
}

bool LineSplitter::OnlyBulletsBetween(size_t b, size_t e) const {
  size_t p = b;
  while (p < e) {
    size_t len;
    UChar32 c = DecodeAt(s_, p, e, &len);
    if (!IsSpaceCp(c) && !IsBullet(c)) return false;
    p += len;
  }
  return true;
}

bool LineSplitter::NextWordIsStarter(size_t k) const {
  size_t p = k;
  size_t len;
  while (p < le_ && IsOpener(DecodeAt(s_, p, le_, &len))) p += len;
  size_t b = p;
  while (p < le_ && IsLetter(DecodeAt(s_, p, le_, &len))) p += len;
  word_.clear();
  if (p == b) return false;
  LowerInto(s_, b, p, &word_);
  return r_.IsStarter(word_);
}

bool LineSplitter::NextIsSingleLetterAbbrev(size_t k) const {
  size_t len;
  size_t p = k;
  while (p < le_ && IsOpener(DecodeAt(s_, p, le_, &len))) p += len;
  if (p >= le_ || !IsLetter(DecodeAt(s_, p, le_, &len))) return false;
  p += len;
  return p < le_ && s_[p] == '.';
}

bool LineSplitter::NextIsTitleAbbrev(size_t k) const {
  size_t len;
  size_t p = k;
  while (p < le_ && IsLetter(DecodeAt(s_, p, le_, &len))) p += len;
  if (p == k || p >= le_ || s_[p] != '.') return false;
  LowerInto(s_, k, p, &word_);
  return r_.Kind(word_) == AbbrevKind::kTitle;
}

// An abbreviation that may end a sentence ends one before a sentence starter,
// or before a title ("... at 6 P.M. Mr. Smith left") once the sentence has
// some words.
bool LineSplitter::GeneralRule(size_t i, size_t k, Next next) {
  if (next == Next::kDigit || next == Next::kLower) return false;
  if (NextIsSingleLetterAbbrev(k)) return false;
  if (NextWordIsStarter(k)) return true;
  if (next == Next::kUpper && NextIsTitleAbbrev(k) && WordsBefore(i) >= 4) return true;
  return false;
}

// Decides a single '.' at i followed by white space; the next word starts at k.
bool LineSplitter::DecideDot(size_t i, size_t k, Next next) {
  // The left word.
  size_t tb = i;
  while (tb > lb_) {
    size_t len;
    UChar32 c = DecodeBefore(s_, lb_, tb, &len);
    if (IsSpaceCp(c)) break;
    tb -= len;
  }
  if (tb == i) return true;
  size_t len;
  UChar32 last = DecodeBefore(s_, lb_, i, &len);
  if (IsCloser(last)) return true;  // (Inc). / "no".
  // Strip leading openers and bullets.
  size_t wb = tb;
  while (wb < i) {
    UChar32 c = DecodeAt(s_, wb, i, &len);
    if (!IsOpener(c) && !IsBullet(c)) break;
    wb += len;
  }
  if (wb == i) return true;
  // Shape of the word.
  size_t cps = 0, letters = 0, digits = 0, upper = 0, periods = 0, other = 0;
  bool caseless_letter = false;
  size_t seg = 0, max_seg = 0;
  for (size_t p = wb; p < i;) {
    UChar32 c = DecodeAt(s_, p, i, &len);
    p += len;
    ++cps;
    if (c == '.') {
      ++periods;
      max_seg = std::max(max_seg, seg);
      seg = 0;
      continue;
    }
    ++seg;
    if (IsLetter(c)) {
      ++letters;
      if (u_isupper(c) || u_istitle(c)) ++upper;
      else if (!u_islower(c) && u_isalpha(c)) caseless_letter = true;
    } else if (u_isdigit(c)) {
      ++digits;
    } else if (c != ',' && c != '-') {
      ++other;
    }
  }
  max_seg = std::max(max_seg, seg);

  // A list marker opening the sentence ("1.", "a.", "• 9.", "iv.").
  bool marker = (digits > 0 && digits == cps && digits <= 3) || (letters == 1 && cps == 1);
  if (!marker && letters == cps && cps <= 4) {
    LowerInto(s_, wb, i, &word_);
    marker = word_.find_first_not_of("ivx") == std::string::npos;
  }
  if (marker && OnlyBulletsBetween(sent_start_, wb)) return false;

  // Elision: "l'art." / "dell'avv." look up the part after the apostrophe.
  for (size_t p = i; p > wb;) {
    UChar32 c = DecodeBefore(s_, wb, p, &len);
    if (c == '\'' || c == 0x2019) {
      wb = p;
      break;
    }
    p -= len;
  }
  if (wb == i) return true;
  LowerInto(s_, wb, i, &word_);
  AbbrevKind kind = r_.Kind(word_);
  // German street names: "Hauptstr. 7".
  if (kind == AbbrevKind::kNone && r_.lang == "de" && word_.size() > 3 &&
      word_.compare(word_.size() - 3, 3, "str") == 0)
    kind = AbbrevKind::kGeneral;
  switch (kind) {
    case AbbrevKind::kTitle:
      return false;
    case AbbrevKind::kNumeric:
      return next != Next::kDigit;
    case AbbrevKind::kGeneral:
      return GeneralRule(i, k, next);
    case AbbrevKind::kTime:
      if (GeneralRule(i, k, next)) return true;
      if (next != Next::kUpper || NextIsTitleAbbrev(k) || NextIsSingleLetterAbbrev(k)) return false;
      if (WordsBefore(i) < 4) return false;
      NextWordIsStarter(k);  // reads the next word into word_
      return r_.time_followers.count(word_) == 0;
    case AbbrevKind::kNone:
      break;
  }
  // Numbers: "in 2019." ends; "am 3. Oktober" does not (ordinal languages).
  if (digits > 0 && letters == 0 && other == 0) {
    if (r_.ordinal_dot && digits <= 3 && digits == cps) {
      if (next == Next::kDigit || next == Next::kOther) return false;
      if (next == Next::kUpper) return NextWordIsStarter(k);
    }
    return true;
  }
  // Single letters: initials ("J. K. Rowling"), "p. 5", Arabic "د.".
  if (cps == 1 && letters == 1) {
    if (caseless_letter) return NextWordIsStarter(k);
    return GeneralRule(i, k, next);
  }
  // Roman-numeral ordinals in ordinal languages: "im XII. Bezirk" goes on,
  // "Ludwig XIV. Er starb" ends (like Arabic-digit ordinals above).
  if (r_.ordinal_dot && cps >= 2 && cps <= 7 && upper == cps && periods == 0 && next == Next::kUpper) {
    bool roman = true;
    for (size_t p = wb; p < i; ++p) roman &= std::string_view("IVXLCDM").find(s_[p]) != std::string_view::npos;
    if (roman) return NextWordIsStarter(k);
  }
  // Multi-period abbreviations: "U.S", "Ph.D", "a.m", "z.B", "т.е".
  if (periods > 0 && digits == 0 && other == 0 && max_seg <= 4 && letters > 0) {
    return GeneralRule(i, k, next);
  }
  return true;
}

// "…the world.Today is…": a full stop glued to the next sentence. True when
// the word before '.' at i is three or more lower-case letters (nothing else
// back to the previous space) and the text at `after` is a capitalized word
// of lower-case letters ending in a space or the line's end (so "example.Com/x",
// "node.JS", "U.S.Army" and "e.g.Smith" stay whole).
bool LineSplitter::GluedSentence(size_t i, size_t after) const {
  size_t len, p = i, lower = 0;
  while (p > lb_) {
    UChar32 c = DecodeBefore(s_, lb_, p, &len);
    if (IsSpaceCp(c) || IsOpener(c)) break;
    if (!u_islower(c)) return false;
    ++lower;
    p -= len;
  }
  if (lower < 3) return false;
  p = after;
  if (p >= le_ || !u_isupper(DecodeAt(s_, p, le_, &len))) return false;
  p += len;
  size_t tail = 0;
  while (p < le_) {
    UChar32 c = DecodeAt(s_, p, le_, &len);
    if (IsSpaceCp(c)) break;
    if (!u_islower(c)) return false;
    ++tail;
    p += len;
  }
  return tail >= 1 && p < le_;
}

// "…бар? — деді." / "Ready? - she asked.": a dash and a lower-case word
// after '?' or '!' at k attribute the question to a speaker in the same
// sentence.
bool LineSplitter::DashAttribution(size_t k) const {
  if (k >= le_) return false;
  size_t len;
  UChar32 c = DecodeAt(s_, k, le_, &len);
  if (c != 0x2014 && c != 0x2013 && c != '-') return false;
  size_t p = k + len;
  if (p >= le_ || !IsSpaceCp(DecodeAt(s_, p, le_, &len))) return false;
  p = SkipSpaces(p);
  return p < le_ && u_islower(DecodeAt(s_, p, le_, &len));
}

// '"…rising." (Smith 55). Others…': a short parenthesis at k closed by ')'
// and then '.', ',', ';' or ':' is a citation of the quotation before it and
// belongs to its sentence.
bool LineSplitter::CitationFollows(size_t k) const {
  if (k >= le_ || s_[k] != '(') return false;
  size_t limit = std::min(le_, k + 80);
  for (size_t p = k + 1; p < limit; ++p) {
    char c = s_[p];
    if (c == '(' || c == '!' || c == '?') return false;
    if (c == ')') return p + 1 < le_ && (s_[p + 1] == '.' || s_[p + 1] == ',' || s_[p + 1] == ';' || s_[p + 1] == ':');
  }
  return false;
}

bool LineSplitter::Decide(size_t i, Cluster* c) {
  size_t k = SkipSpaces(c->end);
  // Emoticons and emoji after the terminator stay with its sentence.
  for (;;) {
    size_t e = EmoticonEnd(k);
    if (e == 0) break;
    c->end = e;
    k = SkipSpaces(e);
  }
  bool eol = k >= le_;
  bool spaced_after = k > c->end;
  size_t nk = k;
  size_t len = 0;
  UChar32 next_cp = 0;
  while (nk < le_) {
    next_cp = DecodeAt(s_, nk, le_, &len);
    if (!IsOpener(next_cp)) break;
    nk += len;
  }
  Next next = nk >= le_ ? Next::kEnd : ClassifyNext(next_cp);
  // Dutch "'s Avonds", "'t": lower case after an apostrophe begins a sentence.
  if (next == Next::kLower && nk > k && r_.lang == "nl" && (next_cp == 's' || next_cp == 't') &&
      nk + 1 < le_ && s_[nk + 1] == ' ')
    next = Next::kUpper;

  if (c->cjk) {
    if (title_depth_ > 0) return false;
    for (int d : quote_depth_)
      if (d > 0) return false;
    if (eol) return true;
    UChar32 after = DecodeAt(s_, c->end, le_, &len);
    if (after == 0x3001 || after == 0xFF0C || after == ',' || after == 0x3002) return false;
    if (c->closers && (after == 0x3068 || after == 0x3063)) return false;  // と / って
    return true;
  }
  if (c->strong) return true;
  if (eol) return true;
  if (c->closers && spaced_after && CitationFollows(k)) return false;
  if (c->bang) {
    if (!spaced_after) {
      // Ideographs right after an ASCII '!' / '?' in CJK text.
      return r_.cjk && IsIdeoOrKana(DecodeAt(s_, c->end, le_, &len)) && title_depth_ == 0;
    }
    if (next == Next::kLower) return false;
    if (DashAttribution(nk)) return false;
    return true;
  }
  if (c->ellipsis || c->dots >= 2) {
    if (!spaced_after) return false;
    if (c->spaced && c->dots == 3 && !c->ellipsis) return false;
    if (next == Next::kLower) return false;
    return true;
  }
  // A single '.'.
  if (!spaced_after) return c->dots == 1 && !c->closers && GluedSentence(i, c->end);
  if (next == Next::kLower) {
    if (!r_.split_before_lower) return false;
    // Greek: a long plain word before the period ends the sentence anyway.
    size_t tb = i, n = 0;
    while (tb > lb_) {
      UChar32 cp = DecodeBefore(s_, lb_, tb, &len);
      if (!IsLetter(cp)) break;
      tb -= len;
      ++n;
    }
    if (n < 4 || (tb > lb_ && s_[tb - 1] == '.')) return false;
    LowerInto(s_, tb, i, &word_);
    return r_.Kind(word_) == AbbrevKind::kNone;
  }
  return DecideDot(i, k, next);
}

// Emoticon or emoji-only token at k ending at white space or end of line:
// returns its end, or 0.
size_t LineSplitter::EmoticonEnd(size_t k) const {
  if (k >= le_) return 0;
  size_t p = k;
  size_t len;
  UChar32 c = DecodeAt(s_, p, le_, &len);
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) && c >= 0x80) {
    while (p < le_) {
      c = DecodeAt(s_, p, le_, &len);
      if (IsSpaceCp(c)) break;
      if (!(u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_EMOJI_COMPONENT) ||
            c == 0x200D || c == 0xFE0F))
        return 0;
      p += len;
    }
    return p;
  }
  // ASCII emoticons: eyes [:;=8xX], optional nose/tear, mouth.
  const char* b = s_.data();
  size_t q = k;
  if (q < le_ && (b[q] == ':' || b[q] == ';' || b[q] == '=' || b[q] == '8' || b[q] == 'x' || b[q] == 'X')) {
    ++q;
    if (q < le_ && (b[q] == '-' || b[q] == '\'' || b[q] == 'o')) ++q;
    size_t m = q;
    while (q < le_ && std::string_view(")(]DPp/\\|*3O[").find(b[q]) != std::string_view::npos) ++q;
    if (q > m && (q >= le_ || b[q] == ' ' || b[q] == '\t')) {
      if ((b[k] == 'x' || b[k] == 'X' || b[k] == '8') && !(b[m] == 'D' || b[m] == 'P' || b[m] == 'p' || b[m] == ')'))
        return 0;
      // "x)" or "8)" only as xD / XD / 8) forms; letters alone are words.
      if ((b[k] == 'x' || b[k] == 'X') && b[m] != 'D') return 0;
      return q;
    }
    return 0;
  }
  if (k + 1 < le_ && b[k] == '<' && b[k + 1] == '3' && (k + 2 >= le_ || b[k + 2] == ' ')) return k + 2;
  if (k + 2 < le_ && b[k] == '^' && (b[k + 1] == '^' || (b[k + 1] == '_' && b[k + 2] == '^'))) {
    size_t e = b[k + 1] == '^' ? k + 2 : k + 3;
    if (e >= le_ || b[e] == ' ') return e;
  }
  return 0;
}

// A line that opens with a list marker ("1.", "1)", "1.)", "a.", "•") may
// hold more items inline: "1. First item 2. Second item". Each later marker
// of the same style and the next value starts a new sentence.
void LineSplitter::InlineListCuts() {
  size_t p = SkipSpaces(lb_);
  if (p >= le_) return;
  size_t len;
  UChar32 c = DecodeAt(s_, p, le_, &len);
  if (IsBullet(c) && c != '-' && c != '*' && c != 0x2013 && c != 0x2014) {
    UChar32 bullet = c;
    size_t q = p + len;
    while (q < le_) {
      UChar32 d = DecodeAt(s_, q, le_, &len);
      if (d == bullet && q > lb_ && (s_[q - 1] == ' ' || s_[q - 1] == '\t')) forced_.push_back(q);
      q += len;
    }
    return;
  }
  // Numbered or lettered.
  size_t q = p;
  bool paren_open = false;
  if (s_[q] == '(') {
    paren_open = true;
    ++q;
  }
  long value = 0;
  bool numeric = false, lower = false;
  size_t vb = q;
  while (q < le_ && IsAsciiDigit(s_[q]) && q - vb < 3) value = value * 10 + (s_[q++] - '0');
  if (q > vb) {
    numeric = true;
  } else if (q < le_ && ((s_[q] >= 'a' && s_[q] <= 'z') || (s_[q] >= 'A' && s_[q] <= 'Z'))) {
    lower = s_[q] >= 'a';
    value = s_[q] - (lower ? 'a' : 'A');
    ++q;
  } else {
    return;
  }
  std::string suffix;
  while (q < le_ && (s_[q] == '.' || s_[q] == ')') && suffix.size() < 2) suffix.push_back(s_[q++]);
  if (suffix.empty() || (paren_open && suffix.back() != ')')) return;
  if (q >= le_ || s_[q] != ' ') return;
  size_t scan = q;
  for (;;) {
    ++value;
    std::string want = paren_open ? "(" : "";
    if (numeric) {
      want += std::to_string(value);
    } else {
      if (value >= 26) break;
      want.push_back(static_cast<char>((lower ? 'a' : 'A') + value));
    }
    want += suffix;
    want.push_back(' ');
    size_t found = std::string_view::npos;
    size_t from = scan;
    while (from < le_) {
      size_t f = s_.substr(0, le_).find(want, from);
      if (f == std::string_view::npos) break;
      if (f > lb_ && (s_[f - 1] == ' ' || s_[f - 1] == '\t')) {
        found = f;
        break;
      }
      from = f + 1;
    }
    if (found == std::string_view::npos) break;
    forced_.push_back(found);
    scan = found + want.size();
  }
}

void LineSplitter::Run() {
  sent_start_ = SkipSpaces(lb_);
  InlineListCuts();
  size_t fi = 0;
  size_t i = lb_;
  while (i < le_) {
    auto b = static_cast<unsigned char>(s_[i]);
    if (b < 0x80 && b != '.' && b != '!' && b != '?' && b != ':' && b != ';') {
      ++i;
      continue;
    }
    if (b >= 0x80 && b < 0xC0) {  // continuation byte
      ++i;
      continue;
    }
    while (fi < forced_.size() && forced_[fi] <= i) {
      cuts_->push_back(static_cast<uint32_t>(forced_[fi]));
      sent_start_ = forced_[fi++];
    }
    size_t len;
    UChar32 c = DecodeAt(s_, i, le_, &len);
    if (c >= 0x80) {
      int q = CjkQuoteOpenIndex(c, r_.cjk);
      if (q >= 0 || IsTitleOpen(c)) {
        // Count the bracket only when it closes on this line, not too far.
        size_t limit = std::min(le_, i + 600);
        size_t p = i + len;
        UChar32 want = q >= 0 ? kCjkQuoteClose[q] : (c == 0x300A ? 0x300B : 0x3009);
        bool closes = false;
        while (p < limit) {
          size_t l2;
          if (DecodeAt(s_, p, le_, &l2) == want) {
            closes = true;
            break;
          }
          p += l2;
        }
        if (closes) {
          if (q >= 0) ++quote_depth_[q];
          else ++title_depth_;
        }
        i += len;
        continue;
      }
      int qc = CjkQuoteCloseIndex(c, r_.cjk);
      if (qc >= 0 && quote_depth_[qc] > 0) --quote_depth_[qc];
      if (IsTitleClose(c) && title_depth_ > 0) --title_depth_;
    }
    Term t = Classify(c, r_);
    if (t == Term::kNone) {
      // Emoticon closing a sentence without punctuation: "Great :) See you".
      if ((c == ':' || c == ';') && i > lb_ && (s_[i - 1] == ' ' || s_[i - 1] == '\t')) {
        size_t e = EmoticonEnd(i);
        if (e != 0) {
          size_t k = SkipSpaces(e);
          if (k < le_ && k > e && WordsBefore(i) >= 2) {
            UChar32 nc = DecodeAt(s_, k, le_, &len);
            if (ClassifyNext(nc) == Next::kUpper) Cut(e);
          }
          i = e;
          continue;
        }
      }
      i += len;
      continue;
    }
    Cluster cl = ParseCluster(i);
    if (cl.end == i) {  // fullwidth decimal point
      i += len;
      continue;
    }
    if (Decide(i, &cl)) Cut(cl.end);
    i = std::max(cl.end, i + len);
  }
  while (fi < forced_.size()) cuts_->push_back(static_cast<uint32_t>(forced_[fi++]));
}

// Trims white space (ASCII, NBSP, Unicode spaces) at both ends of [b, e).
Span Trim(std::string_view s, size_t b, size_t e) {
  size_t len;
  while (b < e) {
    UChar32 c = DecodeAt(s, b, e, &len);
    if (!IsSpaceCp(c) && c != '\n') break;
    b += len;
  }
  while (e > b) {
    UChar32 c = DecodeBefore(s, b, e, &len);
    if (!IsSpaceCp(c) && c != '\n') break;
    e -= len;
  }
  return Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

}  // namespace segment_sentences_detail

std::vector<Span> SplitSentences(std::string_view text, std::string_view lang) {
  namespace d = segment_sentences_detail;
  std::vector<Span> out;
  const SegmentRules& rules = RulesFor(lang);
  std::vector<uint32_t> cuts;
  size_t lb = 0;
  while (lb <= text.size()) {
    size_t nl = text.find('\n', lb);
    size_t le = nl == std::string_view::npos ? text.size() : nl;
    cuts.clear();
    if (le > lb) d::LineSplitter(text, lb, le, rules, &cuts).Run();
    cuts.push_back(static_cast<uint32_t>(le));
    std::sort(cuts.begin(), cuts.end());
    size_t prev = lb;
    for (uint32_t cut : cuts) {
      if (cut <= prev) continue;
      Span sp = d::Trim(text, prev, cut);
      if (sp.begin < sp.end) out.push_back(sp);
      prev = cut;
    }
    if (nl == std::string_view::npos) break;
    lb = nl + 1;
  }
  return out;
}

}  // namespace newsdigest::text
