// Status: the result of a fallible operation in newsdigest's core.
//
// A Status is a code plus a message that points at a string literal (never
// owned, never allocated), so it is cheap to copy and safe on devices. Define
// NEWSDIGEST_STRIP_ERROR_STRINGS to drop the messages from the binary.
// Thread-safety: a Status is an immutable value.
#ifndef NEWSDIGEST_FORMAT_STATUS_H_
#define NEWSDIGEST_FORMAT_STATUS_H_

#include <cstdint>

namespace newsdigest {

class [[nodiscard]] Status {
 public:
  // NOTE: values are part of the C API (nd_status); do not change them.
  enum class Code : uint8_t {
    kOk = 0,
    kInvalidArgument = 1,
    kNotFound = 2,
    kCorruption = 3,
    kTruncated = 4,
    kChecksum = 5,
    kBadVersion = 6,
    kTooLarge = 7,
    kIOError = 8,
    kNotSupported = 9,
    kDictionaryMissing = 10,
    kBufferTooSmall = 11,
  };

  constexpr Status() noexcept : code_(Code::kOk), msg_("") {}

  static constexpr Status OK() noexcept { return Status(); }
  static constexpr Status InvalidArgument(const char* m) noexcept { return Status(Code::kInvalidArgument, m); }
  static constexpr Status NotFound(const char* m) noexcept { return Status(Code::kNotFound, m); }
  static constexpr Status Corruption(const char* m) noexcept { return Status(Code::kCorruption, m); }
  static constexpr Status Truncated(const char* m) noexcept { return Status(Code::kTruncated, m); }
  static constexpr Status Checksum(const char* m) noexcept { return Status(Code::kChecksum, m); }
  static constexpr Status BadVersion(const char* m) noexcept { return Status(Code::kBadVersion, m); }
  static constexpr Status TooLarge(const char* m) noexcept { return Status(Code::kTooLarge, m); }
  static constexpr Status IOError(const char* m) noexcept { return Status(Code::kIOError, m); }
  static constexpr Status NotSupported(const char* m) noexcept { return Status(Code::kNotSupported, m); }
  static constexpr Status DictionaryMissing(const char* m) noexcept { return Status(Code::kDictionaryMissing, m); }
  static constexpr Status BufferTooSmall(const char* m) noexcept { return Status(Code::kBufferTooSmall, m); }

  constexpr bool ok() const noexcept { return code_ == Code::kOk; }
  constexpr Code code() const noexcept { return code_; }
  constexpr bool IsCorruption() const noexcept { return code_ == Code::kCorruption; }
  constexpr bool IsNotFound() const noexcept { return code_ == Code::kNotFound; }
  constexpr bool IsTooLarge() const noexcept { return code_ == Code::kTooLarge; }

  // The message: a string literal with static lifetime ("" when stripped).
  constexpr const char* message() const noexcept { return msg_; }
  // A short name of the code, e.g. "corruption". Never null.
  const char* CodeName() const noexcept;

 private:
  constexpr Status(Code c, const char* m) noexcept : code_(c), msg_(StripMessage(m)) {}
  static constexpr const char* StripMessage(const char* m) noexcept {
#ifdef NEWSDIGEST_STRIP_ERROR_STRINGS
    (void)m;
    return "";
#else
    return m != nullptr ? m : "";
#endif
  }

  Code code_;
  const char* msg_;
};

}  // namespace newsdigest

// Returns from the enclosing function when `expr` yields a non-OK Status.
#define ND_RETURN_IF_ERROR(expr)                          \
  do {                                                    \
    ::newsdigest::Status nd_status_tmp_ = (expr);         \
    if (!nd_status_tmp_.ok()) return nd_status_tmp_;      \
  } while (0)

#endif  // NEWSDIGEST_FORMAT_STATUS_H_
