// Private to core/ingest: decoding HTML bytes to UTF-8 (BOM, <meta charset>,
// http-equiv Content-Type, XML declaration, else ICU detection).
// Thread-safety: thread-safe.
#ifndef NEWSDIGEST_INGEST_HTML_CHARSET_H_
#define NEWSDIGEST_INGEST_HTML_CHARSET_H_

#include <string>
#include <string_view>

#include "newsdigest/format/status.h"

namespace newsdigest::ingest {

// The charset an HTML document declares in its first bytes (BOM, <meta>,
// XML declaration), lower-cased; empty when none.
std::string SniffDeclaredCharset(std::string_view bytes);

// Converts `bytes` to valid UTF-8 in *out (invalid sequences become U+FFFD).
// *charset receives the name used. A leading BOM is dropped.
// @return an error with *reason when the charset cannot be converted.
Status DecodeHtmlToUtf8(std::string_view bytes, std::string* out, std::string* charset, std::string* reason);

// Replaces invalid UTF-8 sequences of `s` by U+FFFD (ICU conversion; valid
// input, checked with text::ValidateUtf8, is returned unchanged).
std::string RepairUtf8(std::string_view s);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_HTML_CHARSET_H_
