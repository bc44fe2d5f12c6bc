// The signature record of a signed digest file (format 1.1; FORMAT.md,
// "Signature"): its fixed bytes, where it sits, what is signed.
//
// A signed file is an unsigned one with
//   - preamble minor version kSignedVersionMinor (header_crc recomputed),
//   - one signature record (kind 4, exactly kSignatureRecordSize bytes)
//     inserted right before the index record,
//   - the trailer's index_offset moved past it and its reserved u32 (bytes
//     12..15) holding the signature record's offset (trailer CRC recomputed).
// The Ed25519 signature covers kSignatureContext || key id || SHA-512 of
// every byte of the file except the signature record's.
//
// Cryptography is not here (core/sign on hosts, core/reader's
// nd_reader_sign.cc on devices): these are the byte layouts only.
// Allocation-free and exception-free; pure functions.
#ifndef NEWSDIGEST_FORMAT_SIGNATURE_H_
#define NEWSDIGEST_FORMAT_SIGNATURE_H_

#include <cstddef>
#include <cstdint>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"

namespace newsdigest::format {

// Record kind 4. Generic record parsing (ParseRecordHeader) does not accept
// it: the record is found only through the trailer, and scanners skip it.
inline constexpr uint8_t kRecordSignature = 4;
inline constexpr uint8_t kSignatureTag = kRecordTagBase | kRecordSignature;  // 0xD4

// Minor version of a file that carries a signature record.
inline constexpr uint8_t kSignedVersionMinor = 1;

// Payload: algorithm(1) reserved(3, zero) key_id(8) signature(64).
inline constexpr uint8_t kSignatureAlgEd25519Sha512 = 1;
inline constexpr size_t kSignatureKeyIdSize = 8;
inline constexpr size_t kSignatureSize = 64;
inline constexpr size_t kSignaturePublicKeySize = 32;
inline constexpr size_t kSignatureHashSize = 64;  // SHA-512
inline constexpr uint32_t kSignaturePayloadSize = 76;
inline constexpr size_t kSignatureKeyIdAt = 4;    // in the payload
inline constexpr size_t kSignatureBytesAt = 12;   // in the payload
// Header: D4 4C 4C meta_crc(4) text_crc(4, zero): 11 bytes.
inline constexpr size_t kSignatureHeaderSize = 11;
inline constexpr size_t kSignatureRecordSize = kSignatureHeaderSize + kSignaturePayloadSize;  // 87

// The trailer field holding the signature record's offset (0: unsigned).
inline constexpr size_t kTrailerSignatureAt = 12;

// Domain separation: the signed message starts with these 24 bytes (23
// characters and a NUL), then the key id, then the file hash.
inline constexpr char kSignatureContext[] = "newsdigest signature v1";
inline constexpr size_t kSignatureContextSize = sizeof kSignatureContext;  // 24, NUL included
inline constexpr size_t kSignedMessageSize = kSignatureContextSize + kSignatureKeyIdSize + kSignatureHashSize;  // 96

// The signed message: context || key_id || file_hash, to out[0 .. 96).
inline void EncodeSignedMessage(const uint8_t key_id[kSignatureKeyIdSize], const uint8_t hash[kSignatureHashSize],
                                uint8_t out[kSignedMessageSize]) noexcept {
  for (size_t i = 0; i < kSignatureContextSize; ++i) out[i] = static_cast<uint8_t>(kSignatureContext[i]);
  for (size_t i = 0; i < kSignatureKeyIdSize; ++i) out[kSignatureContextSize + i] = key_id[i];
  for (size_t i = 0; i < kSignatureHashSize; ++i) out[kSignatureContextSize + kSignatureKeyIdSize + i] = hash[i];
}

// Writes the complete signature record (checksums computed) to
// out[0 .. kSignatureRecordSize).
inline void EncodeSignatureRecord(const uint8_t key_id[kSignatureKeyIdSize], const uint8_t sig[kSignatureSize],
                                  uint8_t out[kSignatureRecordSize]) noexcept {
  uint8_t* p = out + kSignatureHeaderSize;
  p[0] = kSignatureAlgEd25519Sha512;
  p[1] = p[2] = p[3] = 0;
  for (size_t i = 0; i < kSignatureKeyIdSize; ++i) p[kSignatureKeyIdAt + i] = key_id[i];
  for (size_t i = 0; i < kSignatureSize; ++i) p[kSignatureBytesAt + i] = sig[i];
  FrameRecord(kRecordSignature, p, kSignaturePayloadSize, kSignaturePayloadSize, out);
}

// Checks in[0 .. kSignatureRecordSize) as a signature record: the exact
// header D4 4C 4C, meta_crc over it and the payload, text_crc 0, algorithm
// 1, reserved bytes 0. On success *payload points at its 76 payload bytes.
inline bool ParseSignatureRecord(const uint8_t* in, const uint8_t** payload) noexcept {
  if (in[0] != kSignatureTag || in[1] != kSignaturePayloadSize || in[2] != kSignaturePayloadSize) return false;
  const uint8_t* p = in + kSignatureHeaderSize;
  if (Crc32c(Crc32c(0, in, 3), p, kSignaturePayloadSize) != LoadLE32(in + 3) || LoadLE32(in + 7) != 0) return false;
  if (p[0] != kSignatureAlgEd25519Sha512 || p[1] != 0 || p[2] != 0 || p[3] != 0) return false;
  *payload = p;
  return true;
}

// The signature record offset of a trailer (0: unsigned). Its checksum is
// not checked here (DecodeTrailer).
inline uint32_t TrailerSignatureOffset(const uint8_t* trailer) noexcept {
  return LoadLE32(trailer + kTrailerSignatureAt);
}

// Sets the trailer's signature offset and index offset; recomputes its CRC.
inline void SetTrailerSignature(uint8_t* trailer, uint32_t index_offset, uint32_t signature_offset) noexcept {
  StoreLE32(trailer + 0, index_offset);
  StoreLE32(trailer + kTrailerSignatureAt, signature_offset);
  StoreLE32(trailer + 16, Crc32c(0, trailer, 16));
}

}  // namespace newsdigest::format

#endif  // NEWSDIGEST_FORMAT_SIGNATURE_H_
