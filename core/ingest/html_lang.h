// Private to core/ingest: language tags of pages and feeds.
//   NormalizeLanguageTag: any declared language ("de_AT", "EN-us", "english",
//     "ja_JP.UTF-8", "deu") -> a BCP 47 tag ("de-AT", "en-US", "en", "ja-JP",
//     "de"), or "" when the value is not a language tag.
//   ReconcileLanguage: the normalized declared tag unless the text's detected
//     language contradicts its primary subtag, then the detected one.
// Thread-safety: pure functions.
#ifndef NEWSDIGEST_INGEST_HTML_LANG_H_
#define NEWSDIGEST_INGEST_HTML_LANG_H_

#include <string>
#include <string_view>

namespace newsdigest::ingest {

std::string NormalizeLanguageTag(std::string_view declared);
// `text`: the extracted body (detection needs a few hundred characters; on
// less, or when detection is unsure, the declared tag is kept).
std::string ReconcileLanguage(std::string_view declared, std::string_view text);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_HTML_LANG_H_
