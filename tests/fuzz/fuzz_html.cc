// libFuzzer target: HTML article extraction (and fragment-to-text).
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdigest/ingest/extract.h"
#include "newsdigest/text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ing = newsdigest::ingest;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ing::ExtractOptions o;
  o.base_url = "https://example.invalid/news/";
  ing::ExtractedPage page;
  std::string reason;
  if (ing::ExtractHtml(bytes, o, &page, &reason).ok()) {
    for (const std::string* s : {&page.title, &page.body, &page.byline, &page.description})
      if (!newsdigest::text::ValidateUtf8(*s).ok()) std::abort();
  }
  std::string text;
  if (size > 0 && (data[0] & 1) != 0 && newsdigest::text::ValidateUtf8(bytes).ok())
    (void)ing::HtmlFragmentToText(bytes, o, &text, &reason);
  return 0;
}
