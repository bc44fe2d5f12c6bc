// Signature verification for the no-heap reader (nd_reader.h, "Signatures";
// the layout is core/format/FORMAT.md, "Signature", and
// newsdigest/format/signature.h). Hash and Ed25519 come from libsodium: the
// host library, or its verify-only device build (tools/firmware/
// sodium_verify.cmake), which compiles only SHA-512, the Ed25519 verify and
// what they use. Nothing here allocates; the hash state lives in the
// caller's workspace, the rest on the stack (a few hundred bytes, plus
// libsodium's verify: about 2 KiB).
#include <sodium/crypto_hash_sha512.h>
#include <sodium/crypto_sign_ed25519.h>

#include <cstring>

#include "nd_reader_internal.h"
#include "newsdigest/format/signature.h"

namespace nd_reader_sign_detail {

namespace fmt = newsdigest::format;

static_assert(ND_SIGN_PUBLIC_KEY_BYTES == fmt::kSignaturePublicKeySize, "public key size");
static_assert(ND_SIGN_KEY_ID_BYTES == fmt::kSignatureKeyIdSize, "key id size");
static_assert(crypto_hash_sha512_BYTES == fmt::kSignatureHashSize, "hash size");

// The hash state at the start of the workspace, the read buffer after it.
constexpr size_t kStateSlot = (sizeof(crypto_hash_sha512_state) + 15u) & ~size_t{15};
static_assert(kStateSlot + 64u <= ND_SIGN_WORKSPACE_MIN, "workspace minimum too small");

// The file: memory (data) or a read callback (fn, ctx).
struct Source {
  const uint8_t* data;
  nd_read_fn fn;
  void* ctx;
  uint64_t size;
};

// Points *out at file bytes [off, off + len) (into the file, or read to buf).
nd_status ReadAt(const Source& s, uint64_t off, size_t len, const uint8_t** out, uint8_t* buf) {
  if (off > s.size || len > s.size - off) return ND_ERR_TRUNCATED;
  if (s.data != nullptr) {
    *out = s.data + off;
    return ND_OK;
  }
  if (len > 0 && s.fn(s.ctx, off, buf, len) != 0) return ND_ERR_IO;
  *out = buf;
  return ND_OK;
}

// The signature record of a complete file: its offset and payload copy.
struct Found {
  uint64_t offset;
  uint8_t payload[fmt::kSignaturePayloadSize];
};

// Preamble and trailer, then the record the trailer names (see nd_reader.h
// for the order of the results).
nd_status Locate(const Source& s, Found* out) {
  if (s.size < fmt::kPreambleSize + fmt::kTrailerSize) return ND_ERR_TRUNCATED;
  uint8_t pre_buf[fmt::kPreambleSize];
  const uint8_t* p = nullptr;
  ND_TRY(ReadAt(s, 0, sizeof pre_buf, &p, pre_buf));
  fmt::Preamble pre;
  switch (fmt::DecodePreamble(p, fmt::kPreambleSize, &pre)) {
    case fmt::PreambleParse::kOk: break;
    case fmt::PreambleParse::kNeedMore: return ND_ERR_TRUNCATED;
    case fmt::PreambleParse::kBadVersion: return ND_ERR_BAD_VERSION;
    case fmt::PreambleParse::kBadMagic:
    case fmt::PreambleParse::kMalformed: return ND_ERR_CORRUPT;
  }
  uint8_t tr_buf[fmt::kTrailerSize];
  const uint8_t* tr = nullptr;
  ND_TRY(ReadAt(s, s.size - fmt::kTrailerSize, sizeof tr_buf, &tr, tr_buf));
  fmt::Trailer t;
  if (!fmt::ReadTrailerFields(tr, &t)) return ND_ERR_TRUNCATED;  // no trailer: an incomplete file
  if (!fmt::DecodeTrailer(tr, &t)) return ND_ERR_CORRUPT;
  const uint64_t at = fmt::TrailerSignatureOffset(tr);
  if (at == 0) return ND_ERR_NOT_SIGNED;
  // Right before the index, after the header, with room for an index record.
  const uint64_t body_end = s.size - fmt::kTrailerSize;
  if (at < fmt::kPreambleSize + pre.header_len || at + fmt::kSignatureRecordSize != t.index_offset ||
      uint64_t{t.index_offset} + fmt::kMinRecordHeaderSize > body_end)
    return ND_ERR_SIGNATURE_MALFORMED;
  uint8_t rec_buf[fmt::kSignatureRecordSize];
  const uint8_t* rec = nullptr;
  ND_TRY(ReadAt(s, at, sizeof rec_buf, &rec, rec_buf));
  const uint8_t* payload = nullptr;
  if (!fmt::ParseSignatureRecord(rec, &payload)) return ND_ERR_SIGNATURE_MALFORMED;
  out->offset = at;
  std::memcpy(out->payload, payload, sizeof out->payload);
  return ND_OK;
}

// Extends the hash with file bytes [off, off + len), through buf in
// callback mode.
nd_status HashRange(const Source& s, crypto_hash_sha512_state* st, uint64_t off, uint64_t len, uint8_t* buf,
                    size_t cap) {
  if (s.data != nullptr) {
    crypto_hash_sha512_update(st, s.data + off, len);
    return ND_OK;
  }
  while (len > 0) {
    const size_t n = len < cap ? static_cast<size_t>(len) : cap;
    const uint8_t* c = nullptr;
    ND_TRY(ReadAt(s, off, n, &c, buf));
    crypto_hash_sha512_update(st, c, n);
    off += n;
    len -= n;
  }
  return ND_OK;
}

nd_status Verify(const Source& s, const uint8_t* pubkey, void* ws, size_t ws_size) {
  if (pubkey == nullptr || ws == nullptr || (reinterpret_cast<uintptr_t>(ws) & 7u) != 0)
    return ND_ERR_INVALID_ARGUMENT;
  if (ws_size < ND_SIGN_WORKSPACE_MIN) return ND_ERR_TOO_LARGE;
  Found f;
  ND_TRY(Locate(s, &f));
  uint8_t id[fmt::kSignatureKeyIdSize];
  nd_sign_key_id(pubkey, id);
  if (std::memcmp(id, f.payload + fmt::kSignatureKeyIdAt, sizeof id) != 0) return ND_ERR_WRONG_KEY;
  auto* st = static_cast<crypto_hash_sha512_state*>(ws);
  uint8_t* buf = static_cast<uint8_t*>(ws) + kStateSlot;
  const size_t cap = ws_size - kStateSlot;
  crypto_hash_sha512_init(st);
  const uint64_t after = f.offset + fmt::kSignatureRecordSize;
  ND_TRY(HashRange(s, st, 0, f.offset, buf, cap));
  ND_TRY(HashRange(s, st, after, s.size - after, buf, cap));
  uint8_t hash[fmt::kSignatureHashSize];
  crypto_hash_sha512_final(st, hash);
  uint8_t msg[fmt::kSignedMessageSize];
  fmt::EncodeSignedMessage(id, hash, msg);
  if (crypto_sign_ed25519_verify_detached(f.payload + fmt::kSignatureBytesAt, msg, sizeof msg, pubkey) != 0)
    return ND_ERR_BAD_SIGNATURE;
  return ND_OK;
}

nd_status Find(const Source& s, uint8_t* key_id, uint64_t* record_offset) {
  if (key_id == nullptr) return ND_ERR_INVALID_ARGUMENT;
  Found f;
  ND_TRY(Locate(s, &f));
  std::memcpy(key_id, f.payload + fmt::kSignatureKeyIdAt, fmt::kSignatureKeyIdSize);
  if (record_offset != nullptr) *record_offset = f.offset;
  return ND_OK;
}

}  // namespace nd_reader_sign_detail

void nd_sign_key_id(const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES], uint8_t key_id[ND_SIGN_KEY_ID_BYTES]) {
  uint8_t h[crypto_hash_sha512_BYTES];
  crypto_hash_sha512(h, pubkey, ND_SIGN_PUBLIC_KEY_BYTES);
  std::memcpy(key_id, h, ND_SIGN_KEY_ID_BYTES);
}

nd_status nd_verify_memory(const uint8_t* data, size_t len, const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES], void* ws,
                           size_t ws_size) {
  if (data == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_sign_detail::Verify({data, nullptr, nullptr, len}, pubkey, ws, ws_size);
}

nd_status nd_verify_io(nd_read_fn fn, void* ctx, uint64_t file_size, const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES],
                       void* ws, size_t ws_size) {
  if (fn == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_sign_detail::Verify({nullptr, fn, ctx, file_size}, pubkey, ws, ws_size);
}

nd_status nd_reader_verify_signature(const nd_reader* r, const uint8_t pubkey[ND_SIGN_PUBLIC_KEY_BYTES], void* ws,
                                     size_t ws_size) {
  if (r == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_sign_detail::Verify({r->data, r->fn, r->ctx, r->size}, pubkey, ws, ws_size);
}

nd_status nd_signature_find(nd_read_fn fn, void* ctx, uint64_t file_size, uint8_t key_id[ND_SIGN_KEY_ID_BYTES],
                            uint64_t* record_offset) {
  if (fn == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_sign_detail::Find({nullptr, fn, ctx, file_size}, key_id, record_offset);
}

nd_status nd_signature_find_memory(const uint8_t* data, size_t len, uint8_t key_id[ND_SIGN_KEY_ID_BYTES],
                                   uint64_t* record_offset) {
  if (data == nullptr) return ND_ERR_INVALID_ARGUMENT;
  return nd_reader_sign_detail::Find({data, nullptr, nullptr, len}, key_id, record_offset);
}
