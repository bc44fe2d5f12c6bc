// nd_extract_bench: runs ExtractHtml over the extraction evaluation sets and
// scores the result with our implementation of the benchmark metric.
//
//   nd_extract_bench --data ../shared/eval/extract --out OUTDIR [--dump ID]
//
// Writes OUTDIR/scrapinghub-preds.json ({id: text}) and
// OUTDIR/readability-preds.json ({id: {articleBody,title,byline,
// publishedTime}}) for cross-checking with score.py, and prints a Markdown
// report. Pages are split into a tuning part and a held-out part (ids whose
// FNV-1a hash is 0 mod 4) that was not looked at while tuning.
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "extract_score.h"
#include "newsdigest/ingest/extract.h"

namespace extract_bench_detail {

namespace fs = std::filesystem;
using Json = nlohmann::json;
namespace ing = newsdigest::ingest;
namespace bench = newsdigest::bench;

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

bool ReadGz(const fs::path& p, std::string* out) {
  gzFile f = gzopen(p.string().c_str(), "rb");
  if (f == nullptr) return false;
  out->clear();
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  gzclose(f);
  return n >= 0;
}

bool HeldOut(const std::string& id) {
  uint32_t h = 2166136261u;
  for (char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h % 4 == 0;
}

std::string CollapseWs(const std::string& s) {
  std::string out;
  bool sp = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      ++i;
      sp = !out.empty();
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      sp = !out.empty();
      continue;
    }
    if (sp) out.push_back(' ');
    sp = false;
    out.push_back(c);
  }
  return out;
}

struct Page {
  std::string id;
  std::string html;
  std::string truth;
  Json meta;  // readability expected metadata
  bool real = true;
};

struct Timing {
  double bytes = 0, seconds = 0;
};

// CPU time of this thread: speed per core, robust to other load on the host.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

ing::ExtractedPage Run(const Page& p, Timing* t) {
  ing::ExtractedPage out;
  std::string reason;
  double a = CpuSeconds();
  ing::ExtractOptions opts;
  if (!ing::ExtractHtml(p.html, opts, &out, &reason).ok()) {
    std::fprintf(stderr, "%s: %s\n", p.id.c_str(), reason.c_str());
  }
  double b = CpuSeconds();
  t->bytes += static_cast<double>(p.html.size());
  t->seconds += b - a;
  return out;
}

void PrintRow(const char* name, const std::vector<bench::DocCounts>& docs) {
  bench::Aggregate a = bench::AggregateDocs(docs);
  std::printf("| %s | %zu | %.3f | %.3f | %.3f | %.3f |\n", name, a.n, a.f1, a.precision, a.recall, a.accuracy);
}

double BestSpeed(const std::vector<Page>& pages, int rounds) {
  double best = 0;
  for (int r = 0; r < rounds; ++r) {
    Timing t;
    for (const Page& p : pages) (void)Run(p, &t);
    best = std::max(best, t.bytes / t.seconds / 1e6);
  }
  return best;
}

// Issue-15 reading of a Readability reference value: the reference keeps the
// site name after the title and "By"/"Par"/"Von" (and sometimes a date)
// in the byline, which our extractor removes on purpose. Lenient match:
// the title equals the reference or the reference is our title followed by
// a separator and more; the byline equals the reference after removing a
// leading By/Par/Von/Por/Written by and anything from the first digit on.
bool LenientMatch(const std::string& field, const std::string& want_raw, const std::string& got_raw) {
  std::string want = CollapseWs(want_raw), got = CollapseWs(got_raw);
  if (want == got) return true;
  if (got.empty()) return false;
  if (field == "title") {
    if (want.rfind(got, 0) != 0) return false;
    std::string rest = want.substr(got.size());
    for (const char* sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " : ", ": ", " \xC2\xB7 ", " :: "})
      if (rest.rfind(sep, 0) == 0) return true;
    return false;
  }
  if (field == "byline") {
    std::string low;
    for (char c : want) low.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    size_t cut = 0;
    for (const char* pre : {"written by ", "by ", "par ", "von ", "por "})
      if (low.rfind(pre, 0) == 0) {
        cut = std::string(pre).size();
        break;
      }
    std::string w = want.substr(cut);
    size_t digit = w.find_first_of("0123456789");
    if (digit != std::string::npos) w = w.substr(0, digit);
    while (!w.empty() && (w.back() == ' ' || w.back() == ',')) w.pop_back();
    return w == got;
  }
  return false;
}

// One page for the worst-pages report.
struct Scored {
  double f1 = 0;
  bench::DocCounts c;
  const Page* page = nullptr;
  std::string pred;
};

double PageF1(const bench::DocCounts& c) {
  double d = 2 * c.tp + c.fp + c.fn;
  return d <= 0 ? 1.0 : 2 * c.tp / d;
}

// Tokens of a text joined by single spaces, framed by spaces so that
// " a b " finds whole-token runs.
std::string TokenLine(std::string_view s) {
  std::string out = " ";
  for (const std::string& t : bench::ExtractTokens(s)) {
    out += t;
    out += ' ';
  }
  return out;
}

std::string Clip(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

// Per-page diff by paragraphs: reference lines whose tokens do not occur in
// the prediction ("- missing") and predicted lines absent from the
// reference ("+ extra").
void PrintPageDiff(FILE* out, const Scored& s, size_t max_lines) {
  std::fprintf(out, "\n### %s (%s) F1 %.3f, tp %.2f fp %.2f fn %.2f\n\n```diff\n", s.page->id.c_str(),
               HeldOut(s.page->id) ? "held-out" : "tuning", s.f1, s.c.tp, s.c.fp, s.c.fn);
  auto lines = [](const std::string& t) {
    std::vector<std::string> v;
    std::istringstream in(t);
    std::string l;
    while (std::getline(in, l))
      if (!bench::ExtractTokens(l).empty()) v.push_back(CollapseWs(l));
    return v;
  };
  std::string pred_tokens = TokenLine(s.pred), truth_tokens = TokenLine(s.page->truth);
  size_t shown = 0, missing = 0, extra = 0;
  for (const std::string& l : lines(s.page->truth))
    if (pred_tokens.find(TokenLine(l)) == std::string::npos) {
      ++missing;
      if (shown++ < max_lines) std::fprintf(out, "- %s\n", Clip(l, 200).c_str());
    }
  for (const std::string& l : lines(s.pred))
    if (truth_tokens.find(TokenLine(l)) == std::string::npos) {
      ++extra;
      if (shown++ < 2 * max_lines) std::fprintf(out, "+ %s\n", Clip(l, 200).c_str());
    }
  std::fprintf(out, "```\n(%zu reference lines missing, %zu extracted lines not in the reference)\n", missing,
               extra);
}

void ReportWorst(const char* set, std::vector<Scored> pages, size_t n, const fs::path& outdir) {
  std::sort(pages.begin(), pages.end(), [](const Scored& a, const Scored& b) { return a.f1 < b.f1; });
  std::printf("\n## Worst pages, %s (per-page diff of the %zu worst; all diffs in worst-%s.md)\n", set, n, set);
  FILE* all = std::fopen((outdir / ("worst-" + std::string(set) + ".md")).string().c_str(), "w");
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i < n) PrintPageDiff(stdout, pages[i], 4);
    if (all != nullptr && i < 30) PrintPageDiff(all, pages[i], 40);
  }
  if (all != nullptr) std::fclose(all);
}

int Main(int argc, char** argv) {
  fs::path data = "../shared/eval/extract";
  fs::path outdir = ".";
  std::string dump;
  int rounds = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) data = argv[++i];
    else if (a == "--out" && i + 1 < argc) outdir = argv[++i];
    else if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    else if (a == "--rounds" && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: %s [--data DIR] [--out DIR] [--dump ID] [--rounds N]\n", argv[0]);
      return 1;
    }
  }
  fs::create_directories(outdir);
  // ---- scrapinghub
  std::vector<Page> sh;
  {
    std::string gt_text;
    if (ReadFile(data / "scrapinghub" / "ground-truth.json", &gt_text)) {
      Json gt = Json::parse(gt_text, nullptr, false);
      for (auto it = gt.begin(); it != gt.end(); ++it) {
        Page p;
        p.id = it.key();
        const Json& body = (*it)["articleBody"];
        p.truth = body.is_string() ? body.get<std::string>() : "";
        if (!ReadGz(data / "scrapinghub" / "html" / (p.id + ".html.gz"), &p.html)) continue;
        sh.push_back(std::move(p));
      }
    }
  }
  // ---- readability
  std::vector<Page> rd;
  {
    std::string idx_text;
    Json index;
    if (ReadFile(data / "readability" / "index.json", &idx_text)) index = Json::parse(idx_text, nullptr, false);
    std::error_code ec;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(data / "readability", ec))
      if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
      Page p;
      p.id = dir.filename().string();
      if (!ReadFile(dir / "source.html", &p.html) || !ReadFile(dir / "expected.txt", &p.truth)) continue;
      std::string m;
      if (ReadFile(dir / "expected-metadata.json", &m)) p.meta = Json::parse(m, nullptr, false);
      if (index.is_object() && index.contains(p.id)) p.real = index[p.id].value("kind", "real") == "real";
      rd.push_back(std::move(p));
    }
  }
  if (!dump.empty()) {
    for (const auto* set : {&sh, &rd})
      for (const Page& p : *set)
        if (p.id.rfind(dump, 0) == 0) {
          Timing t;
          ing::ExtractedPage e = Run(p, &t);
          std::printf("id: %s\ntitle: %s\nbyline: %s\ndate: %s\nsite: %s\nlang: %s\nurl: %s\n---\n%s\n", p.id.c_str(),
                      e.title.c_str(), e.byline.c_str(), e.published_text.c_str(), e.site_name.c_str(),
                      e.lang.c_str(), e.canonical_url.c_str(), e.body.c_str());
          bench::DocCounts c = bench::ScoreDoc(p.truth, e.body);
          std::fprintf(stderr, "tp %.3f fp %.3f fn %.3f\n", c.tp, c.fp, c.fn);
          return 0;
        }
    std::fprintf(stderr, "no page %s\n", dump.c_str());
    return 1;
  }
  std::printf("## Body extraction (shingle metric)\n\n");
  std::printf("| set | pages | F1 | precision | recall | accuracy |\n|---|---|---|---|---|---|\n");
  Timing total;
  std::vector<Scored> sh_scored, rd_scored;
  if (!sh.empty()) {
    Json preds = Json::object();
    std::vector<bench::DocCounts> all, tune, held;
    std::vector<std::pair<double, std::string>> worst;
    for (const Page& p : sh) {
      ing::ExtractedPage e = Run(p, &total);
      preds[p.id] = e.body;
      bench::DocCounts c = bench::ScoreDoc(p.truth, e.body);
      sh_scored.push_back({PageF1(c), c, &p, e.body});
      all.push_back(c);
      (HeldOut(p.id) ? held : tune).push_back(c);
      worst.emplace_back(c.tp, p.id);
    }
    std::ofstream(outdir / "scrapinghub-preds.json") << preds.dump(1);
    PrintRow("scrapinghub (all)", all);
    PrintRow("scrapinghub tuning part", tune);
    PrintRow("scrapinghub held-out part", held);
    std::sort(worst.begin(), worst.end());
    std::fprintf(stderr, "scrapinghub worst pages (tp share):");
    for (size_t i = 0; i < worst.size() && i < 12; ++i)
      std::fprintf(stderr, " %s:%.2f", worst[i].second.substr(0, 8).c_str(), worst[i].first);
    std::fprintf(stderr, "\n");
  }
  struct MetaScore {
    int hit = 0, n = 0, lenient = 0;
  };
  std::map<std::string, MetaScore> meta_tune, meta_held;
  std::vector<std::string> meta_misses;
  if (!rd.empty()) {
    Json preds = Json::object();
    std::vector<bench::DocCounts> all, real, synth, real_tune, real_held;
    std::vector<std::pair<double, std::string>> worst;
    for (const Page& p : rd) {
      ing::ExtractedPage e = Run(p, &total);
      Json entry = Json::object();
      entry["articleBody"] = e.body;
      entry["title"] = e.title;
      entry["byline"] = e.byline.empty() ? Json(nullptr) : Json(e.byline);
      entry["publishedTime"] = e.published_text.empty() ? Json(nullptr) : Json(e.published_text);
      preds[p.id] = entry;
      bench::DocCounts c = bench::ScoreDoc(p.truth, e.body);
      if (p.real) rd_scored.push_back({PageF1(c), c, &p, e.body});
      all.push_back(c);
      (p.real ? real : synth).push_back(c);
      if (p.real) (HeldOut(p.id) ? real_held : real_tune).push_back(c);
      if (p.real) worst.emplace_back(c.tp, p.id);
      if (!p.real || !p.meta.is_object()) continue;
      auto& ms = HeldOut(p.id) ? meta_held : meta_tune;
      const std::pair<const char*, std::string> fields[] = {
          {"title", e.title}, {"byline", e.byline}, {"publishedTime", e.published_text}};
      for (const auto& [name, got] : fields) {
        const Json& want = p.meta[name];
        if (!want.is_string() || want.get<std::string>().empty()) continue;
        bool ok = CollapseWs(want.get<std::string>()) == CollapseWs(got);
        ms[name].n++;
        ms[name].hit += ok;
        ms[name].lenient += LenientMatch(name, want.get<std::string>(), got);
        if (!ok)
          meta_misses.push_back(p.id + (HeldOut(p.id) ? " (held-out) " : " ") + name + ": want [" +
                                want.get<std::string>() + "] got [" + got + "]");
        if (!ok && std::getenv("ND_EXTRACT_VERBOSE") != nullptr)
          std::fprintf(stderr, "%s %s: want [%s] got [%s]\n", p.id.c_str(), name, want.get<std::string>().c_str(),
                       got.c_str());
      }
    }
    std::ofstream(outdir / "readability-preds.json") << preds.dump(1);
    PrintRow("readability (all 130)", all);
    PrintRow("readability real pages", real);
    PrintRow("readability real, tuning part", real_tune);
    PrintRow("readability real, held-out part", real_held);
    PrintRow("readability synthetic pages", synth);
    std::sort(worst.begin(), worst.end());
    std::fprintf(stderr, "readability worst pages (tp share):");
    for (size_t i = 0; i < worst.size() && i < 12; ++i)
      std::fprintf(stderr, " %s:%.2f", worst[i].second.c_str(), worst[i].first);
    std::fprintf(stderr, "\n");
    std::printf("\n## Metadata, readability real pages (exact match where expected is non-null)\n\n");
    std::printf("| field | tuning part | held-out part | all |\n|---|---|---|---|\n");
    for (const char* f : {"title", "byline", "publishedTime"}) {
      MetaScore a = meta_tune[f], b = meta_held[f];
      auto pct = [](int h, int n) { return n ? 100.0 * h / n : 0.0; };
      std::printf("| %s | %.1f%% (%d/%d) | %.1f%% (%d/%d) | %.1f%% (%d/%d) |\n", f, pct(a.hit, a.n), a.hit, a.n,
                  pct(b.hit, b.n), b.hit, b.n, pct(a.hit + b.hit, a.n + b.n), a.hit + b.hit, a.n + b.n);
    }
    std::printf("\nSame pages, reference read as issue 15 asks (title without a trailing \" | site\", byline "
                "without By/Par/Von and dates; see LenientMatch):\n\n");
    std::printf("| field | tuning part | held-out part | all |\n|---|---|---|---|\n");
    for (const char* f : {"title", "byline"}) {
      MetaScore a = meta_tune[f], b = meta_held[f];
      auto pct = [](int h, int n) { return n ? 100.0 * h / n : 0.0; };
      std::printf("| %s | %.1f%% (%d/%d) | %.1f%% (%d/%d) | %.1f%% (%d/%d) |\n", f, pct(a.lenient, a.n), a.lenient,
                  a.n, pct(b.lenient, b.n), b.lenient, b.n, pct(a.lenient + b.lenient, a.n + b.n),
                  a.lenient + b.lenient, a.n + b.n);
    }
  }
  if (!meta_misses.empty()) {
    std::printf("\nMetadata misses:\n\n");
    for (const std::string& m : meta_misses) std::printf("- %s\n", Clip(m, 300).c_str());
  }
  if (!sh_scored.empty()) ReportWorst("scrapinghub", sh_scored, 5, outdir);
  if (!rd_scored.empty()) ReportWorst("readability", rd_scored, 5, outdir);
  std::vector<Page> everything = sh;
  everything.insert(everything.end(), rd.begin(), rd.end());
  double mbps = BestSpeed(everything, rounds);
  double bytes = 0;
  for (const Page& p : everything) bytes += static_cast<double>(p.html.size());
  std::printf("\n## Speed (one thread, CPU time, parsing included)\n\n"
              "%.1f MB of HTML in %zu pages: %.1f MB/s per core (best of %d)\n",
              bytes / 1e6, everything.size(), mbps, rounds);
  return 0;
}

}  // namespace extract_bench_detail

int main(int argc, char** argv) { return extract_bench_detail::Main(argc, argv); }
