// Plain-text articles in the seed shape.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <unicode/uchar.h>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace plain_text_detail {

size_t CountWords(std::string_view line) {
  size_t words = 0;
  bool in_word = false;
  for (char c : line) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// True when the line ends like a sentence (., !, ?, …, 。, closing quotes
// after one of those, ...).
bool EndsLikeSentence(std::string_view line) {
  static constexpr std::string_view kClosers[] = {"\"", "'", ")", "”", "’", "»", "]"};
  for (bool stripped = true; stripped && !line.empty();) {
    stripped = false;
    for (std::string_view c : kClosers) {
      if (line.size() >= c.size() && line.substr(line.size() - c.size()) == c) {
        line.remove_suffix(c.size());
        stripped = true;
        break;
      }
    }
  }
  static constexpr std::string_view kEnders[] = {".", "!", "?", ":", "…", "。", "！", "？", "؟", "।", "۔"};
  for (std::string_view e : kEnders)
    if (line.size() >= e.size() && line.substr(line.size() - e.size()) == e) return true;
  return false;
}

// Finite verbs that make a short clause a sentence ("is", "ist", "est",
// "es", "è", ...): auxiliaries and the commonest verbs in the languages we
// support. Lower-case, matched against whole lower-cased ASCII words or the
// exact UTF-8 word.
bool IsCommonVerb(std::string_view w) {
  static constexpr std::string_view kVerbs[] = {
      // en
      "is", "are", "was", "were", "will", "has", "have", "had", "can", "could", "must", "would", "should",
      "does", "did", "may", "might", "shall", "opens", "closes", "starts", "ends", "takes", "runs",
      // de
      "ist", "sind", "war", "waren", "wird", "werden", "hat", "haben", "kann", "muss", "soll", "findet",
      "beginnt", "endet",
      // fr
      "est", "sont", "était", "sera", "seront", "ont", "peut", "doit", "aura", "commence",
      // es, pt
      "es", "son", "está", "están", "era", "será", "serán", "ha", "han", "puede", "debe", "habrá", "comienza",
      "é", "são", "foi", "tem", "têm", "pode", "deve", "começa",
      // it
      "è", "sono", "sarà", "hanno", "può", "inizia",
      // nl
      "zijn", "wordt", "worden", "heeft", "hebben", "kan", "moet", "begint"};
  std::string low(w);
  for (char& c : low)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  for (std::string_view v : kVerbs)
    if (low == v) return true;
  return false;
}

// "Label: value" where the value reads as a clause, not as furniture: a
// label of at most three words, a value of at least three words holding a
// common finite verb, and no address (e-mail, URL) in it. "Note: the vote is
// on Monday" is a sentence; "Contact: press@example.org", "Tags: flood,
// council" and "Photos: Ana Ruiz" are not.
bool IsLabelledSentence(std::string_view line) {
  size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view label = line.substr(0, colon);
  std::string_view value = line.substr(colon + 2);
  if (CountWords(label) > 3 || CountWords(value) < 3) return false;
  if (value.find('@') != std::string_view::npos || value.find("://") != std::string_view::npos ||
      value.find("www.") != std::string_view::npos)
    return false;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t e = value.find(' ', pos);
    if (e == std::string_view::npos) e = value.size();
    std::string_view w = value.substr(pos, e - pos);
    while (!w.empty() && (w.back() == ',' || w.back() == ';')) w.remove_suffix(1);
    if (!w.empty() && IsCommonVerb(w)) return true;
    pos = e + 1;
  }
  return false;
}

// Page furniture: a short line with no sentence in it ("Share",
// "Related News", "No Comments Found", "Advertisement", "Contact:
// press@example.org"); a labelled clause ("Note: the vote is on Monday")
// is a sentence even without its full stop.
bool IsFurniture(std::string_view line) {
  return CountWords(line) <= 6 && line.size() <= 60 && !EndsLikeSentence(line) && !IsLabelledSentence(line);
}

// "Place: Source" with short parts on both sides and no sentence end.
bool SplitDateline(std::string_view line, std::string* place, std::string* source) {
  if (line.size() > 120 || CountWords(line) > 12) return false;
  size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  if (line.find(": ", colon + 2) != std::string_view::npos) return false;
  std::string_view p = line.substr(0, colon);
  std::string_view s = line.substr(colon + 2);
  if (s.empty() || CountWords(p) > 5 || CountWords(s) > 8 || EndsLikeSentence(s)) return false;
  place->assign(p);
  source->assign(s);
  return true;
}

bool SplitByline(std::string_view line, std::string* byline) {
  for (std::string_view prefix : {std::string_view("By "), std::string_view("by ")}) {
    if (line.substr(0, prefix.size()) == prefix && CountWords(line) <= 10 && !EndsLikeSentence(line)) {
      byline->assign(line.substr(prefix.size()));
      return true;
    }
  }
  return false;
}

// Code points of a line (UTF-8 lead bytes; any stray byte counts as one).
size_t LineWidth(std::string_view line) {
  size_t n = 0;
  for (char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// "- x", "* x", "• x", "1. x", "2) x", "a) x": a list item starts its own line.
bool IsListItem(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  line.remove_prefix(i);
  for (std::string_view bullet : {"- ", "* ", "+ ", "\u2022 ", "\u2013 ", "\u2014 ", "\u00B7 "})
    if (line.substr(0, bullet.size()) == bullet) return true;
  size_t digits = 0;
  while (digits < line.size() && digits < 3 && line[digits] >= '0' && line[digits] <= '9') ++digits;
  size_t marker = digits;
  if (digits == 0 && line.size() >= 2 && line[0] >= 'a' && line[0] <= 'z') marker = 1;
  return marker > 0 && marker + 1 < line.size() && (line[marker] == '.' || line[marker] == ')') &&
         line[marker + 1] == ' ';
}

// The code point that starts at `s[i]`, or 0 when the bytes there are not one.
uint32_t CodePointAt(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  uint32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

uint32_t LastCodePoint(std::string_view s) {
  size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  return i == 0 ? 0 : CodePointAt(s, i - 1);
}

// Scripts written without spaces between words (CJK, kana, Thai, Lao...).
bool IsUnspacedScript(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x0E00 && cp <= 0x0EFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

// A heading inside wrapped text ("Background"): a short line with no
// sentence end, followed by a line that starts with a capital letter (a
// short line that continues in lower case is a wrap: "the plan is\nready").
bool IsHeadingInBlock(std::string_view line, size_t width, std::string_view next) {
  if (LineWidth(line) * 10 >= width * 6 || EndsLikeSentence(line)) return false;
  while (!next.empty() && (next.front() == ' ' || next.front() == '\t')) next.remove_prefix(1);
  uint32_t first = next.empty() ? 0 : CodePointAt(next, 0);
  return first == 0 || !(u_islower(static_cast<UChar32>(first)) || u_isdigit(static_cast<UChar32>(first)));
}

std::string_view TrimSpaces(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line;
}

}  // namespace plain_text_detail

std::string JoinSoftWraps(std::string_view raw) {
  namespace d = plain_text_detail;
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= raw.size();) {
    size_t nl = raw.find('\n', pos);
    if (nl == std::string_view::npos) nl = raw.size();
    lines.push_back(d::TrimSpaces(raw.substr(pos, nl - pos)));
    pos = nl + 1;
  }
  // Header lines: the first non-blank line (the title), and a dateline or
  // byline among the first three non-blank lines.
  std::vector<bool> header(lines.size(), false);
  size_t title = lines.size();
  for (size_t k = 0, seen = 0; k < lines.size() && seen < 3; ++k) {
    std::string_view t = lines[k];
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    if (t.empty()) continue;
    std::string place, source, byline;
    if (seen == 0) title = k;
    header[k] = seen == 0 || d::SplitDateline(t, &place, &source) || d::SplitByline(t, &byline);
    ++seen;
  }
  // The title's block: the title and what follows it up to a blank line, when
  // that is at most three lines with no dateline, byline or list item in them
  // (a wrapped title); else the title line alone.
  size_t title_end = title;
  while (title_end < lines.size() && !lines[title_end].empty()) ++title_end;
  bool title_only = title_end - title <= 3;
  for (size_t k = title + 1; k < title_end; ++k) title_only = title_only && !header[k] && !d::IsListItem(lines[k]);
  if (!title_only) title_end = std::min(title + 1, lines.size());
  // The wrap width: the longest line after the title's block.
  size_t width = 0, inner_ends = 0, open_ends = 0;
  for (size_t k = title_end; k < lines.size(); ++k) {
    if (lines[k].empty()) continue;
    width = std::max(width, d::LineWidth(lines[k]));
    if (k + 1 == lines.size() || lines[k + 1].empty()) continue;  // a block's last line
    ++inner_ends;
    if (!d::EndsLikeSentence(lines[k])) ++open_ends;
  }
  // join[k]: line k and line k + 1 are one paragraph.
  std::vector<bool> join(lines.size(), false);
  // Hard-wrapped text: no line longer than a terminal's, and most line ends
  // inside a block fall mid-sentence (one-paragraph-per-line text has them
  // at sentence ends). Then every line end inside a block is a soft wrap,
  // except before a list item and around a heading.
  if (width == 0 || width > 120 || inner_ends == 0 || open_ends * 2 < inner_ends) {
    // Not wrapped: keep every line (NormalizeBody drops blank ones).
  } else {
    for (size_t k = title_end; k + 1 < lines.size(); ++k) {
      if (lines[k].empty() || lines[k + 1].empty() || header[k] || header[k + 1]) continue;
      join[k] = !d::IsListItem(lines[k + 1]) && !d::IsHeadingInBlock(lines[k], width, lines[k + 1]) &&
                !d::IsHeadingInBlock(lines[k + 1], width, k + 2 < lines.size() ? lines[k + 2] : std::string_view());
    }
    // A title wrapped over a few lines, set off by a blank line.
    for (size_t k = title; title_only && k + 1 < title_end; ++k) join[k] = true;
  }
  std::string out;
  out.reserve(raw.size());
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string_view line = lines[k];
    if (k > 0 && join[k - 1]) {
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      std::string_view prev = lines[k - 1];
      bool hyphen = prev.size() >= 2 && prev.back() == '-' && prev[prev.size() - 2] != ' ';
      bool unspaced = !line.empty() && d::IsUnspacedScript(d::LastCodePoint(prev)) &&
                      d::IsUnspacedScript(d::CodePointAt(line, 0));
      if (!hyphen && !unspaced) out.push_back(' ');
    } else if (k > 0) {
      out.push_back('\n');
    }
    out.append(line);
  }
  return out;
}

Status ParsePlainText(std::string_view content, Article* out, std::string* reason) {
  namespace d = plain_text_detail;
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= content.size();) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    if (nl > pos) lines.push_back(content.substr(pos, nl - pos));
    pos = nl + 1;
  }
  if (lines.empty()) {
    *reason = "empty article (no text)";
    return Status::InvalidArgument("empty article");
  }
  size_t i = 0;
  out->title.assign(lines[i++]);
  if (i < lines.size() && d::SplitDateline(lines[i], &out->place, &out->source)) ++i;
  if (i < lines.size() && d::SplitByline(lines[i], &out->byline)) ++i;
  size_t end = lines.size();
  while (end > i && d::IsFurniture(lines[end - 1])) --end;
  while (i < end && d::IsFurniture(lines[i])) ++i;
  out->body.clear();
  for (size_t k = i; k < end; ++k) {
    if (!out->body.empty()) out->body.push_back('\n');
    out->body.append(lines[k]);
  }
  if (out->body.empty()) {
    *reason = "no article text after the title";
    return Status::InvalidArgument("no body");
  }
  return Status::OK();
}

}  // namespace newsdigest::ingest
