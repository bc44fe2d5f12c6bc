// libFuzzer target: the reader on a file in memory with the fast workspace
// (ND_WS_FAST: each dictionary's tables digested once into a ZSTD_DDict in
// the workspace); the mode byte's bit 2 reads through a callback instead.
#include "fuzz_reader_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const bool callback = size > 0 && (data[0] & 4) != 0;
  return fuzz_reader_common::Run(data, size, callback, true);
}
