// One JSONL line -> Article.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "newsdigest/ingest/ingest.h"

namespace newsdigest::ingest {
namespace jsonl_line_detail {

// Copies a string field when present and a string; null counts as absent.
bool TakeString(const nlohmann::json& j, const char* key, std::string* out, std::string* reason) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (!it->is_string()) {
    *reason = std::string("field \"") + key + "\" is not a string";
    return false;
  }
  *out = it->get_ref<const std::string&>();
  return true;
}

// Deepest nesting of arrays/objects in `line` (brackets inside strings do
// not count); stops counting once past `limit`.
uint32_t NestingDepth(std::string_view line, uint32_t limit) {
  uint32_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size() && deepest <= limit; ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Articles are flat objects; deeper input is refused before parsing (a deep
// line costs the parser memory per level).
constexpr uint32_t kMaxJsonNesting = 64;

}  // namespace jsonl_line_detail

Status ParseJsonLine(std::string_view line, Article* out, std::string* reason) {
  namespace d = jsonl_line_detail;
  if (d::NestingDepth(line, d::kMaxJsonNesting) > d::kMaxJsonNesting) {
    *reason = "JSON nested deeper than " + std::to_string(d::kMaxJsonNesting) + " levels";
    return Status::TooLarge("JSON nesting too deep");
  }
  nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    *reason = "not valid JSON";
    return Status::Corruption("bad JSON");
  }
  if (!j.is_object()) {
    *reason = "JSON line is not an object";
    return Status::Corruption("bad JSON");
  }
  std::string raw_text;
  Article a;
  if (!d::TakeString(j, "text", &raw_text, reason) || !d::TakeString(j, "title", &a.title, reason) ||
      !d::TakeString(j, "id", &a.id, reason) || !d::TakeString(j, "url", &a.url, reason) ||
      !d::TakeString(j, "source", &a.source, reason) || !d::TakeString(j, "byline", &a.byline, reason) ||
      !d::TakeString(j, "lang", &a.lang, reason) || !d::TakeString(j, "place", &a.place, reason))
    return Status::InvalidArgument("bad field");
  if (auto it = j.find("id"); it != j.end() && it->is_number_integer()) a.id = std::to_string(it->get<int64_t>());
  if (auto it = j.find("published"); it != j.end() && !it->is_null()) {
    if (it->is_string()) {
      const auto& s = it->get_ref<const std::string&>();
      if (!s.empty() && !ParseIso8601(s, &a.published)) {
        *reason = "field \"published\" is not ISO 8601: " + s.substr(0, 40);
        return Status::InvalidArgument("bad date");
      }
    } else if (it->is_number()) {
      double v = it->get<double>();
      if (!std::isfinite(v)) {
        *reason = "field \"published\" is not a finite number";
        return Status::InvalidArgument("bad date");
      }
      // Years 1..9999, as ISO 8601 dates can express (and int64 can hold).
      if (v < -62135596800.0 || v > 253402300799.0) {
        *reason = "field \"published\" is out of range (years 1 to 9999)";
        return Status::InvalidArgument("bad date");
      }
      a.published = static_cast<int64_t>(v);
    } else {
      *reason = "field \"published\" is neither a string nor a number";
      return Status::InvalidArgument("bad date");
    }
  }
  if (raw_text.empty()) {
    *reason = "missing or empty \"text\"";
    return Status::InvalidArgument("no text");
  }
  ND_RETURN_IF_ERROR(NormalizeBody(raw_text, &a.body, reason));
  if (a.body.empty()) {
    *reason = "\"text\" holds only white space";
    return Status::InvalidArgument("no text");
  }
  std::string tmp;
  for (std::string* f : {&a.title, &a.source, &a.byline, &a.place}) {
    if (f->empty()) continue;
    if (!NormalizeBody(*f, &tmp, reason).ok()) {
      *reason = "metadata: " + *reason;
      return Status::Corruption("bad metadata");
    }
    // Metadata is one line.
    for (char& c : tmp) if (c == '\n') c = ' ';
    f->swap(tmp);
  }
  *out = std::move(a);
  return Status::OK();
}

}  // namespace newsdigest::ingest
