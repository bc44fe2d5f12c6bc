// SHA-512 (FIPS 180-4) for the update path; see nd_update_sha512.h.
#include "newsdigest/update/nd_update_sha512.h"

#include <string.h>

#ifdef NEWSDIGEST_UPDATE_LIBSODIUM
#include <sodium.h>
#endif

namespace nd_update_sha512_detail {

struct State {
  uint64_t h[8];
  uint64_t total;  // bytes hashed (files are < 2^61 bytes)
  uint32_t used;   // bytes in buf
  uint32_t pad_;
  uint8_t buf[128];
};
static_assert(sizeof(State) <= sizeof(nd_update_sha512_state), "state too large");

constexpr uint64_t kInit[8] = {0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull, 0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull};
constexpr uint64_t kRound[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

inline uint64_t Rotr(uint64_t x, unsigned n) { return (x >> n) | (x << (64u - n)); }
inline uint64_t Load64BE(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

void Block(uint64_t* h, const uint8_t* p) {
  uint64_t w[16];
  for (int i = 0; i < 16; ++i) w[i] = Load64BE(p + 8 * i);
  uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (int t = 0; t < 80; ++t) {
    uint64_t wt;
    if (t < 16) {
      wt = w[t];
    } else {
      const uint64_t w15 = w[(t - 15) & 15], w2 = w[(t - 2) & 15];
      const uint64_t s0 = Rotr(w15, 1) ^ Rotr(w15, 8) ^ (w15 >> 7);
      const uint64_t s1 = Rotr(w2, 19) ^ Rotr(w2, 61) ^ (w2 >> 6);
      wt = w[t & 15] = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
    }
    const uint64_t t1 = k + (Rotr(e, 14) ^ Rotr(e, 18) ^ Rotr(e, 41)) + ((e & f) ^ (~e & g)) + kRound[t] + wt;
    const uint64_t t2 = (Rotr(a, 28) ^ Rotr(a, 34) ^ Rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
    k = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += k;
}

}  // namespace nd_update_sha512_detail

extern "C" {

void nd_update_sha512_portable_init(nd_update_sha512_state* st) {
  auto* s = reinterpret_cast<nd_update_sha512_detail::State*>(st);
  for (int i = 0; i < 8; ++i) s->h[i] = nd_update_sha512_detail::kInit[i];
  s->total = 0;
  s->used = 0;
  s->pad_ = 0;
}

void nd_update_sha512_portable_update(nd_update_sha512_state* st, const void* data, size_t len) {
  auto* s = reinterpret_cast<nd_update_sha512_detail::State*>(st);
  const auto* p = static_cast<const uint8_t*>(data);
  s->total += len;
  if (s->used > 0) {
    const size_t take = len < 128u - s->used ? len : 128u - s->used;
    memcpy(s->buf + s->used, p, take);
    s->used += static_cast<uint32_t>(take);
    p += take;
    len -= take;
    if (s->used < 128) return;
    nd_update_sha512_detail::Block(s->h, s->buf);
    s->used = 0;
  }
  for (; len >= 128; p += 128, len -= 128) nd_update_sha512_detail::Block(s->h, p);
  if (len > 0) memcpy(s->buf, p, len);
  s->used = static_cast<uint32_t>(len);
}

void nd_update_sha512_portable_final(nd_update_sha512_state* st, uint8_t out[64]) {
  auto* s = reinterpret_cast<nd_update_sha512_detail::State*>(st);
  const uint64_t bits = s->total * 8u;
  s->buf[s->used++] = 0x80;
  if (s->used > 112) {
    memset(s->buf + s->used, 0, 128u - s->used);
    nd_update_sha512_detail::Block(s->h, s->buf);
    s->used = 0;
  }
  memset(s->buf + s->used, 0, 120u - s->used);  // high 64 bits of the length: 0
  for (int i = 0; i < 8; ++i) s->buf[120 + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  nd_update_sha512_detail::Block(s->h, s->buf);
  for (int i = 0; i < 64; ++i) out[i] = static_cast<uint8_t>(s->h[i / 8] >> (56 - 8 * (i % 8)));
}

#ifdef NEWSDIGEST_UPDATE_LIBSODIUM
static_assert(sizeof(crypto_hash_sha512_state) <= sizeof(nd_update_sha512_state), "libsodium state too large");
void nd_update_sha512_init(nd_update_sha512_state* st) {
  crypto_hash_sha512_init(reinterpret_cast<crypto_hash_sha512_state*>(st));
}
void nd_update_sha512_update(nd_update_sha512_state* st, const void* data, size_t len) {
  crypto_hash_sha512_update(reinterpret_cast<crypto_hash_sha512_state*>(st), static_cast<const unsigned char*>(data),
                            len);
}
void nd_update_sha512_final(nd_update_sha512_state* st, uint8_t out[64]) {
  crypto_hash_sha512_final(reinterpret_cast<crypto_hash_sha512_state*>(st), out);
}
#else
void nd_update_sha512_init(nd_update_sha512_state* st) { nd_update_sha512_portable_init(st); }
void nd_update_sha512_update(nd_update_sha512_state* st, const void* data, size_t len) {
  nd_update_sha512_portable_update(st, data, len);
}
void nd_update_sha512_final(nd_update_sha512_state* st, uint8_t out[64]) { nd_update_sha512_portable_final(st, out); }
#endif

}  // extern "C"
