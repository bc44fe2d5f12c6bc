// Bad updates, each with its own status, on the host library (ApplyDelta)
// and on the device C API (nd_update_apply, host build, smallest chunk):
// wrong base, truncated, tampered, replayed, malformed operations.
#include <catch2/catch.hpp>

#include <cstring>

#include "delta_test_util.h"
#include "update_test_io.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/wire.h"
#include "newsdigest/update/nd_update.h"
#include "newsdigest/update/update_format.h"
#include "newsdigest/writer/output.h"

namespace nd = newsdigest;
using Code = nd::Status::Code;
using nd::delta_test::Edition;
using nd::delta_test::Range;
using nd::update_test::Reseal;
using nd::update_test::WithOps;

namespace delta_bad_input_test_detail {

struct Fixture {
  std::string old_file = Edition(Range(0, 30), true);
  std::string new_file = Edition([] {
    auto v = Range(0, 30);
    v.push_back(900);
    v.push_back(901);
    return v;
  }(), true);
  std::string update;
  Fixture() {
    nd::delta::DeltaOptions opt;
    opt.sequence = 7;
    REQUIRE(nd::delta::MakeDelta(old_file, new_file, opt, &update).ok());
  }
};

// Host library: status code, and the sink must be left untouched.
Code HostApply(const std::string& old_file, const std::string& update, uint64_t current = 0) {
  std::string out = "untouched";
  nd::Status st;
  {
    auto sink = nd::writer::NewMemorySink(&out);
    nd::delta::ApplyOptions opt;
    opt.current_sequence = current;
    st = nd::delta::ApplyDelta(old_file, update, opt, sink.get());
  }
  if (!st.ok()) CHECK(out == "untouched");
  return st.code();
}

// Device C API with the smallest workspace. *writes receives the number of
// write callbacks (0: nothing was written before the rejection).
nd_status DeviceApply(const std::string& old_file, const std::string& update, uint64_t current = 0,
                      int* writes = nullptr, std::string* out = nullptr) {
  nd::update_test::MemoryIo m;
  m.old_file = &old_file;
  m.update = &update;
  nd_update_io io = nd::update_test::MemoryUpdateIo(&m);
  io.current_sequence = current;
  const nd_status s = nd::update_test::ApplyWithChunk(io, ND_UPDATE_MIN_CHUNK);
  CHECK(m.order_ok);
  if (writes != nullptr) *writes = m.writes;
  if (out != nullptr) *out = m.out;
  return s;
}

}  // namespace delta_bad_input_test_detail

using namespace delta_bad_input_test_detail;

TEST_CASE("update: the good update applies on host and device API", "[delta]") {
  Fixture f;
  CHECK(HostApply(f.old_file, f.update) == Code::kOk);
  std::string out;
  CHECK(DeviceApply(f.old_file, f.update, 6, nullptr, &out) == ND_OK);
  CHECK(out == f.new_file);
}

TEST_CASE("update: wrong base", "[delta]") {
  Fixture f;
  std::string other = Edition(Range(100, 30), true);
  std::string flipped = f.old_file;
  flipped[flipped.size() / 2] ^= 0x01;
  for (const std::string* base : {&other, &flipped}) {
    CHECK(HostApply(*base, f.update) == Code::kUpdateWrongBase);
    int writes = -1;
    CHECK(DeviceApply(*base, f.update, 0, &writes) == ND_ERR_UPDATE_WRONG_BASE);
    CHECK(writes == 0);
  }
}

TEST_CASE("update: truncated", "[delta]") {
  Fixture f;
  for (size_t keep : {size_t{0}, size_t{100}, nd::update::kHeaderSize, f.update.size() / 2, f.update.size() - 1}) {
    INFO("kept " << keep);
    const std::string cut = f.update.substr(0, keep);
    CHECK(HostApply(f.old_file, cut) == Code::kUpdateTruncated);
    int writes = -1;
    CHECK(DeviceApply(f.old_file, cut, 0, &writes) == ND_ERR_UPDATE_TRUNCATED);
    CHECK(writes == 0);
  }
}

TEST_CASE("update: a tampered byte anywhere", "[delta]") {
  Fixture f;
  // Every byte of the update (stride keeps the test fast), including the
  // header's hashes, sizes and sequence and the CRC itself.
  for (size_t i = 0; i < f.update.size(); i += (i < 200 ? 1 : 37)) {
    if (i >= nd::update::kOffMagic && i < 8) continue;  // magic/version: their own codes
    std::string t = f.update;
    t[i] ^= 0x20;
    INFO("byte " << i);
    const Code c = HostApply(f.old_file, t);
    // The update-size field: a larger size reads as truncation.
    if (i >= nd::update::kOffUpdateSize && i < nd::update::kOffUpdateSize + 4) {
      CHECK((c == Code::kUpdateTampered || c == Code::kUpdateTruncated || c == Code::kUpdateMalformed));
      continue;
    }
    CHECK(c == Code::kUpdateTampered);
    int writes = -1;
    CHECK(DeviceApply(f.old_file, t, 0, &writes) == ND_ERR_UPDATE_TAMPERED);
    CHECK(writes == 0);
  }
  // A changed literal byte with the CRC recomputed: NEW's SHA-512 catches it.
  std::string t = f.update;
  t[t.size() - 10] ^= 0x01;  // inside the trailer's literal bytes
  t = Reseal(t);
  CHECK(HostApply(f.old_file, t) == Code::kUpdateTampered);
  CHECK(DeviceApply(f.old_file, t) == ND_ERR_UPDATE_TAMPERED);
  // Bytes appended after the CRC.
  CHECK(HostApply(f.old_file, f.update + "x") == Code::kUpdateTampered);
}

TEST_CASE("update: replayed older update", "[delta]") {
  Fixture f;  // sequence 7
  for (uint64_t held : {uint64_t{7}, uint64_t{8}, uint64_t{1} << 40}) {
    CHECK(HostApply(f.old_file, f.update, held) == Code::kUpdateReplayed);
    int writes = -1;
    CHECK(DeviceApply(f.old_file, f.update, held, &writes) == ND_ERR_UPDATE_REPLAYED);
    CHECK(writes == 0);
  }
  CHECK(HostApply(f.old_file, f.update, 6) == Code::kOk);
  // The device already holds NEW (an update applied twice).
  CHECK(HostApply(f.new_file, f.update) == Code::kUpdateReplayed);
  CHECK(DeviceApply(f.new_file, f.update) == ND_ERR_UPDATE_REPLAYED);
}

TEST_CASE("update: malformed operations (valid CRC)", "[delta]") {
  Fixture f;
  const uint32_t old_size = static_cast<uint32_t>(f.old_file.size());
  auto varint = [](uint32_t v) {
    uint8_t b[5];
    return std::string(reinterpret_cast<const char*>(b), nd::format::EncodeVarint(v, b));
  };
  const std::string copy_past_old = std::string(1, '\x01') + varint(old_size - 4) + varint(8) + std::string(1, '\0');
  const std::string zero_len = std::string(1, '\x02') + varint(0) + std::string(1, '\0');
  const std::string bad_op = std::string(1, '\x7f') + std::string(1, '\0');
  const std::string no_end = std::string(1, '\x03') + varint(4) + "a";
  const std::string short_new = std::string(1, '\x03') + varint(4) + "a" + std::string(1, '\0');
  const std::string long_new =
      std::string(1, '\x03') + varint(static_cast<uint32_t>(f.new_file.size() + 1)) + "a" + std::string(1, '\0');
  const std::string insert_past_end = std::string(1, '\x02') + varint(1000) + "abc" + std::string(1, '\0');
  const std::string overlong_varint = std::string(1, '\x03') + "\x84\x80\x80\x80\x80\x01" + "a" + std::string(1, '\0');
  for (const std::string& ops : {copy_past_old, zero_len, bad_op, no_end, short_new, long_new, insert_past_end,
                                 overlong_varint}) {
    const std::string u = WithOps(f.update, ops);
    CHECK(HostApply(f.old_file, u) == Code::kUpdateMalformed);
    CHECK(DeviceApply(f.old_file, u) == ND_ERR_UPDATE_MALFORMED);
  }
  // Varints (update_format.h): one INSERT of all of NEW applies when its
  // length is minimal; the same length with a redundant zero group, or with
  // bits at or above 2^32, is malformed, and so is a varint cut by the end
  // of the ops.
  const uint32_t n = static_cast<uint32_t>(f.new_file.size());
  std::string redundant = varint(n);
  redundant.back() = static_cast<char>(redundant.back() | 0x80);
  redundant.push_back('\0');
  std::string above_u32 = varint(n);
  while (above_u32.size() < 4) {
    above_u32.back() = static_cast<char>(above_u32.back() | 0x80);
    above_u32.push_back('\x80');
  }
  above_u32.back() = static_cast<char>(above_u32.back() | 0x80);
  above_u32.push_back('\x10');  // bit 32
  const std::string insert_all = std::string(1, '\x02') + varint(n) + f.new_file + std::string(1, '\0');
  CHECK(HostApply(f.old_file, WithOps(f.update, insert_all)) == Code::kOk);
  CHECK(DeviceApply(f.old_file, WithOps(f.update, insert_all)) == ND_OK);
  for (const std::string& len : {redundant, above_u32}) {
    const std::string u = WithOps(f.update, std::string(1, '\x02') + len + f.new_file + std::string(1, '\0'));
    CHECK(HostApply(f.old_file, u) == Code::kUpdateMalformed);
    CHECK(DeviceApply(f.old_file, u) == ND_ERR_UPDATE_MALFORMED);
  }
  const std::string cut_varint = WithOps(f.update, std::string(1, '\x02') + "\x80");
  CHECK(HostApply(f.old_file, cut_varint) == Code::kUpdateMalformed);
  CHECK(DeviceApply(f.old_file, cut_varint) == ND_ERR_UPDATE_MALFORMED);
  std::string bad_magic = f.update;
  bad_magic[0] = 'X';
  CHECK(HostApply(f.old_file, bad_magic) == Code::kUpdateMalformed);
  std::string bad_version = f.update;
  bad_version[nd::update::kOffMajor] = 2;
  CHECK(HostApply(f.old_file, bad_version) == Code::kBadVersion);
  CHECK(DeviceApply(f.old_file, bad_version) == ND_ERR_BAD_VERSION);
}

TEST_CASE("update: the host verify hook (signature step) decides last", "[delta]") {
  Fixture f;
  for (bool accept : {true, false}) {
    std::string out = "untouched";
    int calls = 0;
    nd::delta::ApplyOptions opt;
    opt.verify_new = [&](std::string_view new_file) {
      ++calls;
      CHECK(new_file == f.new_file);
      return accept ? nd::Status::OK() : nd::Status::Checksum("bad signature");
    };
    nd::Status st;
    {
      auto sink = nd::writer::NewMemorySink(&out);
      st = nd::delta::ApplyDelta(f.old_file, f.update, opt, sink.get());
    }
    CHECK(calls == 1);
    CHECK(st.ok() == accept);
    CHECK((out == f.new_file) == accept);
    if (!accept) CHECK(st.code() == Code::kChecksum);
  }
}
