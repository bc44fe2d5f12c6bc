// UTF-8 validation, NFC normalization and case folding.
#include <unicode/normalizer2.h>
#include <unicode/ucasemap.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>

#include "newsdigest/text/text.h"

namespace newsdigest::text {

Status ValidateUtf8(std::string_view s, size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time (most news text is mostly ASCII).
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; }
    else break;
    if (i + len > n) break;
    bool good = true;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0u) != 0x80u) { good = false; break; }
      cp = (cp << 6) | (p[i + k] & 0x3Fu);
    }
    if (!good) break;
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      break;
    i += len;
  }
  if (i == n) return Status::OK();
  if (bad_offset != nullptr) *bad_offset = i;
  return Status::Corruption("invalid UTF-8");
}

bool IsValidUtf8(std::string_view s) { return ValidateUtf8(s).ok(); }

Status NormalizeNfc(std::string_view s, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) return Status::NotSupported("ICU NFC data unavailable");
  out->clear();
  // Fast path: most news text is already NFC.
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(u, err) && U_SUCCESS(err)) {
    out->assign(s);
    return Status::OK();
  }
  err = U_ZERO_ERROR;
  icu::UnicodeString norm = nfc->normalize(u, err);
  if (U_FAILURE(err)) return Status::Corruption("NFC normalization failed");
  norm.toUTF8String(*out);
  return Status::OK();
}

std::string FoldCase(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  (void)err;
  return out;
}

}  // namespace newsdigest::text
