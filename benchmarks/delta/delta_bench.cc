// delta_bench: the speed of `patch` on the host (ApplyDelta into memory:
// update CRC, OLD's SHA-512, the operations, NEW's SHA-512) and the size of
// an update for a day's new articles.
//
// Usage: delta_bench [--old N] [--new M] [--sentences S] [--runs R]
// Edition 1: N synthetic articles (tests/writer's generator, S sentences
// each) with one trained dictionary; edition 2: the same plus M new.
// Prints the sizes, the ratio update / new records, and MB/s of NEW
// produced (best of R runs; MB = 10^6 bytes).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "../../tests/writer/writer_test_util.h"
#include "newsdigest/delta/delta.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/output.h"

namespace delta_bench_detail {

namespace nw = newsdigest::writer;

// CPU time of this thread: the machine is shared, wall time is not ours.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string Edition(uint32_t count, uint32_t extra, uint32_t sentences, const nw::DictionaryData& dict,
                    uint64_t* extra_bytes) {
  std::string out;
  nw::BuilderOptions bo;
  bo.dictionaries = {&dict};
  nw::EncoderOptions eo;
  eo.dictionaries = {&dict};
  std::unique_ptr<nw::DigestBuilder> b;
  if (!nw::DigestBuilder::Create(nw::NewMemorySink(&out), bo, &b).ok()) return "";
  nw::DigestEncoder enc(eo);
  *extra_bytes = 0;
  for (uint32_t i = 0; i < count + extra; ++i) {
    nw::EncodedDigest ed;
    const uint32_t id = i < count ? i : 1000000 + i;
    if (!enc.Encode(newsdigest::writer_test::MakeArticle(id, sentences), &ed).ok() || !b->Add(ed).ok()) return "";
    if (i >= count) *extra_bytes += ed.record.size();
  }
  return b->Finish().ok() ? out : "";
}

int Main(int argc, char** argv) {
  uint32_t n = 4000, m = 200, sentences = 40, runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const uint32_t v = static_cast<uint32_t>(std::stoul(argv[i + 1]));
    if (k == "--old") n = v;
    else if (k == "--new") m = v;
    else if (k == "--sentences") sentences = v;
    else if (k == "--runs") runs = v;
  }
  std::vector<std::string> samples;
  for (uint32_t i = 0; i < 400; ++i) samples.push_back(newsdigest::writer_test::MakeArticle(i, sentences).body);
  nw::DictionaryData dict;
  if (!nw::TrainDictionary(samples, 16 * 1024, &dict).ok()) return 1;
  uint64_t unused = 0, new_records = 0;
  const std::string old_file = Edition(n, 0, sentences, dict, &unused);
  const std::string new_file = Edition(n, m, sentences, dict, &new_records);
  if (old_file.empty() || new_file.empty()) return 1;
  std::string update;
  newsdigest::delta::DeltaStats stats;
  newsdigest::delta::DeltaOptions opt;
  opt.sequence = 2;
  auto t0 = std::chrono::steady_clock::now();
  if (!newsdigest::delta::MakeDelta(old_file, new_file, opt, &update, &stats).ok()) return 1;
  const double make_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double best = 1e30, best_wall = 1e30;
  for (uint32_t r = 0; r < runs; ++r) {
    std::string out;
    out.reserve(new_file.size());
    auto sink = nw::NewMemorySink(&out);
    t0 = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    const newsdigest::Status st = newsdigest::delta::ApplyDelta(old_file, update, {}, sink.get());
    const double s = CpuSeconds() - c0;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (wall < best_wall) best_wall = wall;
    if (!st.ok() || out != new_file) {
      std::fprintf(stderr, "delta_bench: patch failed: %s\n", st.message());
      return 1;
    }
    if (s < best) best = s;
  }
  // The floor: SHA-512 of OLD and NEW (the applier hashes both).
  double hash_best = 1e30;
  for (uint32_t r = 0; r < runs; ++r) {
    uint8_t d[64];
    const double c0 = CpuSeconds();
    newsdigest::delta::Sha512(old_file, d);
    newsdigest::delta::Sha512(new_file, d);
    const double s = CpuSeconds() - c0;
    if (s < hash_best) hash_best = s;
  }
  std::printf("edition 1: %u digests, %zu bytes; edition 2: +%u digests, %zu bytes\n", n, old_file.size(), m,
              new_file.size());
  std::printf("new records: %llu bytes; update: %llu bytes; ratio %.4f\n",
              static_cast<unsigned long long>(new_records), static_cast<unsigned long long>(stats.update_bytes),
              static_cast<double>(stats.update_bytes) / static_cast<double>(new_records));
  std::printf("delta: %.1f ms; patch: %.2f ms CPU best of %u = %.0f MB/s of NEW (wall %.2f ms = %.0f MB/s)\n",
              make_s * 1e3, best * 1e3, runs, static_cast<double>(new_file.size()) / best / 1e6, best_wall * 1e3,
              static_cast<double>(new_file.size()) / best_wall / 1e6);
  std::printf("of which SHA-512 of OLD + NEW: %.2f ms CPU (%.0f MB/s of hashed bytes)\n", hash_best * 1e3,
              static_cast<double>(old_file.size() + new_file.size()) / hash_best / 1e6);
  return 0;
}

}  // namespace delta_bench_detail

int main(int argc, char** argv) { return delta_bench_detail::Main(argc, argv); }
