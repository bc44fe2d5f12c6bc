// libFuzzer target: the reader on a whole file read through a callback.
#include "fuzz_reader_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fuzz_reader_common::Run(data, size, true);
}
