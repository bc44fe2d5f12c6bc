// segment_eval: exact-match evaluation of sentence segmentation on the
// hard-case sets in tests/data/text/segment/<lang>.jsonl. Each line is
// {"category": ..., "text": ..., "sentences": [...]}; a case counts when the
// sentence list equals the expected one exactly.
//
// Usage: segment_eval [--dir DIR] [--markdown] [--verbose] [--icu]
//   --icu      also score ICU's BreakIterator (the baseline) for comparison
//   --verbose  print every failing case
// Exit code 0 always (a report, not a test; the Catch2 tests hold the bar).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdigest/text/text.h"
#include "segment_icu.h"

namespace segment_eval_detail {

struct EvalCase {
  std::string category, text;
  std::vector<std::string> want;
};

struct Score {
  int pass = 0, total = 0;
  double Pct() const { return total == 0 ? 0.0 : 100.0 * pass / total; }
};

std::vector<EvalCase> LoadCases(const std::filesystem::path& file) {
  std::vector<EvalCase> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) continue;
    EvalCase c;
    c.category = j.value("category", "");
    c.text = j.value("text", "");
    for (const auto& s : j["sentences"]) c.want.push_back(s.get<std::string>());
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> Run(const EvalCase& c, const std::string& lang, bool icu) {
  std::vector<newsdigest::text::Span> spans = icu ? newsdigest::text::SplitSentencesIcu(c.text, lang)
                                                  : newsdigest::text::SplitSentences(c.text, lang);
  std::vector<std::string> got;
  for (const auto& s : spans) got.emplace_back(s.Of(c.text));
  return got;
}

}  // namespace segment_eval_detail

int main(int argc, char** argv) {
  namespace d = segment_eval_detail;
  std::string dir = ND_SEGMENT_DATA_DIR;
  bool markdown = false, verbose = false, icu = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    else if (!std::strcmp(argv[i], "--markdown")) markdown = true;
    else if (!std::strcmp(argv[i], "--verbose")) verbose = true;
    else if (!std::strcmp(argv[i], "--icu")) icu = true;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  std::map<std::string, d::Score> by_cat;
  d::Score all, all_icu;
  if (markdown) {
    std::printf("| language | cases | exact (newsdigest) |%s\n", icu ? " exact (ICU baseline) |" : "");
    std::printf("|---|---:|---:|%s\n", icu ? "---:|" : "");
  }
  for (const auto& f : files) {
    std::string lang = f.stem().string();
    std::vector<d::EvalCase> cases = d::LoadCases(f);
    d::Score ours, base;
    for (const d::EvalCase& c : cases) {
      std::vector<std::string> got = d::Run(c, lang, false);
      bool ok = got == c.want;
      ++ours.total;
      ours.pass += ok;
      ++all.total;
      all.pass += ok;
      d::Score& cat = by_cat[c.category];
      ++cat.total;
      cat.pass += ok;
      if (!ok && verbose) {
        std::printf("FAIL [%s/%s] %s\n", lang.c_str(), c.category.c_str(), c.text.c_str());
        for (const auto& s : got) std::printf("   got: %s\n", s.c_str());
        for (const auto& s : c.want) std::printf("  want: %s\n", s.c_str());
      }
      if (icu) {
        bool bok = d::Run(c, lang, true) == c.want;
        ++base.total;
        base.pass += bok;
        ++all_icu.total;
        all_icu.pass += bok;
      }
    }
    if (markdown) {
      std::printf("| %s | %d | %.1f%% |", lang.c_str(), ours.total, ours.Pct());
      if (icu) std::printf(" %.1f%% |", base.Pct());
      std::printf("\n");
    } else {
      std::printf("%-4s %3d/%3d  %5.1f%%", lang.c_str(), ours.pass, ours.total, ours.Pct());
      if (icu) std::printf("   ICU %5.1f%%", base.Pct());
      std::printf("\n");
    }
  }
  if (markdown) {
    std::printf("| **all** | %d | %.1f%% |", all.total, all.Pct());
    if (icu) std::printf(" %.1f%% |", all_icu.Pct());
    std::printf("\n\n| category (all languages) | cases | exact |\n|---|---:|---:|\n");
    for (const auto& [cat, s] : by_cat) std::printf("| %s | %d | %.1f%% |\n", cat.c_str(), s.total, s.Pct());
  } else {
    std::printf("all  %3d/%3d  %5.1f%%\n", all.pass, all.total, all.Pct());
    for (const auto& [cat, s] : by_cat) std::printf("  %-10s %3d/%3d  %5.1f%%\n", cat.c_str(), s.pass, s.total, s.Pct());
  }
  return 0;
}
