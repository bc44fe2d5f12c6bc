// core/sign/sign_file.cc: signing, stripping, verifying; every bad-input
// case of issue 18 on the host, each with its own status code.
#include <catch2/catch.hpp>

#include <cstring>

#include "newsdigest/format/container.h"
#include "newsdigest/format/signature.h"
#include "newsdigest/reader/nd_reader.h"
#include "sign_fixture.h"

namespace f = newsdigest::format;
namespace s = newsdigest::sign;
using Code = newsdigest::Status::Code;

namespace sign_file_test_detail {

// Re-frames the signature record at `at` after its payload was edited, and
// re-checksums the trailer: what an attacker would do.
void Reframe(std::string* b, size_t at) {
  uint8_t* p = reinterpret_cast<uint8_t*>(b->data());
  f::StoreLE32(p + at + 3, f::Crc32c(f::Crc32c(0, p + at, 3), p + at + f::kSignatureHeaderSize, f::kSignaturePayloadSize));
  uint8_t* tr = p + b->size() - f::kTrailerSize;
  f::StoreLE32(tr + 16, f::Crc32c(0, tr, 16));
}

// Every digest of `b` reads back (metadata and full check) with the plain reader.
bool AllDigestsRead(const std::string& b, bool* index_damaged) {
  nd_limits lim;
  if (nd_reader_probe(sign_fixture::U8(b), b.size(), &lim, nullptr) != ND_OK) return false;
  std::vector<uint64_t> ws((nd_reader_workspace_size(&lim) + 7) / 8);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(sign_fixture::U8(b), b.size(), ws.data(), ws.size() * 8, &r) != ND_OK) return false;
  *index_damaged = nd_reader_index_damaged(r) != 0;
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    uint64_t off = 0;
    if (nd_reader_offset(r, i, &off) != ND_OK || nd_reader_check_at(r, off) != ND_OK) return false;
  }
  return true;
}

}  // namespace sign_file_test_detail

TEST_CASE("sign: round trip, strip gives back the unsigned file, readers still read it", "[sign]") {
  namespace d = sign_file_test_detail;
  const std::string plain = sign_fixture::BuildFile(20, 7);
  REQUIRE(!plain.empty());
  const s::SecretKey key = sign_fixture::NewKey();
  std::string signed_file;
  REQUIRE(s::SignFile(plain, key, &signed_file).ok());
  CHECK(signed_file.size() == plain.size() + f::kSignatureRecordSize);
  CHECK(static_cast<uint8_t>(signed_file[5]) == f::kSignedVersionMinor);
  CHECK(s::VerifyFile(signed_file, key.public_key()).ok());
  s::KeyId id{};
  REQUIRE(s::FindSigner(signed_file, &id).ok());
  CHECK(id == s::KeyIdOf(key.public_key()));
  CHECK(s::KeyIdHex(id).size() == 16);
  // The record sits right before the index; the trailer names it.
  const uint8_t* tr = sign_fixture::U8(signed_file) + signed_file.size() - f::kTrailerSize;
  const uint32_t at = f::TrailerSignatureOffset(tr);
  CHECK(at + f::kSignatureRecordSize == f::LoadLE32(tr));
  CHECK(static_cast<uint8_t>(signed_file[at]) == 0xD4);
  // Stripping is exact; signing again is deterministic (Ed25519).
  std::string back;
  REQUIRE(s::StripSignature(signed_file, &back).ok());
  CHECK(back == plain);
  std::string again;
  REQUIRE(s::SignFile(signed_file, key, &again).ok());  // re-signing replaces, never stacks
  CHECK(again == signed_file);
  // A signed file reads like any other: index intact, every digest checks out.
  bool damaged = true;
  CHECK(d::AllDigestsRead(signed_file, &damaged));
  CHECK_FALSE(damaged);
  // Unsigned input to Strip: NotSigned.
  CHECK(s::StripSignature(plain, &back).code() == Code::kNotSigned);
}

TEST_CASE("sign: re-signing with another key replaces the signature", "[sign]") {
  const std::string plain = sign_fixture::BuildFile(5, 8);
  const s::SecretKey a = sign_fixture::NewKey(), b = sign_fixture::NewKey();
  std::string sa, sb;
  REQUIRE(s::SignFile(plain, a, &sa).ok());
  REQUIRE(s::SignFile(sa, b, &sb).ok());
  CHECK(sb.size() == sa.size());
  CHECK(s::VerifyFile(sb, b.public_key()).ok());
  CHECK(s::VerifyFile(sb, a.public_key()).code() == Code::kWrongKey);
}

TEST_CASE("sign: bad input, each with its own status code", "[sign]") {
  namespace d = sign_file_test_detail;
  const std::string plain = sign_fixture::BuildFile(12, 9);
  const s::SecretKey key = sign_fixture::NewKey(), other = sign_fixture::NewKey();
  std::string sf;
  REQUIRE(s::SignFile(plain, key, &sf).ok());
  const uint8_t* tr = sign_fixture::U8(sf) + sf.size() - f::kTrailerSize;
  const size_t at = f::TrailerSignatureOffset(tr);

  SECTION("unsigned file") { CHECK(s::VerifyFile(plain, key.public_key()).code() == Code::kNotSigned); }
  SECTION("wrong key") { CHECK(s::VerifyFile(sf, other.public_key()).code() == Code::kWrongKey); }
  SECTION("a key id forged to the verifier's: the signature still fails") {
    std::string t = sf;
    const s::KeyId oid = s::KeyIdOf(other.public_key());
    std::memcpy(t.data() + at + f::kSignatureHeaderSize + f::kSignatureKeyIdAt, oid.data(), oid.size());
    d::Reframe(&t, at);
    CHECK(s::VerifyFile(t, other.public_key()).code() == Code::kBadSignature);
  }
  SECTION("a flipped signature bit (record re-checksummed)") {
    std::string t = sf;
    t[at + f::kSignatureHeaderSize + f::kSignatureBytesAt + 10] ^= 0x20;
    d::Reframe(&t, at);
    CHECK(s::VerifyFile(t, key.public_key()).code() == Code::kBadSignature);
  }
  SECTION("truncated signature: the record cut short, framing and trailer made consistent") {
    // Drop the last 32 signature bytes; a well-formed shorter record.
    std::string t = sf.substr(0, at);
    uint8_t payload[f::kSignaturePayloadSize - 32];
    std::memcpy(payload, sf.data() + at + f::kSignatureHeaderSize, sizeof payload);
    uint8_t h[f::kMaxRecordHeaderSize];
    const size_t hn = f::FrameRecord(f::kRecordSignature, payload, sizeof payload, sizeof payload, h);
    t.append(reinterpret_cast<const char*>(h), hn);
    t.append(reinterpret_cast<const char*>(payload), sizeof payload);
    t.append(sf.substr(at + f::kSignatureRecordSize));
    uint8_t* ttr = reinterpret_cast<uint8_t*>(t.data()) + t.size() - f::kTrailerSize;
    f::SetTrailerSignature(ttr, static_cast<uint32_t>(at + hn + sizeof payload), static_cast<uint32_t>(at));
    CHECK(s::VerifyFile(t, key.public_key()).code() == Code::kSignatureMalformed);
  }
  SECTION("signature record with a bad checksum") {
    std::string t = sf;
    t[at + f::kSignatureHeaderSize + f::kSignatureBytesAt] ^= 1;  // not re-framed
    CHECK(s::VerifyFile(t, key.public_key()).code() == Code::kSignatureMalformed);
  }
  SECTION("trailer pointing elsewhere (re-checksummed)") {
    std::string t = sf;
    uint8_t* ttr = reinterpret_cast<uint8_t*>(t.data()) + t.size() - f::kTrailerSize;
    f::SetTrailerSignature(ttr, f::LoadLE32(ttr), static_cast<uint32_t>(at - 1));
    CHECK(s::VerifyFile(t, key.public_key()).code() == Code::kSignatureMalformed);
  }
  SECTION("signature removed by an attacker (trailer field zeroed): not signed") {
    std::string t;
    REQUIRE(s::StripSignature(sf, &t).ok());
    CHECK(s::VerifyFile(t, key.public_key()).code() == Code::kNotSigned);
  }
  SECTION("truncated file") {
    CHECK(s::VerifyFile(sf.substr(0, sf.size() - 1), key.public_key()).code() == Code::kTruncated);
    CHECK(s::VerifyFile(sf.substr(0, at + 40), key.public_key()).code() == Code::kTruncated);
    CHECK(s::VerifyFile(sf.substr(0, 5), key.public_key()).code() == Code::kTruncated);
  }
  SECTION("damaged trailer checksum") {
    std::string t = sf;
    t[t.size() - f::kTrailerSize + 4] ^= 1;
    CHECK(s::VerifyFile(t, key.public_key()).code() == Code::kCorruption);
  }
  SECTION("never signs a damaged file") {
    std::string out;
    std::string t = plain;
    t[20] ^= 1;  // header byte: header checksum fails
    CHECK_FALSE(s::SignFile(t, key, &out).ok());
    CHECK_FALSE(s::SignFile(plain.substr(0, plain.size() - 3), key, &out).ok());
    CHECK_FALSE(s::SignFile("not a digest file at all, really not", key, &out).ok());
  }
}
