// The device applier's C API (core/update): SHA-512 (portable == libsodium
// == known vectors), workspace bounds, the verify hook, write order.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "delta_test_util.h"
#include "update_test_io.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/format/format.h"
#include "newsdigest/update/nd_update.h"
#include "newsdigest/update/nd_update_sha512.h"

namespace nd = newsdigest;

namespace update_apply_test_detail {

std::string Hex(const uint8_t* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

// The applier's streaming hash (nd_update_sha512_*), fed `piece` bytes at a time.
std::string Chunked(const std::string& data, size_t piece) {
  nd_update_sha512_state st;
  nd_update_sha512_init(&st);
  for (size_t i = 0; i < data.size(); i += piece)
    nd_update_sha512_update(&st, data.data() + i, std::min(piece, data.size() - i));
  uint8_t out[64];
  nd_update_sha512_final(&st, out);
  return Hex(out, 64);
}

std::string Default(const std::string& data) {
  uint8_t out[64];
  nd::delta::Sha512(data, out);
  return Hex(out, 64);
}

// A MemoryIo for old_file and update whose verify hook counts, checks that
// NEW is whole and returns `verdict`.
void Prepare(nd::update_test::MemoryIo* m, const std::string& old_file, const std::string& update,
             nd_status verdict) {
  m->old_file = &old_file;
  m->update = &update;
  m->verify = [m, verdict](uint64_t new_size) {
    CHECK(new_size == m->out.size());
    return verdict;
  };
}

}  // namespace update_apply_test_detail

using namespace update_apply_test_detail;

TEST_CASE("update sha512: known vectors, streamed in any pieces equals one call", "[delta]") {
  CHECK(Chunked("abc", 1) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce8"
        "0e2a9ac94fa54ca49f");
  CHECK(Default("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71d"
        "d70354ec631238ca3445");
  CHECK(Chunked("", 1) ==
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a"
        "81a538327af927da3e");
  std::string data;
  for (int i = 0; i < 3000; ++i) data.push_back(static_cast<char>(i * 131 + 7));
  for (size_t len : {size_t{0}, size_t{1}, size_t{111}, size_t{112}, size_t{127}, size_t{128}, size_t{129},
                     size_t{255}, size_t{256}, size_t{3000}}) {
    const std::string d = data.substr(0, len);
    INFO("len " << len);
    CHECK(Chunked(d, 1) == Default(d));
    CHECK(Chunked(d, 7) == Default(d));
    CHECK(Chunked(d, 1000) == Default(d));
  }
}

TEST_CASE("update apply: chunk bounds every callback, verify hook decides", "[delta]") {
  const std::string old_file = nd::delta_test::Edition(nd::delta_test::Range(0, 20), true);
  const std::string new_file = nd::delta_test::Edition(nd::delta_test::Range(5, 20), true);
  std::string update;
  nd::delta::DeltaOptions opt;
  opt.sequence = 3;
  REQUIRE(nd::delta::MakeDelta(old_file, new_file, opt, &update).ok());
  for (size_t chunk : {size_t{64}, size_t{256}, size_t{4096}}) {
    for (nd_status verdict : {ND_OK, ND_ERR_CHECKSUM}) {
      nd::update_test::MemoryIo c;
      Prepare(&c, old_file, update, verdict);
      nd_update_io io = nd::update_test::MemoryUpdateIo(&c);
      nd_update_info info{};
      CHECK(nd::update_test::ApplyWithChunk(io, chunk, &info) == verdict);
      CHECK(c.verify_calls == 1);
      CHECK(c.out == new_file);
      CHECK(c.max_io <= std::max<size_t>(chunk, ND_UPDATE_HEADER_SIZE));
      CHECK(info.sequence == 3);
      CHECK(info.new_size == new_file.size());
      // Too small a workspace is refused before any callback.
      nd::update_test::MemoryIo c2;
      Prepare(&c2, old_file, update, ND_OK);
      io = nd::update_test::MemoryUpdateIo(&c2);
      std::vector<uint64_t> ws(nd_update_workspace_size(64) / 8);
      CHECK(nd_update_apply(&io, ws.data(), nd_update_workspace_size(64) - 8, nullptr) == ND_ERR_TOO_LARGE);
      CHECK(c2.max_io == 0);
    }
  }
}

TEST_CASE("update apply: INDEX needs read_new and stays inside NEW written, known OLD hash", "[delta]") {
  const std::string old_file = nd::delta_test::Edition(nd::delta_test::Range(0, 10), false);
  const std::string new_file = nd::delta_test::Edition(nd::delta_test::Range(0, 12), false);
  std::string update;
  nd::delta::DeltaOptions opt;
  opt.sequence = 5;
  REQUIRE(nd::delta::MakeDelta(old_file, new_file, opt, &update).ok());
  auto run = [&](const std::string& upd, bool read_back, const uint8_t* known) {
    nd::update_test::MemoryIo c;
    c.old_file = &old_file;
    c.update = &upd;
    nd_update_io io = nd::update_test::MemoryUpdateIo(&c);
    if (!read_back) io.read_new = nullptr;
    io.old_sha512 = known;
    return nd::update_test::ApplyWithChunk(io, 128);
  };
  CHECK(run(update, true, nullptr) == ND_OK);
  CHECK(run(update, false, nullptr) == ND_ERR_NOT_SUPPORTED);
  uint8_t right[64], wrong[64];
  nd::delta::Sha512(old_file, right);
  std::memcpy(wrong, right, 64);
  wrong[0] ^= 1;
  CHECK(run(update, true, right) == ND_OK);
  CHECK(run(update, true, wrong) == ND_ERR_UPDATE_WRONG_BASE);
  // An INDEX op whose walk starts at or past the bytes written, or on bytes
  // that are not a record: malformed (CRC recomputed).
  const std::string past = std::string("\x03\x10", 2) + "Z" + std::string("\x05\x10\x01\x00", 4);
  const std::string garbage = std::string("\x03\x10", 2) + "Z" + std::string("\x05\x00\x01\x00", 4);
  CHECK(run(nd::update_test::WithOps(update, past), true, nullptr) == ND_ERR_UPDATE_MALFORMED);
  CHECK(run(nd::update_test::WithOps(update, garbage), true, nullptr) == ND_ERR_UPDATE_MALFORMED);
}
