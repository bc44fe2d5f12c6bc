// core/reader/nd_reader_sign.cc, the device's no-heap verify, built for the
// host: read-callback input with the minimal workspace, errors of the
// callback, the verify on an open reader, workspace rules.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "newsdigest/format/signature.h"
#include "newsdigest/reader/nd_reader.h"
#include "sign_fixture.h"

namespace s = newsdigest::sign;

namespace sign_device_test_detail {

struct Flash {
  const std::string* bytes;
  size_t max_len = 0;  // the largest read asked for
  size_t reads = 0;
  uint64_t fail_at = UINT64_MAX;  // a read covering this offset fails
  uint64_t read_bytes = 0;
};

int FlashRead(void* ctx, uint64_t offset, void* dst, size_t len) {
  auto* fl = static_cast<Flash*>(ctx);
  ++fl->reads;
  fl->read_bytes += len;
  if (len > fl->max_len) fl->max_len = len;
  if (offset + len > fl->bytes->size()) return 1;
  if (fl->fail_at >= offset && fl->fail_at < offset + len) return 1;
  std::memcpy(dst, fl->bytes->data() + offset, len);
  return 0;
}

}  // namespace sign_device_test_detail

TEST_CASE("sign device: read callback, minimal workspace, one pass", "[sign][device]") {
  namespace d = sign_device_test_detail;
  const std::string plain = sign_fixture::BuildFile(30, 21);
  const s::SecretKey key = sign_fixture::NewKey(), other = sign_fixture::NewKey();
  std::string sf;
  REQUIRE(s::SignFile(plain, key, &sf).ok());
  const auto pk = key.public_key();
  alignas(8) uint8_t ws[ND_SIGN_WORKSPACE_MIN];
  d::Flash fl{&sf};
  CHECK(nd_verify_io(d::FlashRead, &fl, sf.size(), pk.data(), ws, sizeof ws) == ND_OK);
  CHECK(fl.max_len <= sizeof ws);
  // One pass: each byte read once, plus preamble, trailer and record read first.
  CHECK(fl.read_bytes <= sf.size() + 12 + 24 + 87);

  d::Flash f2{&sf};
  CHECK(nd_verify_io(d::FlashRead, &f2, sf.size(), other.public_key().data(), ws, sizeof ws) == ND_ERR_WRONG_KEY);
  d::Flash f3{&plain};
  CHECK(nd_verify_io(d::FlashRead, &f3, plain.size(), pk.data(), ws, sizeof ws) == ND_ERR_NOT_SIGNED);
  // A read failure in the middle is an I/O error, never a verdict.
  d::Flash f4{&sf};
  f4.fail_at = sf.size() / 2;
  CHECK(nd_verify_io(d::FlashRead, &f4, sf.size(), pk.data(), ws, sizeof ws) == ND_ERR_IO);
  // A tampered byte through the callback.
  std::string t = sf;
  t[sf.size() / 3] ^= 4;
  d::Flash f5{&t};
  CHECK(nd_verify_io(d::FlashRead, &f5, t.size(), pk.data(), ws, sizeof ws) == ND_ERR_BAD_SIGNATURE);
  // Bigger workspaces read in bigger chunks, same answer.
  std::vector<uint64_t> big(4096 / 8);
  d::Flash f6{&sf};
  CHECK(nd_verify_io(d::FlashRead, &f6, sf.size(), pk.data(), big.data(), 4096) == ND_OK);
  CHECK(f6.reads < fl.reads);
}

TEST_CASE("sign device: argument and workspace rules", "[sign][device]") {
  const std::string plain = sign_fixture::BuildFile(3, 22);
  const s::SecretKey key = sign_fixture::NewKey();
  std::string sf;
  REQUIRE(s::SignFile(plain, key, &sf).ok());
  const auto pk = key.public_key();
  alignas(8) uint8_t ws[ND_SIGN_WORKSPACE_MIN + 8];
  CHECK(nd_verify_memory(sign_fixture::U8(sf), sf.size(), pk.data(), ws, ND_SIGN_WORKSPACE_MIN - 1) ==
        ND_ERR_TOO_LARGE);
  CHECK(nd_verify_memory(sign_fixture::U8(sf), sf.size(), pk.data(), ws + 4, ND_SIGN_WORKSPACE_MIN) ==
        ND_ERR_INVALID_ARGUMENT);
  CHECK(nd_verify_memory(nullptr, sf.size(), pk.data(), ws, sizeof ws) == ND_ERR_INVALID_ARGUMENT);
  CHECK(nd_verify_memory(sign_fixture::U8(sf), sf.size(), nullptr, ws, sizeof ws) == ND_ERR_INVALID_ARGUMENT);
  CHECK(nd_verify_io(nullptr, nullptr, sf.size(), pk.data(), ws, sizeof ws) == ND_ERR_INVALID_ARGUMENT);
  CHECK(nd_verify_memory(sign_fixture::U8(sf), sf.size(), pk.data(), ws, sizeof ws) == ND_OK);
  // Key id: the first 8 bytes of SHA-512(pk), as the record stores it.
  uint8_t id[ND_SIGN_KEY_ID_BYTES];
  nd_sign_key_id(pk.data(), id);
  uint8_t found[ND_SIGN_KEY_ID_BYTES];
  uint64_t rec = 0;
  REQUIRE(nd_signature_find_memory(sign_fixture::U8(sf), sf.size(), found, &rec) == ND_OK);
  CHECK(std::memcmp(id, found, sizeof id) == 0);
  CHECK(static_cast<uint8_t>(sf[rec]) == 0xD4);
  CHECK(nd_signature_find_memory(sign_fixture::U8(plain), plain.size(), found, &rec) == ND_ERR_NOT_SIGNED);
  // Status texts exist for the new codes.
  for (nd_status st : {ND_ERR_NOT_SIGNED, ND_ERR_BAD_SIGNATURE, ND_ERR_WRONG_KEY, ND_ERR_SIGNATURE_MALFORMED,
                       ND_ERR_KEY_PERMISSIONS})
    CHECK(std::strlen(nd_status_str(st)) > 5);
}

TEST_CASE("sign device: verify on an open reader (memory and callback)", "[sign][device]") {
  namespace d = sign_device_test_detail;
  const std::string plain = sign_fixture::BuildFile(10, 23);
  const s::SecretKey key = sign_fixture::NewKey();
  std::string sf;
  REQUIRE(s::SignFile(plain, key, &sf).ok());
  nd_limits lim;
  REQUIRE(nd_reader_probe(sign_fixture::U8(sf), sf.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> rws((nd_reader_workspace_size_for(&lim, ND_WS_IO) + 7) / 8);
  alignas(8) uint8_t ws[ND_SIGN_WORKSPACE_MIN];
  nd_reader* r = nullptr;
  d::Flash fl{&sf};
  REQUIRE(nd_reader_open_io(d::FlashRead, &fl, sf.size(), rws.data(), rws.size() * 8, &r) == ND_OK);
  CHECK(nd_reader_index_damaged(r) == 0);
  CHECK(nd_reader_verify_signature(r, key.public_key().data(), ws, sizeof ws) == ND_OK);
  // The reader still works after the verify (its workspace was not touched).
  uint64_t off = 0;
  REQUIRE(nd_reader_offset(r, 9, &off) == ND_OK);
  CHECK(nd_reader_check_at(r, off) == ND_OK);
}

TEST_CASE("sign device: the reader reports the newest format version it reads, 1.1 (signed)", "[sign]") {
  namespace f = newsdigest::format;
  CHECK(ND_FORMAT_VERSION_MINOR == f::kSignedVersionMinor);
  CHECK(nd_format_version() == ((uint32_t{f::kVersionMajor} << 8) | f::kSignedVersionMinor));
  CHECK(nd_format_version() == 0x101u);
}
