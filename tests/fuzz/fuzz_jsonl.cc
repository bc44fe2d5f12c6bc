// libFuzzer target: one JSONL input line, and ISO 8601 date parsing.
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ing = newsdigest::ingest;
  std::string_view line(reinterpret_cast<const char*>(data), size);
  ing::Article a;
  std::string reason;
  if (ing::ParseJsonLine(line, &a, &reason).ok()) {
    if (a.body.empty() || !newsdigest::text::ValidateUtf8(a.body).ok()) std::abort();
  } else if (reason.empty()) {
    std::abort();
  }
  int64_t t = 0;
  if (size < 64 && ing::ParseIso8601(line, &t)) (void)ing::FormatIso8601(t);
  return 0;
}
