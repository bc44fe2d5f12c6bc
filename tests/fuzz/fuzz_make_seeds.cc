// Writes seed inputs for the reader and round-trip fuzz targets:
//   fuzz_make_seeds OUTDIR  ->  OUTDIR/fuzz_reader_{memory,io,fast}/*, OUTDIR/fuzz_roundtrip/*
// Reader seeds are digest files built with the writer (1, 3 and 12 digests,
// with the dictionary and shared bodies of the robustness fixture), each
// with the harness's mode byte in front (0: as is, 1: checksums recomputed).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "robust_fixture.h"
#include "scan_trap.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_make_seeds OUTDIR\n");
    return 1;
  }
  const fs::path out(argv[1]);
  const char* const reader_targets[] = {"fuzz_reader_memory", "fuzz_reader_io", "fuzz_reader_fast"};
  for (const char* t : reader_targets) fs::create_directories(out / t);
  fs::create_directories(out / "fuzz_roundtrip");
  const fs::path tmp = out / "seed.ndg";
  int written = 0;
  for (uint32_t count : {1u, 3u, 12u}) {
    nd_robust::FixtureFile fx;
    newsdigest::Status s = nd_robust::BuildRobustFixture(tmp.string(), count, count, &fx);
    if (!s.ok()) {
      std::fprintf(stderr, "fuzz_make_seeds: %s\n", s.message());
      return 1;
    }
    for (const char* t : reader_targets) {
      for (char mode : {'\0', '\1', '\4', '\5'}) {
        std::ofstream f(out / t / ("digests_" + std::to_string(count) + "_mode" + std::to_string(int{mode})),
                        std::ios::binary);
        f.put(mode);
        f.write(reinterpret_cast<const char*>(fx.bytes.data()), static_cast<std::streamsize>(fx.bytes.size()));
        ++written;
      }
    }
  }
  fs::remove(tmp);
  // The scan trap (issue 20 item 4): overlapping record candidates that each
  // claim a payload to the end of the file.
  const std::vector<uint8_t> trap = nd_scan_trap::MakeScanTrap(256u << 10);
  for (const char* t : reader_targets) {
    std::ofstream f(out / t / "scan_trap", std::ios::binary);
    f.put('\0');
    f.write(reinterpret_cast<const char*>(trap.data()), static_cast<std::streamsize>(trap.size()));
    ++written;
  }
  // Round trip: the provider reads its choices from the bytes; a few shapes.
  nd_robust::RobustRng rng(5);
  for (int k = 0; k < 8; ++k) {
    std::ofstream f(out / "fuzz_roundtrip" / ("random_" + std::to_string(k)), std::ios::binary);
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    std::string body = nd_robust::RobustBody(rng, 2 + static_cast<uint32_t>(k), &spans);
    for (int j = 0; j < 64; ++j) f.put(static_cast<char>(rng.Next()));
    f << body;
    ++written;
  }
  std::printf("fuzz_make_seeds: %d seeds in %s\n", written, out.string().c_str());
  return 0;
}
