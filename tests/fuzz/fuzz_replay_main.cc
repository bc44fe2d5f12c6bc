// Replay driver for builds without libFuzzer: runs LLVMFuzzerTestOneInput
// once on every file named on the command line (directories are walked), so
// the regression inputs of a fuzz target run as an ordinary test.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fuzz_replay_main_detail {

int ReplayFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", p.string().c_str());
    return 1;
  }
  std::vector<uint8_t> v((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An exact-size heap copy, so sanitizers see reads past the end.
  std::unique_ptr<uint8_t[]> copy(new uint8_t[v.size() + (v.empty() ? 1 : 0)]);
  std::copy(v.begin(), v.end(), copy.get());
  LLVMFuzzerTestOneInput(copy.get(), v.size());
  return 0;
}

}  // namespace fuzz_replay_main_detail

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  int failures = 0, runs = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path arg(argv[i]);
    std::vector<fs::path> files;
    if (fs::is_directory(arg)) {
      for (const auto& e : fs::recursive_directory_iterator(arg))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(arg);
    }
    for (const auto& f : files) {
      failures += fuzz_replay_main_detail::ReplayFile(f);
      ++runs;
    }
  }
  std::printf("replayed %d inputs\n", runs);
  return failures == 0 ? 0 : 1;
}
