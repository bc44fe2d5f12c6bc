// sign_bench [--mib N]: host signing and verifying speed (issue 18 target:
// verify >= 300 MB/s on a 10 MB file). Builds a digest file of at least N
// MiB (default 10) with the robustness fixture's generator, signs it, then
// times nd_verify_memory (the device code with the host's libsodium),
// nd_verify_io through a read callback with a 64 KiB workspace, and
// SignFile. Prints one line per operation: bytes, best-of-9 thread CPU
// seconds, MB/s.
#include <sodium.h>

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "../../tests/robust/robust_fixture.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/sign/sign.h"

namespace sign_bench_detail {

int ReadMem(void* ctx, uint64_t offset, void* dst, size_t len) {
  const auto* s = static_cast<const std::string*>(ctx);
  std::memcpy(dst, s->data() + offset, len);
  return 0;
}

// This thread's CPU seconds: on a shared machine wall time measures the
// neighbours too.
double CpuNow() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Best of 9 runs, thread CPU time.
template <typename F>
double Best(F&& f) {
  double best = 1e9;
  for (int k = 0; k < 9; ++k) {
    const double t0 = CpuNow();
    if (!f()) return -1;
    const double s = CpuNow() - t0;
    if (s < best) best = s;
  }
  return best;
}

void Line(const char* op, size_t bytes, double s) {
  std::printf("%-22s %10zu bytes  %8.4f s  %8.1f MB/s\n", op, bytes, s, static_cast<double>(bytes) / s / 1e6);
}

}  // namespace sign_bench_detail

int main(int argc, char** argv) {
  namespace d = sign_bench_detail;
  namespace s = newsdigest::sign;
  double mib = 10;
  for (int i = 1; i + 1 < argc; i += 2)
    if (std::strcmp(argv[i], "--mib") == 0) mib = std::atof(argv[i + 1]);
  if (sodium_init() < 0) return 1;
  const std::string path = (std::filesystem::temp_directory_path() / "nd_sign_bench.ndg").string();
  nd_robust::FixtureFile fx;
  const auto want = static_cast<size_t>(mib * 1024 * 1024);
  uint32_t count = 1000;
  for (;;) {
    if (!nd_robust::BuildRobustFixture(path, count, 3, &fx).ok()) return 1;
    if (fx.bytes.size() >= want) break;
    count = static_cast<uint32_t>(static_cast<double>(count) * static_cast<double>(want) /
                                  static_cast<double>(fx.bytes.size()) * 1.02) + 1;
  }
  std::filesystem::remove(path);
  const std::string plain(fx.bytes.begin(), fx.bytes.end());
  s::SecretKey key;
  if (!s::GenerateKey(&key).ok()) return 1;
  const s::PublicKey pk = key.public_key();
  std::string signed_file;
  std::printf("file: %u digests, %zu bytes\n", count, plain.size());
  d::Line("sign (SignFile)", plain.size(), d::Best([&] { return s::SignFile(plain, key, &signed_file).ok(); }));
  alignas(16) static uint8_t ws[64 * 1024];
  d::Line("verify memory", signed_file.size(), d::Best([&] {
            return nd_verify_memory(reinterpret_cast<const uint8_t*>(signed_file.data()), signed_file.size(), pk.data(),
                                    ws, ND_SIGN_WORKSPACE_MIN) == ND_OK;
          }));
  d::Line("verify callback 64K", signed_file.size(), d::Best([&] {
            return nd_verify_io(d::ReadMem, &signed_file, signed_file.size(), pk.data(), ws, sizeof ws) == ND_OK;
          }));
  return 0;
}
