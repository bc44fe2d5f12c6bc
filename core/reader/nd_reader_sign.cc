// Signature verification for the no-heap reader (nd_reader.h, "Signatures";
// the layout is core/format/FORMAT.md, "Signature", and
// newsdigest/format/signature.h). Hash and Ed25519 come from libsodium: the
// host library, or its verify-only device build (tools/firmware/
// sodium_verify.cmake), which compiles only SHA-512, the Ed25519 verify and
// what they use. Nothing here allocates; the hash state, the record and
// the message live in the caller's workspace, little on the stack besides
// libsodium's verify (about 2.5 KiB on Cortex-M4).
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

// Workspace layout: the hash state, the signature record's payload, then
// the read buffer (callback mode), which ends up holding the signed message.
// Keeping these out of the stack frames that are live during libsodium's
// verify (itself about 2.5 KiB of stack) keeps the device's RAM peak down.
constexpr size_t kStateSlot = (sizeof(crypto_hash_sha512_state) + 15u) & ~size_t{15};
constexpr size_t kPayloadSlot = (fmt::kSignaturePayloadSize + 15u) & ~size_t{15};
constexpr size_t kBufAt = kStateSlot + kPayloadSlot;
static_assert(kBufAt + fmt::kSignedMessageSize <= ND_SIGN_WORKSPACE_MIN, "workspace minimum too small");

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

// Preamble and trailer, then the record the trailer names (see nd_reader.h
// for the order of the results): *offset and a copy of its payload (76
// bytes). Not inlined: its buffers are off the stack before the verify.
[[gnu::noinline]] nd_status Locate(const Source& s, uint64_t* offset, uint8_t* payload_out) {
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
  *offset = at;
  std::memcpy(payload_out, payload, fmt::kSignaturePayloadSize);
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
  uint8_t* w = static_cast<uint8_t*>(ws);
  auto* st = reinterpret_cast<crypto_hash_sha512_state*>(w);
  uint8_t* payload = w + kStateSlot;
  uint8_t* buf = w + kBufAt;
  uint64_t at = 0;
  ND_TRY(Locate(s, &at, payload));
  uint8_t id[fmt::kSignatureKeyIdSize];
  nd_sign_key_id(pubkey, id);
  if (std::memcmp(id, payload + fmt::kSignatureKeyIdAt, sizeof id) != 0) return ND_ERR_WRONG_KEY;
  crypto_hash_sha512_init(st);
  const uint64_t after = at + fmt::kSignatureRecordSize;
  ND_TRY(HashRange(s, st, 0, at, buf, ws_size - kBufAt));
  ND_TRY(HashRange(s, st, after, s.size - after, buf, ws_size - kBufAt));
  // The message in the buffer: context || key id || hash (final writes the
  // hash in place).
  uint8_t* msg = buf;
  crypto_hash_sha512_final(st, msg + fmt::kSignatureContextSize + fmt::kSignatureKeyIdSize);
  fmt::EncodeSignedMessage(id, msg + fmt::kSignatureContextSize + fmt::kSignatureKeyIdSize, msg);
  if (crypto_sign_ed25519_verify_detached(payload + fmt::kSignatureBytesAt, msg, fmt::kSignedMessageSize, pubkey) != 0)
    return ND_ERR_BAD_SIGNATURE;
  return ND_OK;
}

nd_status Find(const Source& s, uint8_t* key_id, uint64_t* record_offset) {
  if (key_id == nullptr) return ND_ERR_INVALID_ARGUMENT;
  uint8_t payload[fmt::kSignaturePayloadSize];
  uint64_t at = 0;
  ND_TRY(Locate(s, &at, payload));
  std::memcpy(key_id, payload + fmt::kSignatureKeyIdAt, fmt::kSignatureKeyIdSize);
  if (record_offset != nullptr) *record_offset = at;
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
