// `newsdigest stats`: the workspace sizes a device developer sizes RAM with
// (minimal/full/fast, memory/callback, per device CPU) and --ram BYTES.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "cli_run.h"

namespace cli_stats_test_detail {

const std::string kGolden = std::string(ND_TEST_DATA_DIR) + "/pipeline/golden_examples_dict.ndg";

nlohmann::json Stats(const std::string& extra) {
  const cli_run::Result r = cli_run::RunNewsdigest("stats --json " + kGolden + " " + extra);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace cli_stats_test_detail

TEST_CASE("cli stats: workspace layouts are ordered and the device figures are smaller", "[cli]") {
  const nlohmann::json j = cli_stats_test_detail::Stats("");
  const auto& ws = j["workspace"];
  const uint64_t min_mem = ws["minimal_memory"], mem = ws["memory"], fast_mem = ws["fast_memory"];
  const uint64_t min_io = ws["minimal_callback"], io = ws["callback"];
  CHECK(min_mem < mem);
  CHECK(mem <= fast_mem);
  CHECK(min_io < io);
  CHECK(min_mem <= min_io);
  // Full = minimal with a text buffer of the largest body instead of the
  // largest summary's scratch (each rounded up to 8).
  const uint64_t largest = j["largest_body"];
  CHECK(mem - min_mem > 0);
  CHECK(mem - min_mem < largest + 8);
  for (const char* cpu : {"cortex-m4", "riscv32"}) {
    const uint64_t dev_mem = j["device_workspace"][cpu]["minimal_memory"];
    const uint64_t dev_io = j["device_workspace"][cpu]["minimal_callback"];
    CHECK(dev_mem > 16384);
    CHECK(dev_mem < min_mem);
    // The same file-dependent part on top of each build's fixed part.
    CHECK(dev_io - dev_mem == min_io - min_mem);
  }
  CHECK_FALSE(j.contains("ram"));
}

TEST_CASE("cli stats --ram: the body buffer a budget leaves and the bodies that fit", "[cli]") {
  namespace d = cli_stats_test_detail;
  const nlohmann::json base = d::Stats("");
  const uint64_t dev_mem = std::max(base["device_workspace"]["cortex-m4"]["minimal_memory"].get<uint64_t>(),
                                    base["device_workspace"]["riscv32"]["minimal_memory"].get<uint64_t>());
  const uint64_t largest = base["largest_body"];
  const uint64_t digests = base["digests"];

  // Exactly the minimal workspace + the largest body: every body fits.
  nlohmann::json j = d::Stats("--ram " + std::to_string(dev_mem + largest));
  CHECK(j["ram"]["budget"] == dev_mem + largest);
  CHECK(j["ram"]["memory"]["body_buffer"] == largest);
  CHECK(j["ram"]["memory"]["bodies_fit"] == digests);
  // One byte less: the largest body no longer fits, smaller ones still do.
  j = d::Stats("--ram " + std::to_string(dev_mem + largest - 1));
  CHECK(j["ram"]["memory"]["body_buffer"] == largest - 1);
  CHECK(j["ram"]["memory"]["bodies_fit"].get<uint64_t>() < digests);
  CHECK(j["ram"]["memory"]["bodies_fit"].get<uint64_t>() > 0);
  // Less than the workspace: nothing fits. Units: 1KiB = 1024.
  j = d::Stats("--ram 1KiB");
  CHECK(j["ram"]["budget"] == 1024);
  CHECK(j["ram"]["memory"]["body_buffer"] == 0);
  CHECK(j["ram"]["callback"]["bodies_fit"] == 0);
  // The text form names the budget.
  const cli_run::Result t = cli_run::RunNewsdigest("stats " + d::kGolden + " --ram 64KiB");
  REQUIRE(t.code == 0);
  CHECK(t.out.find("ram budget      65536 bytes") != std::string::npos);
  CHECK(t.out.find("riscv32") != std::string::npos);
  CHECK(cli_run::RunNewsdigest("stats " + d::kGolden + " --ram lots").code != 0);
}

TEST_CASE("cli stats --ram: negative, fractional, empty, zero, overflowing and unit-less garbage are refused", "[cli]") {
  namespace d = cli_stats_test_detail;
  for (const char* bad : {"-5", "-0", "0", "1.5K", "''", "abc", "5XB", "0x10", "' 5'", "18446744073709551616",
                          "17179869184G"}) {
    INFO(bad);
    const cli_run::Result r = cli_run::RunNewsdigest("stats " + d::kGolden + " --ram " + bad);
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("--ram: ", 0) == 0);
    CHECK((r.err.find("is not a RAM size") != std::string::npos || r.err.find("too large") != std::string::npos ||
           r.err.find("at least 1 byte") != std::string::npos));
  }
  // Accepted forms: bytes, and K/KiB/M (1024-based), any case.
  for (const auto& [arg, bytes] : std::vector<std::pair<std::string, uint64_t>>{
           {"40960", 40960}, {"40KiB", 40960}, {"40k", 40960}, {"40kb", 40960}, {"1M", 1048576}, {"1GiB", 1u << 30},
           {"18446744073709551615", UINT64_MAX}}) {
    INFO(arg);
    CHECK(d::Stats("--ram " + arg)["ram"]["budget"].get<uint64_t>() == bytes);
  }
}

TEST_CASE("cli stats: the parts add up to the file size, a signed file's signature record is a part", "[cli]") {
  namespace d = cli_stats_test_detail;
  auto sum = [](const nlohmann::json& b) {
    uint64_t n = 0;
    for (const auto& [k, v] : b.items())
      if (k != "total") n += v.get<uint64_t>();
    return n;
  };
  const nlohmann::json plain = d::Stats("");
  CHECK_FALSE(plain["bytes"].contains("signature"));
  CHECK(sum(plain["bytes"]) == plain["bytes"]["total"].get<uint64_t>());

  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("nd_cli_stats_sig_" + std::to_string(::getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string key = dir + "/k", out = dir + "/s.ndg";
  REQUIRE(cli_run::RunNewsdigest("keygen -o " + key).code == 0);
  REQUIRE(cli_run::RunNewsdigest("build -q --sign " + key + " -o " + out + " " + ND_TEST_DATA_DIR +
                                 "/articles/harbour-ferry.txt").code == 0);
  const cli_run::Result r = cli_run::RunNewsdigest("stats --json " + out);
  REQUIRE(r.code == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["bytes"]["signature"] == 87);
  CHECK(sum(j["bytes"]) == j["bytes"]["total"].get<uint64_t>());
  const cli_run::Result t = cli_run::RunNewsdigest("stats " + out);
  REQUIRE(t.code == 0);
  CHECK(t.out.find("  signature           87") != std::string::npos);
  const cli_run::Result u = cli_run::RunNewsdigest("stats " + d::kGolden);
  CHECK(u.out.find("signature") == std::string::npos);
  std::filesystem::remove_all(dir);
}
