// Deltas and signatures together (issue 18: "checking OLD's hash before and
// NEW's signature after"): the host's ApplyDelta with verify_new calling
// core/sign's VerifyFile, and the device C API (nd_update_apply, host build)
// with verify_new calling the no-heap nd_verify_io on NEW read back from the
// written area. A signed NEW passes; an update whose NEW was edited and
// re-hashed (the update carries the new SHA-512, its CRC recomputed) but not
// re-signed fails with the signature's code; so do another key and, when a
// signature is required, an unsigned NEW. Nothing is committed on failure.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "delta_test_util.h"
#include "update_test_io.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/sign/sign.h"
#include "newsdigest/update/nd_update.h"
#include "newsdigest/writer/output.h"

namespace nd = newsdigest;
using Code = nd::Status::Code;

namespace delta_sign_test_detail {

struct SignedPair {
  nd::sign::SecretKey key, other;
  std::string old_file, new_unsigned, new_file;
  SignedPair() {
    REQUIRE(nd::sign::GenerateKey(&key).ok());
    REQUIRE(nd::sign::GenerateKey(&other).ok());
    REQUIRE(nd::sign::SignFile(nd::delta_test::Edition(nd::delta_test::Range(0, 20), true), key, &old_file).ok());
    auto ids = nd::delta_test::Range(0, 20);
    ids.push_back(700);
    ids.push_back(701);
    new_unsigned = nd::delta_test::Edition(ids, true);
    REQUIRE(nd::sign::SignFile(new_unsigned, key, &new_file).ok());
  }
  std::string Update(const std::string& to) const {
    nd::delta::DeltaOptions opt;
    opt.sequence = 5;
    std::string u;
    REQUIRE(nd::delta::MakeDelta(old_file, to, opt, &u).ok());
    return u;
  }
  // NEW with one byte of a record changed after signing: an attacker's
  // edition. MakeDelta hashes it, so the update is internally consistent
  // (CRC, NEW's SHA-512): only the signature can tell.
  std::string Forged() const {
    std::string f = new_file;
    f[f.size() / 2] = static_cast<char>(f[f.size() / 2] ^ 0x20);
    return f;
  }
};

// The host path, as `patch --key` runs it.
nd::Status HostApply(const SignedPair& p, const std::string& update, const nd::sign::PublicKey& pk, bool require,
                     std::string* out) {
  nd::delta::ApplyOptions opt;
  opt.verify_new = [&](std::string_view new_file) {
    const nd::Status v = nd::sign::VerifyFile(new_file, pk);
    return v.code() == Code::kNotSigned && !require ? nd::Status::OK() : v;
  };
  auto sink = nd::writer::NewMemorySink(out);
  return nd::delta::ApplyDelta(p.old_file, update, opt, sink.get());
}

// The device path: memory "flash areas" and the no-heap verify of NEW read
// back through a callback, the smallest chunk.
nd_status DeviceApply(const SignedPair& p, const std::string& update, const nd::sign::PublicKey& pk, int* calls) {
  nd::update_test::MemoryIo m;
  m.old_file = &p.old_file;
  m.update = &update;
  m.verify = [&m, &pk](uint64_t new_size) {
    alignas(8) uint8_t ws[ND_SIGN_WORKSPACE_MIN];
    return nd_verify_io(nd::update_test::ReadWritten, &m, new_size, pk.data(), ws, sizeof ws);
  };
  nd_update_io io = nd::update_test::MemoryUpdateIo(&m);
  io.current_sequence = 1;
  nd_update_info info;
  const nd_status s = nd::update_test::ApplyWithChunk(io, ND_UPDATE_MIN_CHUNK, &info);
  *calls = m.verify_calls;
  if (s == ND_OK) CHECK(m.out == p.new_file);
  return s;
}

}  // namespace delta_sign_test_detail

TEST_CASE("delta+sign: a signed NEW passes the signature step on host and device", "[delta][sign]") {
  namespace d = delta_sign_test_detail;
  const d::SignedPair p;
  const std::string update = p.Update(p.new_file);
  std::string out;
  REQUIRE(d::HostApply(p, update, p.key.public_key(), true, &out).ok());
  CHECK(out == p.new_file);
  int calls = 0;
  CHECK(d::DeviceApply(p, update, p.key.public_key(), &calls) == ND_OK);
  CHECK(calls == 1);
}

TEST_CASE("delta+sign: NEW re-hashed but not re-signed fails with the signature code", "[delta][sign]") {
  namespace d = delta_sign_test_detail;
  const d::SignedPair p;
  const std::string forged = p.Forged();
  const std::string update = p.Update(forged);
  // Without the signature step the forgery goes through: the hash is the
  // forged NEW's (the test must be able to fail).
  {
    std::string out;
    nd::delta::ApplyOptions opt;
    auto sink = nd::writer::NewMemorySink(&out);
    REQUIRE(nd::delta::ApplyDelta(p.old_file, update, opt, sink.get()).ok());
    REQUIRE(out == forged);
  }
  std::string out = "untouched";
  const nd::Status s = d::HostApply(p, update, p.key.public_key(), true, &out);
  CHECK(s.code() == Code::kBadSignature);
  CHECK(out == "untouched");
  int calls = 0;
  CHECK(d::DeviceApply(p, update, p.key.public_key(), &calls) == ND_ERR_BAD_SIGNATURE);
  CHECK(calls == 1);
}

TEST_CASE("delta+sign: another key, and an unsigned NEW when a signature is required", "[delta][sign]") {
  namespace d = delta_sign_test_detail;
  const d::SignedPair p;
  const std::string update = p.Update(p.new_file);
  std::string out = "untouched";
  CHECK(d::HostApply(p, update, p.other.public_key(), true, &out).code() == Code::kWrongKey);
  CHECK(out == "untouched");
  int calls = 0;
  CHECK(d::DeviceApply(p, update, p.other.public_key(), &calls) == ND_ERR_WRONG_KEY);

  const std::string unsigned_update = p.Update(p.new_unsigned);
  CHECK(d::HostApply(p, unsigned_update, p.key.public_key(), true, &out).code() == Code::kNotSigned);
  CHECK(out == "untouched");
  CHECK(d::DeviceApply(p, unsigned_update, p.key.public_key(), &calls) == ND_ERR_NOT_SIGNED);
  // Not required: accepted (what `patch --key` without --require-signature does).
  REQUIRE(d::HostApply(p, unsigned_update, p.key.public_key(), false, &out).ok());
  CHECK(out == p.new_unsigned);
}
