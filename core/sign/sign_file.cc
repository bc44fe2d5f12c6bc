// Signing, stripping and verifying digest file bytes (sign.h). The layout
// is newsdigest/format/signature.h; verification is the reader's device
// code (nd_verify_memory).
#include <sodium.h>

#include <cstring>

#include "newsdigest/format/container.h"
#include "newsdigest/format/signature.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/sign/sign.h"

namespace newsdigest::sign {
namespace sign_file_detail {

namespace fmt = newsdigest::format;

const uint8_t* U8(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

Status FromNd(nd_status s, const char* msg) {
  return Status::FromCode(static_cast<Status::Code>(static_cast<int>(s)), msg);
}

// The pieces of a complete digest file that signing touches.
struct Layout {
  fmt::Preamble pre;
  fmt::Trailer trailer;
  uint32_t signature_offset;  // 0: unsigned
};

// Checks `file` as a complete digest file: preamble, header checksum,
// trailer (and the copy of the header checksum in it).
Status ReadLayout(std::string_view file, Layout* out) {
  const uint8_t* d = U8(file);
  const size_t n = file.size();
  if (n < fmt::kPreambleSize + fmt::kTrailerSize) return Status::Truncated("too short for a digest file");
  switch (fmt::DecodePreamble(d, n, &out->pre)) {
    case fmt::PreambleParse::kOk: break;
    case fmt::PreambleParse::kNeedMore: return Status::Truncated("too short for a digest file");
    case fmt::PreambleParse::kBadVersion: return Status::BadVersion("unsupported format version");
    case fmt::PreambleParse::kBadMagic: return Status::Corruption("not a digest file");
    case fmt::PreambleParse::kMalformed: return Status::Corruption("malformed preamble");
  }
  if (fmt::kPreambleSize + out->pre.header_len + fmt::kTrailerSize > n)
    return Status::Truncated("too short for its header");
  if (fmt::ComputeHeaderCrc(out->pre, d + fmt::kPreambleSize) != out->pre.header_crc)
    return Status::Checksum("file header checksum mismatch");
  const uint8_t* tr = d + n - fmt::kTrailerSize;
  if (!fmt::ReadTrailerFields(tr, &out->trailer)) return Status::Truncated("no trailer (an incomplete file)");
  if (!fmt::DecodeTrailer(tr, &out->trailer) || out->trailer.header_crc != out->pre.header_crc)
    return Status::Corruption("damaged trailer");
  out->signature_offset = fmt::TrailerSignatureOffset(tr);
  return Status::OK();
}

// *out = the unsigned file `file` was signed from (or `file` itself when
// unsigned); checks the index framing.
Status Unsigned(std::string_view file, std::string* out, bool* was_signed) {
  Layout l;
  ND_RETURN_IF_ERROR(ReadLayout(file, &l));
  const uint8_t* d = U8(file);
  const size_t n = file.size();
  uint32_t index_offset = l.trailer.index_offset;
  *was_signed = l.signature_offset != 0;
  if (*was_signed) {
    const uint64_t at = l.signature_offset;
    const uint8_t* payload = nullptr;
    if (at < fmt::kPreambleSize + l.pre.header_len || at + fmt::kSignatureRecordSize != index_offset ||
        !fmt::ParseSignatureRecord(d + at, &payload))
      return Status::FromCode(Status::Code::kSignatureMalformed, "malformed signature record");
    index_offset = static_cast<uint32_t>(at);
  }
  const uint64_t ioff = l.trailer.index_offset;
  const size_t body_end = n - fmt::kTrailerSize;
  fmt::RecordHeader rh{};
  if (ioff < fmt::kPreambleSize + l.pre.header_len || ioff >= body_end ||
      fmt::ParseRecordHeader(d + ioff, body_end - ioff, &rh) != fmt::RecordParse::kOk ||
      rh.kind != fmt::kRecordIndex || ioff + rh.size + rh.payload_len != body_end ||
      rh.payload_len != 4ull * l.trailer.digest_count)
    return Status::Corruption("damaged index (run `newsdigest salvage` first)");
  if (!*was_signed) {
    out->assign(file);
    return Status::OK();
  }
  // Drop the record, restore minor version 0, header checksum and trailer.
  out->clear();
  out->reserve(n - fmt::kSignatureRecordSize);
  out->append(file.substr(0, l.signature_offset));
  out->append(file.substr(l.signature_offset + fmt::kSignatureRecordSize));
  uint8_t* o = reinterpret_cast<uint8_t*>(out->data());
  fmt::Preamble pre = l.pre;
  pre.minor = 0;
  pre.header_crc = fmt::ComputeHeaderCrc(pre, o + fmt::kPreambleSize);
  fmt::EncodePreamble(pre, o);
  fmt::Trailer t = l.trailer;
  t.index_offset = index_offset;
  t.header_crc = pre.header_crc;
  fmt::EncodeTrailer(t, o + out->size() - fmt::kTrailerSize);
  return Status::OK();
}

}  // namespace sign_file_detail

KeyId KeyIdOf(const PublicKey& pk) {
  KeyId id;
  nd_sign_key_id(pk.data(), id.data());
  return id;
}

std::string KeyIdHex(const KeyId& id) {
  static const char kHex[] = "0123456789abcdef";
  std::string s;
  for (uint8_t b : id) {
    s += kHex[b >> 4];
    s += kHex[b & 15];
  }
  return s;
}

Status SignFile(std::string_view file, const SecretKey& key, std::string* out) {
  namespace d = sign_file_detail;
  namespace fmt = newsdigest::format;
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialize");
  std::string plain;
  bool was_signed = false;
  ND_RETURN_IF_ERROR(d::Unsigned(file, &plain, &was_signed));
  d::Layout l;
  ND_RETURN_IF_ERROR(d::ReadLayout(plain, &l));
  const uint64_t at = l.trailer.index_offset;  // the record goes right before the index
  if (plain.size() + fmt::kSignatureRecordSize > 0xFFFFFFFFull) return Status::TooLarge("file over 4 GiB");
  out->clear();
  out->reserve(plain.size() + fmt::kSignatureRecordSize);
  out->append(plain, 0, at);
  out->append(fmt::kSignatureRecordSize, '\0');
  out->append(plain, at, std::string::npos);
  uint8_t* o = reinterpret_cast<uint8_t*>(out->data());
  fmt::Preamble pre = l.pre;
  pre.minor = fmt::kSignedVersionMinor;
  pre.header_crc = fmt::ComputeHeaderCrc(pre, o + fmt::kPreambleSize);
  fmt::EncodePreamble(pre, o);
  uint8_t* tr = o + out->size() - fmt::kTrailerSize;
  fmt::StoreLE32(tr + 8, pre.header_crc);
  fmt::SetTrailerSignature(tr, static_cast<uint32_t>(at + fmt::kSignatureRecordSize), static_cast<uint32_t>(at));
  // Hash everything but the record, then sign context || key id || hash.
  uint8_t hash[fmt::kSignatureHashSize];
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, o, at);
  crypto_hash_sha512_update(&st, o + at + fmt::kSignatureRecordSize, out->size() - at - fmt::kSignatureRecordSize);
  crypto_hash_sha512_final(&st, hash);
  const KeyId id = KeyIdOf(key.public_key());
  uint8_t msg[fmt::kSignedMessageSize];
  fmt::EncodeSignedMessage(id.data(), hash, msg);
  uint8_t sig[fmt::kSignatureSize];
  if (crypto_sign_detached(sig, nullptr, msg, sizeof msg, key.data()) != 0) return Status::Internal("signing failed");
  fmt::EncodeSignatureRecord(id.data(), sig, o + at);
  return Status::OK();
}

Status StripSignature(std::string_view file, std::string* out) {
  bool was_signed = false;
  ND_RETURN_IF_ERROR(sign_file_detail::Unsigned(file, out, &was_signed));
  if (!was_signed) return Status::FromCode(Status::Code::kNotSigned, "file not signed");
  return Status::OK();
}

Status VerifyFile(std::string_view file, const PublicKey& pk) {
  alignas(16) uint8_t ws[ND_SIGN_WORKSPACE_MIN];
  const nd_status s = nd_verify_memory(sign_file_detail::U8(file), file.size(), pk.data(), ws, sizeof ws);
  return s == ND_OK ? Status::OK() : sign_file_detail::FromNd(s, "signature verification failed");
}

Status FindSigner(std::string_view file, KeyId* id) {
  const nd_status s = nd_signature_find_memory(sign_file_detail::U8(file), file.size(), id->data(), nullptr);
  return s == ND_OK ? Status::OK() : sign_file_detail::FromNd(s, "no valid signature record");
}

}  // namespace newsdigest::sign
