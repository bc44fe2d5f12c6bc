// libFuzzer target: the summarizer on arbitrary UTF-8. The first byte picks
// the options; the rest is normalized (the summarizer's contract) and
// summarized; the summary must be ordered, in-range spans of the body within
// the requested limits.
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/summarize/summarize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace sm = newsdigest::summarize;
  if (size < 1 || size > (256u << 10)) return 0;
  const uint8_t sel = data[0];
  std::string body, reason;
  if (!newsdigest::ingest::NormalizeBody(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), &body,
                                         &reason)
           .ok())
    return 0;
  static const char* const kLangs[] = {"", "en", "fr", "de", "es", "ru", "ar", "zh"};
  sm::SummaryOptions o;
  o.sentences = 1u + (sel & 3u);
  if (sel & 0x10) o.max_bytes = 40u + (sel & 0x60u);
  if (sel & 0x80) o.ratio = 0.3;
  const std::string_view title = std::string_view(body).substr(0, body.find('\n'));
  sm::Summary s = sm::Summarize(title, body, kLangs[(sel >> 2) & 3u], o);
  uint32_t prev_end = 0;
  for (const auto& sp : s.sentences) {
    if (sp.begin < prev_end || sp.end <= sp.begin || sp.end > body.size()) std::abort();
    prev_end = sp.end;
  }
  if (s.keywords.size() > o.keywords) std::abort();
  return 0;
}
