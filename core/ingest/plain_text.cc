// Plain-text articles in the seed shape.
#include <string>
#include <vector>

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

// Page furniture: a short line with no sentence in it ("Share",
// "Related News", "No Comments Found", "Advertisement").
bool IsFurniture(std::string_view line) {
  return CountWords(line) <= 6 && line.size() <= 60 && !EndsLikeSentence(line);
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

}  // namespace plain_text_detail

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
