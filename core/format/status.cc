#include "newsdigest/format/status.h"

namespace newsdigest {

const char* Status::CodeName() const noexcept {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kNotFound: return "not found";
    case Code::kCorruption: return "corruption";
    case Code::kTruncated: return "truncated";
    case Code::kChecksum: return "checksum mismatch";
    case Code::kBadVersion: return "unsupported version";
    case Code::kTooLarge: return "too large";
    case Code::kIOError: return "I/O error";
    case Code::kNotSupported: return "not supported";
    case Code::kDictionaryMissing: return "dictionary missing";
    case Code::kBufferTooSmall: return "buffer too small";
  }
  return "unknown";
}

}  // namespace newsdigest
