// summ_corpus_bench: Summarize() over every article of JSONL sets, through
// the public API only, so that the same source builds against an old and a
// new nd_summarize for side-by-side speed runs and golden comparisons.
//
//   summ_corpus_bench [--golden OUT.txt] [--reps N] [--lang L] SET.jsonl...
//
// Prints the CPU time per article (best of N passes over all sets, default
// 3). With --golden, writes one line per article: its summary spans and
// keywords (byte-exact, so two builds can be compared with cmp).
// Articles are `{"text", "title", "lang"}` objects; a missing lang is "en"
// unless --lang gives one ("" = detect).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdigest/summarize/summarize.h"

namespace summ_corpus_bench_detail {

struct Doc {
  std::string title, text, lang;
};

std::string JsonStr(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace summ_corpus_bench_detail

int main(int argc, char** argv) {
  namespace d = summ_corpus_bench_detail;
  namespace sm = newsdigest::summarize;
  std::string golden, default_lang = "en";
  int reps = 3;
  std::vector<d::Doc> docs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--golden" && i + 1 < argc) {
      golden = argv[++i];
    } else if (a == "--reps" && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--lang" && i + 1 < argc) {
      default_lang = argv[++i];
    } else {
      std::ifstream in(a);
      if (!in) {
        std::cerr << "cannot read " << a << "\n";
        return 2;
      }
      std::string line;
      while (std::getline(in, line)) {
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        d::Doc doc{d::JsonStr(j, "title"), d::JsonStr(j, "text"), d::JsonStr(j, "lang")};
        if (!j.contains("lang") || !j["lang"].is_string()) doc.lang = default_lang;
        docs.push_back(std::move(doc));
      }
    }
  }
  if (docs.empty()) {
    std::cerr << "usage: summ_corpus_bench [--golden OUT] [--reps N] [--lang L] SET.jsonl...\n";
    return 2;
  }
  sm::SummaryOptions opt;
  if (!golden.empty()) {
    std::ofstream out(golden, std::ios::binary);
    for (const d::Doc& doc : docs) {
      sm::Summary s = sm::Summarize(doc.title, doc.text, doc.lang, opt);
      for (const auto& sp : s.sentences) out << sp.begin << '-' << sp.end << ' ';
      out << '|';
      for (const std::string& k : s.keywords) out << ' ' << k;
      out << '\n';
    }
  }
  double best = 1e300;
  size_t checksum = 0;
  for (int r = 0; r < reps; ++r) {
    double t0 = d::CpuSeconds();
    for (const d::Doc& doc : docs) {
      sm::Summary s = sm::Summarize(doc.title, doc.text, doc.lang, opt);
      checksum += s.sentences.size() + s.keywords.size();
    }
    best = std::min(best, d::CpuSeconds() - t0);
  }
  std::printf("articles %zu  cpu/article %.1f us  (best of %d passes, checksum %zu)\n", docs.size(),
              best * 1e6 / static_cast<double>(docs.size()), reps, checksum);
  return 0;
}
