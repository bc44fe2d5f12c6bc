// Dictionary files (`train-dict` output): what ZDICT writes, magic
// 37 A4 30 EC then the dictionary's u32 id. A file named
// "<name>.<lang>.dict" serves articles in <lang>. Shared by the writer and
// the host reader so that both read dictionary files the same way.
// Allocation-free; thread-safety: pure functions.
#ifndef NEWSDIGEST_FORMAT_DICTIONARY_FILE_H_
#define NEWSDIGEST_FORMAT_DICTIONARY_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "newsdigest/format/format.h"

namespace newsdigest::format {

inline constexpr uint8_t kDictionaryMagic[4] = {0x37, 0xA4, 0x30, 0xEC};
// Longest language tag a DictionaryRef holds (FORMAT.md).
inline constexpr size_t kMaxDictionaryLang = 15;

// The id of a zstd dictionary (content[0, len)), or 0 when it is not one
// (no magic, or too short).
inline uint32_t DictionaryContentId(const uint8_t* content, size_t len) noexcept {
  if (len < 8) return 0;
  for (size_t i = 0; i < 4; ++i)
    if (content[i] != kDictionaryMagic[i]) return 0;
  return LoadLE32(content + 4);
}

// The language a dictionary file's name gives: "<name>.<lang>.dict" with
// lang = 2-3 lowercase letters and an optional "-region" of at most 4
// characters (e.g. news.fr.dict, news.pt-br.dict); empty otherwise.
// `file_name` is the base name (no directory).
inline std::string_view DictionaryLangFromFileName(std::string_view file_name) noexcept {
  constexpr std::string_view kExt = ".dict";
  if (file_name.size() < kExt.size() || file_name.substr(file_name.size() - kExt.size()) != kExt) return {};
  const std::string_view stem = file_name.substr(0, file_name.size() - kExt.size());
  const size_t dot = stem.rfind('.');
  if (dot == std::string_view::npos) return {};
  const std::string_view tag = stem.substr(dot + 1);
  size_t letters = 0;
  while (letters < tag.size() && tag[letters] >= 'a' && tag[letters] <= 'z') ++letters;
  if ((letters == 2 || letters == 3) && (letters == tag.size() || (tag[letters] == '-' && tag.size() - letters <= 5)))
    return tag;
  return {};
}

}  // namespace newsdigest::format

#endif  // NEWSDIGEST_FORMAT_DICTIONARY_FILE_H_
