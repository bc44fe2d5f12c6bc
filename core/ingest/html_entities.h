// Private to core/ingest: HTML named character references and UTF-8
// encoding, shared by the feed reader (entities XML does not define) and the
// page metadata (titles, bylines and JSON-LD strings with entities left in).
// Thread-safety: pure functions.
#ifndef NEWSDIGEST_INGEST_HTML_ENTITIES_H_
#define NEWSDIGEST_INGEST_HTML_ENTITIES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdigest::ingest {

// The code point of HTML 4 entity `name` (without '&' and ';'; case matters:
// "Eacute" and "eacute" differ), or 0. The five XML entities (amp, lt, gt,
// quot, apos) are not in the table: callers handle them.
uint32_t HtmlEntityCodePoint(std::string_view name);
// Appends code point `cp` (<= 0x10FFFF, not a surrogate) as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_HTML_ENTITIES_H_
