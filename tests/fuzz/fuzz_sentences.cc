// libFuzzer target: sentence and word segmentation and language detection
// on arbitrary valid UTF-8; spans must be ordered, non-empty and in range.
#include <cstdlib>
#include <string_view>
#include <vector>

#include "newsdigest/text/text.h"

namespace fuzz_sentences_detail {
void CheckSpans(const std::vector<newsdigest::text::Span>& v, size_t size, bool no_newline, std::string_view text) {
  uint32_t prev_end = 0;
  for (const auto& s : v) {
    if (s.begin < prev_end || s.end <= s.begin || s.end > size) std::abort();
    if (no_newline && s.Of(text).find('\n') != std::string_view::npos) std::abort();
    prev_end = s.end;
  }
}
}  // namespace fuzz_sentences_detail

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace t = newsdigest::text;
  if (size < 1) return 0;
  static const char* const kLangs[] = {"", "en", "fr", "de", "es", "it", "nl", "ru",
                                       "ar", "zh", "ja", "el", "pl", "xx", "pt-BR", "en-US"};
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (!t::ValidateUtf8(text).ok()) return 0;
  const char* lang = kLangs[data[0] & 15u];
  fuzz_sentences_detail::CheckSpans(t::SplitSentences(text, lang), text.size(), true, text);
  fuzz_sentences_detail::CheckSpans(t::SplitWords(text, lang), text.size(), false, text);
  (void)t::DetectLanguage(text);
  if (text.size() < 4096) (void)t::FoldCase(text);
  return 0;
}
