// Shared by the tests of tests/sign: a built digest file (the robustness
// fixture's generator), a key pair, and the bytes as a string.
#ifndef NEWSDIGEST_TESTS_SIGN_SIGN_FIXTURE_H_
#define NEWSDIGEST_TESTS_SIGN_SIGN_FIXTURE_H_

#include <filesystem>
#include <string>

#include "../robust/robust_fixture.h"
#include "newsdigest/sign/sign.h"

namespace sign_fixture {

// An unsigned digest file of `count` digests (deterministic for a seed).
inline std::string BuildFile(uint32_t count, uint64_t seed, nd_robust::FixtureFile* fx_out = nullptr) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("nd_sign_fx_" + std::to_string(seed) + "_" + std::to_string(count) + ".ndg"))
          .string();
  nd_robust::FixtureFile fx;
  if (!nd_robust::BuildRobustFixture(path, count, seed, &fx).ok()) return "";
  std::filesystem::remove(path);
  if (fx_out != nullptr) *fx_out = fx;
  return std::string(fx.bytes.begin(), fx.bytes.end());
}

inline newsdigest::sign::SecretKey NewKey() {
  newsdigest::sign::SecretKey k;
  (void)newsdigest::sign::GenerateKey(&k);
  return k;
}

inline const uint8_t* U8(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

}  // namespace sign_fixture

#endif  // NEWSDIGEST_TESTS_SIGN_SIGN_FIXTURE_H_
