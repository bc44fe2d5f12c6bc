/* The one list of newsdigest status codes (C and C++).
 *
 * ND_STATUS_CODES(X) calls X(C_NAME, CxxName, value, description) once per
 * code. It generates the C enum nd_status (nd_reader.h), the C++
 * newsdigest::Status::Code (status.h) and the one table of descriptions
 * (nd_status_str, Status::CodeName); status.cc checks that C and C++ agree.
 *
 * NOTE: values are part of the C API and of stored results: never change or
 * reuse one; append new codes with the next value.
 * Plain C89 preprocessor: included from C and from the device build.
 */
#ifndef NEWSDIGEST_FORMAT_STATUS_CODES_H_
#define NEWSDIGEST_FORMAT_STATUS_CODES_H_

#define ND_STATUS_CODES(X)                                                                      \
  X(ND_OK, kOk, 0, "ok")                                                                        \
  X(ND_ERR_INVALID_ARGUMENT, kInvalidArgument, 1, "invalid argument")                           \
  X(ND_ERR_NOT_FOUND, kNotFound, 2, "not found")                                                \
  X(ND_ERR_CORRUPT, kCorruption, 3, "corrupt data")                                             \
  X(ND_ERR_TRUNCATED, kTruncated, 4, "truncated file")                                          \
  X(ND_ERR_CHECKSUM, kChecksum, 5, "checksum mismatch")                                         \
  X(ND_ERR_BAD_VERSION, kBadVersion, 6, "unsupported format version")                           \
  X(ND_ERR_TOO_LARGE, kTooLarge, 7, "too large for the workspace")                              \
  X(ND_ERR_IO, kIOError, 8, "I/O error")                                                        \
  X(ND_ERR_NOT_SUPPORTED, kNotSupported, 9, "not supported")                                    \
  X(ND_ERR_DICTIONARY_MISSING, kDictionaryMissing, 10, "dictionary missing (not embedded, not supplied)") \
  X(ND_ERR_BUFFER_TOO_SMALL, kBufferTooSmall, 11, "buffer too small")                           \
  X(ND_ERR_OUT_OF_MEMORY, kOutOfMemory, 12, "out of memory")                                    \
  X(ND_ERR_INTERNAL, kInternal, 13, "internal error")                                           \
  X(ND_ERR_NOT_SIGNED, kNotSigned, 14, "file not signed")                                       \
  X(ND_ERR_BAD_SIGNATURE, kBadSignature, 15, "signature does not match the file (tampered)")    \
  X(ND_ERR_WRONG_KEY, kWrongKey, 16, "signed by another key")                                   \
  X(ND_ERR_SIGNATURE_MALFORMED, kSignatureMalformed, 17, "signature record truncated or malformed") \
  X(ND_ERR_KEY_PERMISSIONS, kKeyPermissions, 18, "secret key file readable by group or others") \
  X(ND_ERR_UPDATE_WRONG_BASE, kUpdateWrongBase, 19, "update is for another base edition")     \
  X(ND_ERR_UPDATE_TRUNCATED, kUpdateTruncated, 20, "update is truncated")                     \
  X(ND_ERR_UPDATE_TAMPERED, kUpdateTampered, 21, "update is damaged or tampered with")        \
  X(ND_ERR_UPDATE_REPLAYED, kUpdateReplayed, 22, "update is not newer than the edition held")  \
  X(ND_ERR_UPDATE_MALFORMED, kUpdateMalformed, 23, "update has malformed operations")

/* The largest value in the list (tables are sized from it). */
#define ND_STATUS_MAX_VALUE 23

#endif /* NEWSDIGEST_FORMAT_STATUS_CODES_H_ */
