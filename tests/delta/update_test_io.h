// Helpers for the tests of the device applier's C API (nd_update.h): an
// in-memory nd_update_io (OLD and the update read from strings, NEW written
// to a string and read back from it) and update edits with the size and
// CRC recomputed. Shared by delta_bad_input_test.cpp, update_apply_test.cpp
// and delta_sign_test.cpp.
#ifndef NEWSDIGEST_TESTS_DELTA_UPDATE_TEST_IO_H_
#define NEWSDIGEST_TESTS_DELTA_UPDATE_TEST_IO_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "newsdigest/update/nd_update.h"

namespace newsdigest::update_test {

// The state behind MemoryIo's callbacks. REQUIRES: old_file and update
// outlive every apply that uses it.
struct MemoryIo {
  const std::string* old_file = nullptr;
  const std::string* update = nullptr;
  std::string out;        // NEW as written
  int writes = 0;         // write_new calls
  size_t max_io = 0;      // the largest read or write
  bool order_ok = true;   // every write continued the last (else it failed)
  int verify_calls = 0;
  // verify_new, when set: called with NEW's size after the hash check.
  std::function<nd_status(uint64_t new_size)> verify;
};

// Reads out[off, off + len) of a MemoryIo (the read_new callback; also for
// verifying NEW through nd_verify_io). @return 0, or 1 past the end.
int ReadWritten(void* memory_io, uint64_t off, void* dst, size_t len);

// An nd_update_io over `m`: read_old, read_update, write_new (in order),
// read_new, and verify_new when m->verify is set. Sizes from m's strings.
nd_update_io MemoryUpdateIo(MemoryIo* m);

// Runs nd_update_apply over `io` with a workspace for `chunk`.
nd_status ApplyWithChunk(const nd_update_io& io, size_t chunk, nd_update_info* info = nullptr);

// An edited update made whole again: its size field and CRC recomputed (an
// attacker who knows the format; the CRC only catches noise).
std::string Reseal(std::string update);
// `update`'s header followed by the op stream `ops`, resealed.
std::string WithOps(const std::string& update, const std::string& ops);

}  // namespace newsdigest::update_test

#endif  // NEWSDIGEST_TESTS_DELTA_UPDATE_TEST_IO_H_
