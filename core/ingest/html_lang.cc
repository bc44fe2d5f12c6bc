// Language tags: normalization to BCP 47 and reconciliation with detection.
#include "html_lang.h"

#include <string>
#include <string_view>
#include <vector>

#include "newsdigest/text/text.h"

namespace newsdigest::ingest {
namespace html_lang_detail {

// Language names and three-letter codes seen in `lang` attributes and feed
// <language> elements, mapped to their two-letter subtag.
struct NameCode {
  const char* name;
  const char* code;
};
constexpr NameCode kNames[] = {
    {"english", "en"},   {"eng", "en"},       {"german", "de"},     {"deutsch", "de"},    {"deu", "de"},
    {"ger", "de"},       {"french", "fr"},    {"francais", "fr"},   {"français", "fr"},   {"fra", "fr"},
    {"fre", "fr"},       {"spanish", "es"},   {"espanol", "es"},    {"español", "es"},    {"spa", "es"},
    {"italian", "it"},   {"italiano", "it"},  {"ita", "it"},        {"portuguese", "pt"}, {"portugues", "pt"},
    {"português", "pt"}, {"por", "pt"},       {"dutch", "nl"},      {"nederlands", "nl"}, {"nld", "nl"},
    {"dut", "nl"},       {"russian", "ru"},   {"rus", "ru"},        {"japanese", "ja"},   {"jpn", "ja"},
    {"chinese", "zh"},   {"zho", "zh"},       {"chi", "zh"},        {"korean", "ko"},     {"kor", "ko"},
    {"polish", "pl"},    {"polski", "pl"},    {"pol", "pl"},        {"swedish", "sv"},    {"svenska", "sv"},
    {"swe", "sv"},       {"danish", "da"},    {"dansk", "da"},      {"dan", "da"},        {"norwegian", "no"},
    {"norsk", "no"},     {"nor", "no"},       {"finnish", "fi"},    {"suomi", "fi"},      {"fin", "fi"},
    {"turkish", "tr"},   {"turkce", "tr"},    {"tur", "tr"},        {"arabic", "ar"},     {"ara", "ar"},
    {"czech", "cs"},     {"ces", "cs"},       {"cze", "cs"},        {"greek", "el"},      {"ell", "el"},
    {"hungarian", "hu"}, {"hun", "hu"},       {"ukrainian", "uk"},  {"ukr", "uk"},        {"hebrew", "he"},
    {"heb", "he"},       {"iw", "he"},        {"in", "id"},         {"ji", "yi"},         {"romanian", "ro"},
    {"ron", "ro"},       {"rum", "ro"},       {"hindi", "hi"},      {"hin", "hi"},        {"persian", "fa"},
    {"fas", "fa"},       {"per", "fa"},       {"vietnamese", "vi"}, {"vie", "vi"},
};

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// Languages that detection cannot tell apart reliably: treated as agreeing.
bool SameGroup(std::string_view a, std::string_view b) {
  auto group = [](std::string_view x) -> int {
    if (x == "no" || x == "nb" || x == "nn" || x == "da") return 1;
    if (x == "hr" || x == "sr" || x == "bs" || x == "sh" || x == "cnr") return 2;
    if (x == "ms" || x == "id") return 3;
    if (x == "zh" || x == "yue") return 4;
    return 0;
  };
  int ga = group(a);
  return ga != 0 && ga == group(b);
}

std::string_view Primary(std::string_view tag) {
  size_t dash = tag.find('-');
  return dash == std::string_view::npos ? tag : tag.substr(0, dash);
}

}  // namespace html_lang_detail

std::string NormalizeLanguageTag(std::string_view declared) {
  namespace d = html_lang_detail;
  std::string s;
  for (char c : declared) {
    if (c == '.' || c == '@' || c == ',' || c == ';') break;  // "ja_JP.UTF-8", "de-de,en"
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (s.empty()) continue;
      break;
    }
    s.push_back(c == '_' ? '-' : c);
  }
  if (s.empty() || s.size() > 35) return "";
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == '-') {
      if (cur.empty()) return "";
      parts.push_back(cur);
      cur.clear();
    } else if (d::IsAlnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      cur.push_back(d::ToLower(c));
    } else {
      return "";
    }
  }
  if (cur.empty()) return "";
  parts.push_back(cur);
  std::string primary = parts[0];
  for (const d::NameCode& n : d::kNames)
    if (primary == n.name) {
      primary = n.code;
      break;
    }
  if (primary.size() < 2 || primary.size() > 3) return "";
  for (char c : primary)
    if (!d::IsAlpha(c)) return "";
  std::string out = primary;
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string p = parts[i];
    for (char c : p)
      if (static_cast<unsigned char>(c) >= 0x80) return out;
    if (p.size() == 4 && d::IsAlpha(p[0])) {
      p[0] = d::ToUpper(p[0]);  // script: Latn, Hant
    } else if (p.size() == 2) {
      for (char& c : p) c = d::ToUpper(c);  // region: AT, US
    }
    out += '-';
    out += p;
  }
  return out;
}

std::string ReconcileLanguage(std::string_view declared, std::string_view text) {
  namespace d = html_lang_detail;
  std::string tag = NormalizeLanguageTag(declared);
  // Enough text to trust detection over the page's own declaration.
  if (text.size() < 200) return tag;
  std::string detected = text::DetectLanguage(text);
  if (detected.empty()) return tag;
  std::string_view primary = d::Primary(tag);
  if (primary == detected || d::SameGroup(primary, detected)) return tag;
  return detected;
}

}  // namespace newsdigest::ingest
