// Status: the result of a fallible operation in newsdigest's core.
//
// A Status is a code plus a message that points at a string literal (never
// owned, never allocated), so it is cheap to copy and safe on devices. Define
// NEWSDIGEST_STRIP_ERROR_STRINGS to drop the messages from the binary.
// Thread-safety: a Status is an immutable value.
#ifndef NEWSDIGEST_FORMAT_STATUS_H_
#define NEWSDIGEST_FORMAT_STATUS_H_

#include <cstdint>

#include "newsdigest/format/status_codes.h"

namespace newsdigest {

class [[nodiscard]] Status {
 public:
  // Generated from status_codes.h; the values are those of the C enum
  // nd_status (part of the C API: never change them).
  enum class Code : uint8_t {
#define ND_STATUS_CXX_ENUM_(c_name, cxx_name, value, text) cxx_name = value,
    ND_STATUS_CODES(ND_STATUS_CXX_ENUM_)
#undef ND_STATUS_CXX_ENUM_
  };

  constexpr Status() noexcept : code_(Code::kOk), os_error_(0), msg_("") {}

  static constexpr Status OK() noexcept { return Status(); }
  static constexpr Status InvalidArgument(const char* m) noexcept { return Status(Code::kInvalidArgument, m); }
  static constexpr Status NotFound(const char* m) noexcept { return Status(Code::kNotFound, m); }
  static constexpr Status Corruption(const char* m) noexcept { return Status(Code::kCorruption, m); }
  static constexpr Status Truncated(const char* m) noexcept { return Status(Code::kTruncated, m); }
  static constexpr Status Checksum(const char* m) noexcept { return Status(Code::kChecksum, m); }
  static constexpr Status BadVersion(const char* m) noexcept { return Status(Code::kBadVersion, m); }
  static constexpr Status TooLarge(const char* m) noexcept { return Status(Code::kTooLarge, m); }
  static constexpr Status IOError(const char* m) noexcept { return Status(Code::kIOError, m); }
  // An I/O error with the operating system's error number (errno).
  static constexpr Status IOError(const char* m, int os_error) noexcept {
    return Status(Code::kIOError, m, os_error);
  }
  static constexpr Status OutOfMemory(const char* m) noexcept { return Status(Code::kOutOfMemory, m); }
  static constexpr Status Internal(const char* m) noexcept { return Status(Code::kInternal, m); }
  // The Status of a code (e.g. a C nd_status value converted); message "".
  static constexpr Status FromCode(Code c, const char* m = "") noexcept { return Status(c, m); }
  static constexpr Status NotSupported(const char* m) noexcept { return Status(Code::kNotSupported, m); }
  static constexpr Status DictionaryMissing(const char* m) noexcept { return Status(Code::kDictionaryMissing, m); }
  static constexpr Status BufferTooSmall(const char* m) noexcept { return Status(Code::kBufferTooSmall, m); }

  constexpr bool ok() const noexcept { return code_ == Code::kOk; }
  constexpr Code code() const noexcept { return code_; }
  constexpr bool IsCorruption() const noexcept { return code_ == Code::kCorruption; }
  constexpr bool IsNotFound() const noexcept { return code_ == Code::kNotFound; }
  constexpr bool IsTooLarge() const noexcept { return code_ == Code::kTooLarge; }
  constexpr bool IsIOError() const noexcept { return code_ == Code::kIOError; }
  // The operating system's error number of an I/O error (errno), 0 when
  // none was recorded.
  constexpr int os_error() const noexcept { return os_error_; }

  // The message: a string literal with static lifetime ("" when stripped).
  constexpr const char* message() const noexcept { return msg_; }
  // The description of the code, e.g. "corrupt data" (status_codes.h; the
  // same text as nd_status_str). Never null.
  const char* CodeName() const noexcept;

 private:
  constexpr Status(Code c, const char* m, int os_error = 0) noexcept
      : code_(c), os_error_(os_error), msg_(StripMessage(m)) {}
  static constexpr const char* StripMessage(const char* m) noexcept {
#ifdef NEWSDIGEST_STRIP_ERROR_STRINGS
    (void)m;
    return "";
#else
    return m != nullptr ? m : "";
#endif
  }

  Code code_;
  int32_t os_error_;
  const char* msg_;
};

// The description of status value `value` (status_codes.h); "unknown
// error" outside the list, "" with NEWSDIGEST_STRIP_ERROR_STRINGS.
const char* StatusCodeText(unsigned value) noexcept;

}  // namespace newsdigest

// Returns from the enclosing function when `expr` yields a non-OK Status.
#define ND_RETURN_IF_ERROR(expr)                          \
  do {                                                    \
    ::newsdigest::Status nd_status_tmp_ = (expr);         \
    if (!nd_status_tmp_.ok()) return nd_status_tmp_;      \
  } while (0)

#endif  // NEWSDIGEST_FORMAT_STATUS_H_
