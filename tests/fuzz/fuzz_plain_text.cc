// libFuzzer target: plain-text article input (NormalizeBody, then the
// seed-shape parser). Arbitrary bytes must give OK or a reason, never a crash.
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ing = newsdigest::ingest;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  std::string norm, reason;
  if (!ing::NormalizeBody(raw, &norm, &reason).ok()) {
    if (reason.empty()) std::abort();
    return 0;
  }
  if (!newsdigest::text::ValidateUtf8(norm).ok()) std::abort();
  ing::Article a;
  if (ing::ParsePlainText(norm, &a, &reason).ok()) {
    ing::AssignId(&a);
    if (a.id.empty()) std::abort();
  }
  return 0;
}
