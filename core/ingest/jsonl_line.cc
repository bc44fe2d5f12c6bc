// One JSONL line -> Article.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "newsdigest/ingest/dates.h"
#include "newsdigest/ingest/ingest.h"
#include "html_lang.h"

namespace newsdigest::ingest {
namespace jsonl_line_detail {

// The value of `key`, else of `alias` (may be null); null values count as
// absent. @return nullptr when neither is present.
const nlohmann::json* Find(const nlohmann::json& j, const char* key, const char* alias) {
  for (const char* k : {key, alias}) {
    if (k == nullptr) continue;
    auto it = j.find(k);
    if (it != j.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

// Copies a string field (or its alias) when present; fails when it is not
// a string.
bool TakeString(const nlohmann::json& j, const char* key, const char* alias, std::string* out, std::string* reason) {
  const nlohmann::json* v = Find(j, key, alias);
  if (v == nullptr) return true;
  if (!v->is_string()) {
    const bool by_alias = alias != nullptr && j.find(key) == j.end();
    *reason = std::string("field \"") + (by_alias ? alias : key) + "\" is not a string";
    return false;
  }
  *out = v->get_ref<const std::string&>();
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
  // Each field under its name or its alias (the first present wins).
  if (!d::TakeString(j, "text", "body", &raw_text, reason) || !d::TakeString(j, "title", nullptr, &a.title, reason) ||
      !d::TakeString(j, "url", "link", &a.url, reason) || !d::TakeString(j, "source", nullptr, &a.source, reason) ||
      !d::TakeString(j, "byline", "author", &a.byline, reason) ||
      !d::TakeString(j, "lang", nullptr, &a.lang, reason) || !d::TakeString(j, "place", nullptr, &a.place, reason) ||
      !d::TakeString(j, "description", nullptr, &a.description, reason))
    return Status::InvalidArgument("bad field");
  if (auto it = j.find("id"); it != j.end() && it->is_number_integer()) {
    a.id = std::to_string(it->get<int64_t>());
  } else if (!d::TakeString(j, "id", nullptr, &a.id, reason)) {
    return Status::InvalidArgument("bad field");
  }
  // The date: a string in any form dates.h reads, or UTC seconds. Whatever
  // cannot be read drops the date, never the article.
  const nlohmann::json* date = d::Find(j, "published", "date");
  if (date != nullptr) {
    if (date->is_string()) {
      int64_t t = 0;
      if (ParseDate(date->get_ref<const std::string&>(), &t)) a.published = t;
    } else if (date->is_number()) {
      double v = date->get<double>();
      if (std::isfinite(v)) {
        // Clamped to years 1..9999 before the conversion (no overflow).
        if (v < static_cast<double>(kMinDateSeconds)) v = static_cast<double>(kMinDateSeconds);
        if (v > static_cast<double>(kMaxDateSeconds)) v = static_cast<double>(kMaxDateSeconds);
        a.published = static_cast<int64_t>(v);
      }
    }
  }
  if (raw_text.empty()) {
    *reason = "missing or empty \"text\" (or \"body\")";
    return Status::InvalidArgument("no text");
  }
  ND_RETURN_IF_ERROR(NormalizeBody(raw_text, &a.body, reason));
  if (a.body.empty()) {
    *reason = "\"text\" (or \"body\") holds only white space";
    return Status::InvalidArgument("no text");
  }
  std::string tmp;
  for (std::string* f : {&a.title, &a.source, &a.byline, &a.place, &a.description}) {
    if (f->empty()) continue;
    if (!NormalizeBody(*f, &tmp, reason).ok()) {
      *reason = "metadata: " + *reason;
      return Status::Corruption("bad metadata");
    }
    // Metadata is one line.
    for (char& c : tmp) if (c == '\n') c = ' ';
    f->swap(tmp);
  }
  // A declared language as pages' is: normalized to BCP 47 ("english" -> en,
  // "de_AT" -> de-AT), the detected one when the text contradicts it, and
  // detected later (Complete) when it is not a language tag at all.
  if (!a.lang.empty()) a.lang = ReconcileLanguage(a.lang, a.body);
  *out = std::move(a);
  return Status::OK();
}

}  // namespace newsdigest::ingest
