// libFuzzer target: RSS / Atom / RDF feed parsing and feed dates.
#include <cstdlib>
#include <string>
#include <string_view>

#include "newsdigest/ingest/extract.h"
#include "newsdigest/text/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ing = newsdigest::ingest;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ing::ExtractOptions o;
  o.base_url = "https://example.invalid/feed.xml";
  ing::FeedDocument doc;
  std::string reason;
  if (ing::ParseFeedDocument(bytes, o, &doc, &reason).ok()) {
    if (doc.items.size() > o.limits.max_feed_items) std::abort();
    for (const auto& it : doc.items)
      if (!newsdigest::text::ValidateUtf8(it.body).ok() || !newsdigest::text::ValidateUtf8(it.title).ok())
        std::abort();
  }
  int64_t t = 0;
  if (size < 80) (void)ing::ParseFeedDate(bytes, &t);
  return 0;
}
