// summ_quality: the summarizer's quality benchmark and offline tuner.
//
//   summ_quality rouge --refs R.jsonl --hyps H.jsonl [--lang L]
//       scores hypothesis files like ../shared/eval/summ/rouge.py (check).
//   summ_quality eval --set S.jsonl --k K [--ots] [--split all|train|test]
//                     [--write-hyps H.jsonl] [--markdown]
//       ours, Lead-K, random-K (and OTS at our length) on one set.
//   summ_quality loco --set S.jsonl:K:t1:t2:tl ... [--folds K] [tune options]
//       leave-one-corpus-out and k-fold: ours vs Lead-k on unseen data.
//   summ_quality tune --set S.jsonl:K ... [--rounds N]
//       coordinate ascent of the model weights on the train split (even
//       articles), reporting train and held-out (odd articles) scores.
//
// Benchmark code: reads ../shared corpora, never part of the engine.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <unistd.h>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsdigest/summarize/summarize.h"
#include "newsdigest/text/text.h"
#include "summ_rouge.h"
#include "summarize_internal.h"

namespace newsdigest::bench {
namespace summ_quality_detail {

namespace si = newsdigest::summarize::internal;

struct Article {
  std::string id, lang, title, text;
  std::vector<std::string> refs;
  // Engine side.
  si::Analysis analysis;
  si::Features features;
  // ROUGE side, in article-local token ids.
  uint32_t local_vocab = 0;
  std::vector<uint32_t> ref_tokens;
  std::vector<std::vector<uint32_t>> ref_sents;
  std::vector<std::vector<uint32_t>> sent_tokens;             // per body sentence
  std::vector<std::vector<std::vector<uint32_t>>> lcs;         // [ref sent][body sent] -> positions
  uint32_t body_words = 0;
  mutable std::map<uint32_t, RougeScores> lead_cache;  // k -> ROUGE of Lead-k
};

std::vector<nlohmann::json> ReadJsonl(const std::string& path) {
  std::vector<nlohmann::json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) rows.push_back(std::move(j));
  }
  return rows;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> Refs(const nlohmann::json& j) {
  std::vector<std::string> out;
  auto it = j.find("summaries");
  if (it != j.end() && it->is_array() && !it->empty()) {
    for (const auto& x : *it) out.push_back(x.is_string() ? x.get<std::string>() : std::string());
    return out;
  }
  it = j.find("summary");
  if (it != j.end() && it->is_array()) {
    std::string joined;
    for (const auto& x : *it) {
      if (!joined.empty()) joined += '\n';
      if (x.is_string()) joined += x.get<std::string>();
    }
    out.push_back(joined);
  } else {
    out.push_back(Str(j, "summary"));
  }
  return out;
}

uint32_t CountWords(std::string_view s) {
  uint32_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

std::string RougeLang(const std::string& lang) { return lang == "en" || lang.empty() ? "en" : lang; }

// Loads a set and precomputes everything that does not depend on the model.
std::vector<Article> LoadSet(const std::string& path) {
  std::vector<Article> out;
  std::map<std::string, RougeTokenizer> toks;
  for (const nlohmann::json& j : ReadJsonl(path)) {
    Article a;
    a.id = j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : j.value("id", nlohmann::json()).dump();
    a.lang = Str(j, "lang");
    a.title = Str(j, "title");
    a.text = Str(j, "text");
    a.refs = Refs(j);
    si::Analyze(a.title, a.text, a.lang, &a.analysis);
    si::ComputeFeatures(a.analysis, &a.features);
    std::string rl = RougeLang(a.lang);
    RougeTokenizer& tok = toks.try_emplace(rl, rl).first->second;
    std::map<uint32_t, uint32_t> local;
    auto loc = [&](std::vector<uint32_t> ids) {
      for (uint32_t& x : ids) x = local.try_emplace(x, static_cast<uint32_t>(local.size())).first->second;
      return ids;
    };
    a.ref_tokens = loc(tok.Ids(a.refs[0]));
    for (auto& s : tok.SentenceIds(a.refs[0])) a.ref_sents.push_back(loc(std::move(s)));
    for (const si::SentenceInfo& s : a.analysis.sentences) a.sent_tokens.push_back(loc(tok.Ids(s.span.Of(a.text))));
    a.local_vocab = static_cast<uint32_t>(local.size());
    a.lcs.resize(a.ref_sents.size());
    for (size_t r = 0; r < a.ref_sents.size(); ++r)
      for (size_t h = 0; h < a.sent_tokens.size(); ++h) a.lcs[r].push_back(LcsPositions(a.ref_sents[r], a.sent_tokens[h]));
    a.body_words = CountWords(a.text);
    out.push_back(std::move(a));
  }
  return out;
}

// ROUGE of a selection of body sentences (sorted indices), using the
// precomputed per-sentence tokens and LCS positions.
RougeScores ScoreSelection(const Article& a, const std::vector<uint32_t>& sel) {
  RougeScores s;
  std::vector<uint32_t> hyp;
  for (uint32_t i : sel) hyp.insert(hyp.end(), a.sent_tokens[i].begin(), a.sent_tokens[i].end());
  s.r1 = RougeN(a.ref_tokens, hyp, 1);
  s.r2 = RougeN(a.ref_tokens, hyp, 2);
  size_t m = a.ref_tokens.size(), n = hyp.size();
  if (m == 0 || n == 0 || a.ref_sents.empty()) return s;
  std::vector<int> ref_left(a.local_vocab, 0), hyp_left(a.local_vocab, 0);
  for (const auto& r : a.ref_sents)
    for (uint32_t t : r) ++ref_left[t];
  for (uint32_t t : hyp) ++hyp_left[t];
  size_t hits = 0;
  std::vector<uint32_t> uni;
  for (size_t r = 0; r < a.ref_sents.size(); ++r) {
    uni.clear();
    for (uint32_t h : sel) uni.insert(uni.end(), a.lcs[r][h].begin(), a.lcs[r][h].end());
    std::sort(uni.begin(), uni.end());
    uni.erase(std::unique(uni.begin(), uni.end()), uni.end());
    for (uint32_t idx : uni) {
      uint32_t tok = a.ref_sents[r][idx];
      if (ref_left[tok] > 0 && hyp_left[tok] > 0) ++hits, --ref_left[tok], --hyp_left[tok];
    }
  }
  double p = static_cast<double>(hits) / static_cast<double>(n), rr = static_cast<double>(hits) / static_cast<double>(m);
  s.rlsum = Prf{p, rr, p + rr > 0 ? 2 * p * rr / (p + rr) : 0};
  return s;
}

struct Totals {
  double r1 = 0, r2 = 0, rl = 0, sents = 0, words = 0;
  size_t n = 0;
  void Add(const RougeScores& s, size_t sent_count, uint32_t words_count) {
    r1 += s.r1.f, r2 += s.r2.f, rl += s.rlsum.f, sents += static_cast<double>(sent_count),
        words += words_count, ++n;
  }
  double R1() const { return n ? 100 * r1 / static_cast<double>(n) : 0; }
  double R2() const { return n ? 100 * r2 / static_cast<double>(n) : 0; }
  double RL() const { return n ? 100 * rl / static_cast<double>(n) : 0; }
};

// Splits: "all", "train" (even articles), "test" (odd ones), and k-fold
// splits "kf:K:i:train" / "kf:K:i:test" (test = articles with index % K == i).
bool InSplit(size_t index, const std::string& split) {
  if (split == "train") return index % 2 == 0;
  if (split == "test") return index % 2 == 1;
  if (split.size() > 3 && split.compare(0, 3, "kf:") == 0) {
    size_t a = split.find(':', 3), b = split.find(':', a + 1);
    size_t folds = std::stoul(split.substr(3, a - 3)), fold = std::stoul(split.substr(a + 1, b - a - 1));
    bool in_fold = index % folds == fold;
    return split.compare(b + 1, std::string::npos, "test") == 0 ? in_fold : !in_fold;
  }
  return true;
}

uint32_t SelectionWords(const Article& a, const std::vector<uint32_t>& sel) {
  uint32_t w = 0;
  for (uint32_t i : sel) w += CountWords(a.analysis.sentences[i].span.Of(a.text));
  return w;
}

std::vector<uint32_t> OursSelection(const Article& a, const si::Model& m, uint32_t k) {
  summarize::SummaryOptions opt;
  opt.sentences = k;
  std::vector<float> scores = si::ScoreSentences(a.features, m);
  return si::SelectSentences(a.analysis, a.features, scores, m, opt);
}

// Runs the `ots` binary at `ratio` percent on the article text and splits its
// output into sentences with our splitter; "" when ots is unavailable.
std::string RunOts(const Article& a, int ratio, const std::string& tmp_path) {
  {
    std::ofstream f(tmp_path, std::ios::binary);
    f << a.text;
  }
  std::string cmd = "ots -r " + std::to_string(ratio) + " '" + tmp_path + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t got;
  while ((got = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, got);
  pclose(p);
  std::string lines;
  for (const text::Span& s : text::SplitSentences(out, a.lang)) {
    if (!lines.empty()) lines += "\n";
    lines += std::string(s.Of(out));
  }
  return lines;
}

struct SetSpec {
  std::string path;
  uint32_t k = 3;
  double t1 = 0, t2 = 0, tl = 0;  // targets (0: none)
  bool keep = false;               // tune --keep: a constraint, not an aim
};

int CmdRouge(const std::map<std::string, std::string>& args) {
  auto refs = ReadJsonl(args.at("--refs"));
  auto hyps = ReadJsonl(args.at("--hyps"));
  std::string lang = args.count("--lang") ? args.at("--lang") : "en";
  std::map<std::string, std::string> hyp_by_id;
  for (const auto& h : hyps) {
    std::string id = h["id"].is_string() ? h["id"].get<std::string>() : h["id"].dump();
    std::string text;
    if (h.contains("summary") && h["summary"].is_array()) {
      for (const auto& x : h["summary"]) {
        if (!text.empty()) text += '\n';
        text += x.get<std::string>();
      }
    } else {
      text = Str(h, "summary");
    }
    hyp_by_id[id] = text;
  }
  RougeTokenizer tok(lang);
  Totals t;
  for (const auto& r : refs) {
    std::string id = r["id"].is_string() ? r["id"].get<std::string>() : r["id"].dump();
    std::string hyp = hyp_by_id.count(id) ? hyp_by_id[id] : "";
    RougeScores best;
    bool first = true;
    for (const std::string& ref : Refs(r)) {
      RougeScores s = ScoreTexts(&tok, ref, hyp);
      if (first || s.r1.f > best.r1.f) best.r1 = s.r1;
      if (first || s.r2.f > best.r2.f) best.r2 = s.r2;
      if (first || s.rlsum.f > best.rlsum.f) best.rlsum = s.rlsum;
      first = false;
    }
    t.Add(best, 0, 0);
  }
  std::printf("n=%zu\nROUGE-1    F1 %6.2f\nROUGE-2    F1 %6.2f\nROUGE-Lsum F1 %6.2f\n", t.n, t.R1(), t.R2(), t.RL());
  return 0;
}

void PrintRow(bool markdown, const std::string& set, const std::string& method, const Totals& t) {
  if (markdown) {
    std::printf("| %s | %s | %zu | %.2f | %.1f | %.2f | %.2f | %.2f |\n", set.c_str(), method.c_str(), t.n,
                t.sents / static_cast<double>(t.n), t.words / static_cast<double>(t.n), t.R1(), t.R2(), t.RL());
  } else {
    std::printf("%-28s %-14s n=%-5zu sents=%.2f words=%.1f  R1 %6.2f  R2 %6.2f  RLsum %6.2f\n", set.c_str(),
                method.c_str(), t.n, t.sents / static_cast<double>(t.n), t.words / static_cast<double>(t.n), t.R1(),
                t.R2(), t.RL());
  }
  std::fflush(stdout);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string b = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = b.rfind(".jsonl");
  return dot == std::string::npos ? b : b.substr(0, dot);
}

int CmdEval(const std::map<std::string, std::string>& args) {
  std::string path = args.at("--set");
  uint32_t k = args.count("--k") ? static_cast<uint32_t>(std::stoul(args.at("--k"))) : 3;
  std::string split = args.count("--split") ? args.at("--split") : "all";
  bool markdown = args.count("--markdown") != 0;
  bool ots = args.count("--ots") != 0;
  std::string label = args.count("--label") ? args.at("--label") : BaseName(path);
  std::vector<Article> set = LoadSet(path);
  const si::Model& m = si::DefaultModel();
  Totals ours, lead, rnd, otst;
  std::ofstream hyps_out;
  if (args.count("--write-hyps")) hyps_out.open(args.at("--write-hyps"));
  std::string tmp = "/tmp/summ_quality_ots_" + std::to_string(::getpid()) + ".txt";
  std::map<std::string, RougeTokenizer> ots_toks;
  for (size_t i = 0; i < set.size(); ++i) {
    if (!InSplit(i, split)) continue;
    const Article& a = set[i];
    std::vector<uint32_t> sel = OursSelection(a, m, k);
    uint32_t words = SelectionWords(a, sel);
    ours.Add(ScoreSelection(a, sel), sel.size(), words);
    if (hyps_out.is_open()) {
      std::string s;
      for (uint32_t x : sel) {
        if (!s.empty()) s += '\n';
        s += a.analysis.sentences[x].span.Of(a.text);
      }
      hyps_out << nlohmann::json({{"id", a.id}, {"summary", s}}).dump() << "\n";
    }
    std::vector<uint32_t> ld;
    for (uint32_t x = 0; x < k && x < a.analysis.sentences.size(); ++x) ld.push_back(x);
    lead.Add(ScoreSelection(a, ld), ld.size(), SelectionWords(a, ld));
    std::mt19937 rng(static_cast<uint32_t>(i * 7919u + 17u));
    std::vector<uint32_t> all(a.analysis.sentences.size());
    for (uint32_t x = 0; x < all.size(); ++x) all[x] = x;
    std::shuffle(all.begin(), all.end(), rng);
    std::vector<uint32_t> rs(all.begin(), all.begin() + std::min<size_t>(k, all.size()));
    std::sort(rs.begin(), rs.end());
    rnd.Add(ScoreSelection(a, rs), rs.size(), SelectionWords(a, rs));
    if (ots) {
      int ratio = a.body_words ? static_cast<int>(std::lround(100.0 * words / a.body_words)) : 20;
      ratio = std::clamp(ratio, 1, 100);
      std::string hyp = RunOts(a, ratio, tmp);
      size_t lines = hyp.empty() ? 0 : 1 + static_cast<size_t>(std::count(hyp.begin(), hyp.end(), '\n'));
      std::string rl = RougeLang(a.lang);
      RougeTokenizer& ots_tok = ots_toks.try_emplace(rl, rl).first->second;
      otst.Add(ScoreTexts(&ots_tok, a.refs[0], hyp), lines, CountWords(hyp));
    }
  }
  std::remove(tmp.c_str());
  std::string kk = std::to_string(k);
  PrintRow(markdown, label, "ours-" + kk, ours);
  PrintRow(markdown, label, "lead-" + kk, lead);
  PrintRow(markdown, label, "random-" + kk, rnd);
  if (ots) PrintRow(markdown, label, "ots@our-len", otst);
  return 0;
}

// ---- tuning ---------------------------------------------------------------

struct LoadedSet {
  SetSpec spec;
  std::vector<Article> articles;
};

std::vector<uint32_t> LeadSelection(const Article& a, uint32_t k) {
  std::vector<uint32_t> ld;
  for (uint32_t x = 0; x < k && x < a.analysis.sentences.size(); ++x) ld.push_back(x);
  return ld;
}

// Length bins of the lead guard in the objective (body words).
constexpr uint32_t kBinEdges[] = {260, 400, 800};
constexpr size_t kBins = 4;
std::string BinName(size_t b) {
  if (b == 0) return "< " + std::to_string(kBinEdges[0]) + " words";
  if (b == kBins - 1) return ">= " + std::to_string(kBinEdges[kBins - 2]) + " words";
  return std::to_string(kBinEdges[b - 1]) + "-" + std::to_string(kBinEdges[b] - 1) + " words";
}
size_t BinOf(const Article& a) {
  size_t b = 0;
  while (b < kBins - 1 && a.body_words >= kBinEdges[b]) ++b;
  return b;
}

// Ours and Lead-k on one set's split, overall and per length bin.
struct SetTotals {
  Totals ours, lead;
  std::array<Totals, kBins> ours_bin, lead_bin;
};

SetTotals EvalSet(const LoadedSet& ls, const si::Model& m, const std::string& split) {
  SetTotals t;
  for (size_t i = 0; i < ls.articles.size(); ++i) {
    if (!InSplit(i, split)) continue;
    const Article& a = ls.articles[i];
    std::vector<uint32_t> sel = OursSelection(a, m, ls.spec.k);
    std::vector<uint32_t> ld = LeadSelection(a, ls.spec.k);
    RougeScores so = ScoreSelection(a, sel);
    auto cached = a.lead_cache.find(ls.spec.k);
    if (cached == a.lead_cache.end()) cached = a.lead_cache.emplace(ls.spec.k, ScoreSelection(a, ld)).first;
    const RougeScores& sl = cached->second;
    t.ours.Add(so, sel.size(), SelectionWords(a, sel));
    t.lead.Add(sl, ld.size(), SelectionWords(a, ld));
    t.ours_bin[BinOf(a)].Add(so, sel.size(), 0);
    t.lead_bin[BinOf(a)].Add(sl, ld.size(), 0);
  }
  return t;
}

double WorstGain(const Totals& ours, const Totals& lead) {
  return std::min({ours.R1() - lead.R1(), ours.R2() - lead.R2(), ours.RL() - lead.RL()});
}

// The lead guard's weight (0: off): every R-1/R-2/R-Lsum point by which ours
// falls below Lead-k, on a whole set or on one of its length bins (weighted by
// the bin's share of the set), costs this much.
double g_lead_guard = 0;
// L2 regularization toward the start model (0: off): the objective loses
// g_l2 x the sum of squared weight differences from g_l2_center, so a tuned
// model leaves the start model (e.g. a pure position prior) only where the
// training sets pay for it.
double g_l2 = 0;
si::Model g_l2_center;

double Objective(const std::vector<LoadedSet>& sets, const si::Model& m, const std::string& split,
                 std::vector<Totals>* per_set) {
  double obj = 0;
  if (per_set) per_set->clear();
  for (const LoadedSet& ls : sets) {
    SetTotals st = EvalSet(ls, m, split);
    const Totals& t = st.ours;
    if (g_lead_guard > 0) {
      obj += g_lead_guard * std::min(0.0, WorstGain(st.ours, st.lead));
      for (size_t b = 0; b < kBins; ++b)
        if (st.ours_bin[b].n > 0)
          obj += g_lead_guard * std::min(0.0, WorstGain(st.ours_bin[b], st.lead_bin[b])) *
                 static_cast<double>(st.ours_bin[b].n) / static_cast<double>(t.n);
    }
    double margin = ((t.R1() - ls.spec.t1) + (t.R2() - ls.spec.t2) + (t.RL() - ls.spec.tl)) / 3.0;
    double worst = std::min({t.R1() - ls.spec.t1, t.R2() - ls.spec.t2, t.RL() - ls.spec.tl});
    if (ls.spec.keep) {
      // A kept set only constrains: any metric below its target costs much.
      obj += 10 * std::min(worst, 0.0);
    } else {
      // Every metric of every aimed set counts; surplus above a target is
      // capped so that an easy set cannot pay for a missed one.
      obj += std::min(worst, 0.5) + 0.1 * std::min(margin, 1.0);
    }
    if (per_set) per_set->push_back(t);
  }
  if (g_l2 > 0) {
    double sq = 0;
    for (size_t k = 0; k < si::kNumFeatures; ++k) {
      double a = m.weights[k] - g_l2_center.weights[k], b = m.long_weights[k] - g_l2_center.long_weights[k];
      sq += a * a + b * b;
    }
    obj -= g_l2 * sq;
  }
  return obj;
}

void PrintModel(const si::Model& m) {
  for (int k = 0; k < si::kNumFeatures; ++k)
    std::printf("    x.weights[k%s] = %.4ff;\n", si::FeatureName(k), m.weights[static_cast<size_t>(k)]);
  for (int k = 0; k < si::kNumFeatures; ++k)
    std::printf("    x.long_weights[k%s] = %.4ff;\n", si::FeatureName(k), m.long_weights[static_cast<size_t>(k)]);
  std::printf("    x.gate_lo = %.1ff;\n    x.gate_hi = %.1ff;\n    x.redundancy = %.3ff;\n    x.lead_margin = %.4ff;\n"
              "    x.prior_weight = %.3ff;\n    x.lead_keep = %u;\n",
              m.gate_lo, m.gate_hi, m.redundancy, m.lead_margin, m.prior_weight, m.lead_keep);
}

// Model files: one "name value" per line (w.<Feature>, l.<Feature>, gate_lo,
// gate_hi, redundancy); missing names keep their current values.
void SaveModel(const si::Model& m, const std::string& path) {
  std::ofstream f(path);
  for (int k = 0; k < si::kNumFeatures; ++k) f << "w." << si::FeatureName(k) << " " << m.weights[static_cast<size_t>(k)] << "\n";
  for (int k = 0; k < si::kNumFeatures; ++k) f << "l." << si::FeatureName(k) << " " << m.long_weights[static_cast<size_t>(k)] << "\n";
  f << "gate_lo " << m.gate_lo << "\ngate_hi " << m.gate_hi << "\nredundancy " << m.redundancy << "\nlead_margin "
    << m.lead_margin << "\nprior_weight " << m.prior_weight << "\nlead_keep " << m.lead_keep << "\n";
}

bool LoadModel(const std::string& path, si::Model* m) {
  std::ifstream f(path);
  if (!f) return false;
  std::string name;
  float v;
  while (f >> name >> v) {
    for (int k = 0; k < si::kNumFeatures; ++k) {
      if (name == std::string("w.") + si::FeatureName(k)) m->weights[static_cast<size_t>(k)] = v;
      if (name == std::string("l.") + si::FeatureName(k)) m->long_weights[static_cast<size_t>(k)] = v;
    }
    if (name == "gate_lo") m->gate_lo = v;
    if (name == "gate_hi") m->gate_hi = v;
    if (name == "redundancy") m->redundancy = v;
    if (name == "lead_margin") m->lead_margin = v;
    if (name == "prior_weight") m->prior_weight = v;
    if (name == "lead_keep") m->lead_keep = static_cast<uint32_t>(v);
  }
  return true;
}

void Report(const std::vector<LoadedSet>& sets, const si::Model& m) {
  for (const char* split : {"train", "test"}) {
    std::vector<Totals> per;
    double obj = Objective(sets, m, split, &per);
    std::printf("  %-5s obj %.3f", split, obj);
    for (size_t s = 0; s < sets.size(); ++s)
      std::printf(" | %s %.2f/%.2f/%.2f", BaseName(sets[s].spec.path).c_str(), per[s].R1(), per[s].R2(), per[s].RL());
    std::printf("\n");
  }
  std::fflush(stdout);
}

struct TuneOptions {
  int rounds = 20;
  std::string params = "all";  // short | long | all (all adds the gate) | robust (gate and lead margin only)
  std::string load, save;
  float gate_lo = 0, gate_hi = 0;  // 0: keep the loaded/default gate
  bool copy_short_to_long = false;
  bool redundancy = false;
  bool lead_margin = false;  // also tune the lead fallback margin
  int random = 0;  // random 3-parameter moves after the coordinate rounds
  bool verbose = true;
};

// Coordinate ascent (then optional random moves) of `m` on the `split` of
// `sets`; returns the tuned model.
si::Model TuneModel(const std::vector<LoadedSet>& sets, si::Model m, const TuneOptions& opt, const std::string& split) {
  double best = Objective(sets, m, split, nullptr);
  // Parameters: weights, long weights, then the two gate ends (stepped by
  // factors), then (--redundancy) the redundancy weight, kept >= 0, then
  // (--lead-margin) the lead fallback margin, kept >= 0.
  const int nf = si::kNumFeatures;
  std::vector<int> params;
  for (int p = 0; p < nf && opt.params != "robust"; ++p) {
    if (opt.params != "long") params.push_back(p);
    if (opt.params != "short") params.push_back(nf + p);
  }
  if (opt.params == "all" || opt.params == "robust") params.push_back(2 * nf), params.push_back(2 * nf + 1);
  if (opt.redundancy) params.push_back(2 * nf + 2);
  if (opt.lead_margin || opt.params == "robust") params.push_back(2 * nf + 3);
  auto apply = [&](si::Model& x, int p, float delta) {
    if (p < nf) x.weights[static_cast<size_t>(p)] += delta;
    else if (p < 2 * nf) x.long_weights[static_cast<size_t>(p - nf)] += delta;
    else if (p == 2 * nf) x.gate_lo *= std::exp(delta);
    else if (p == 2 * nf + 1) x.gate_hi *= std::exp(delta);
    else if (p == 2 * nf + 2) x.redundancy += delta;
    else x.lead_margin += delta;
    // A negative redundancy weight would favour repeated sentences.
    return x.gate_lo >= 20 && x.gate_hi > x.gate_lo * 1.1f && x.redundancy >= 0 && x.lead_margin >= 0;
  };
  float step = 0.5f;
  for (int round = 0; round < opt.rounds; ++round) {
    bool improved = false;
    for (int p : params) {
      for (float mult : {-2.0f, -1.0f, -0.5f, 0.5f, 1.0f, 2.0f}) {
        si::Model trial = m;
        if (!apply(trial, p, mult * step)) continue;
        double o = Objective(sets, trial, split, nullptr);
        if (o > best + 1e-6) {
          best = o;
          m = trial;
          improved = true;
        }
      }
    }
    if (opt.verbose) {
      std::printf("round %d step %.3f train obj %.4f\n", round, step, best);
      Report(sets, m);
    }
    if (!opt.save.empty()) SaveModel(m, opt.save);
    if (!improved) step *= 0.5f;
    if (step < 0.02f) break;
  }
  // Random moves of three parameters at once (fixed seed: deterministic), to
  // leave ridges that single-parameter steps cannot cross.
  std::mt19937 rng(12345);
  std::normal_distribution<float> gauss(0.0f, 0.15f);
  for (int it = 0; it < opt.random; ++it) {
    si::Model trial = m;
    bool ok = true;
    for (int j = 0; j < 3; ++j) ok &= apply(trial, params[rng() % params.size()], gauss(rng));
    if (!ok) continue;
    double o = Objective(sets, trial, split, nullptr);
    if (o > best + 1e-6) {
      best = o;
      m = trial;
      if (opt.verbose) {
        std::printf("random move %d: train obj %.4f\n", it, best);
        Report(sets, m);
      }
      if (!opt.save.empty()) SaveModel(m, opt.save);
    }
  }
  return m;
}

std::vector<LoadedSet> LoadSets(const std::vector<SetSpec>& specs, bool verbose) {
  std::vector<LoadedSet> sets;
  for (const SetSpec& s : specs) {
    auto t0 = std::chrono::steady_clock::now();
    sets.push_back(LoadedSet{s, LoadSet(s.path)});
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (verbose) std::printf("loaded %s: %zu articles in %.0f ms\n", s.path.c_str(), sets.back().articles.size(), ms);
  }
  return sets;
}

bool StartModel(const TuneOptions& opt, si::Model* m) {
  *m = si::DefaultModel();
  if (!opt.load.empty() && !LoadModel(opt.load, m)) {
    std::fprintf(stderr, "cannot read %s\n", opt.load.c_str());
    return false;
  }
  if (opt.copy_short_to_long) m->long_weights = m->weights;
  if (opt.gate_lo > 0) m->gate_lo = opt.gate_lo;
  if (opt.gate_hi > 0) m->gate_hi = opt.gate_hi;
  g_l2_center = *m;
  return true;
}

int CmdTune(const std::vector<SetSpec>& specs, const TuneOptions& opt) {
  std::vector<LoadedSet> sets = LoadSets(specs, true);
  si::Model m;
  if (!StartModel(opt, &m)) return 1;
  std::printf("start model:\n");
  Report(sets, m);
  m = TuneModel(sets, m, opt, "train");
  std::printf("tuned model:\n");
  PrintModel(m);
  Report(sets, m);
  if (!opt.save.empty()) SaveModel(m, opt.save);
  return 0;
}

void PrintGainRow(const std::string& fold, const std::string& set, const Totals& ours, const Totals& lead,
                  std::array<double, 3>* worst) {
  double d1 = ours.R1() - lead.R1(), d2 = ours.R2() - lead.R2(), dl = ours.RL() - lead.RL();
  std::printf("| %s | %s | %zu | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %+.2f / %+.2f / %+.2f |\n", fold.c_str(),
              set.c_str(), ours.n, ours.R1(), ours.R2(), ours.RL(), lead.R1(), lead.R2(), lead.RL(), d1, d2, dl);
  std::fflush(stdout);
  (*worst)[0] = std::min((*worst)[0], d1);
  (*worst)[1] = std::min((*worst)[1], d2);
  (*worst)[2] = std::min((*worst)[2], dl);
}

// Leave-one-corpus-out (each set in turn is held out; the model is tuned on
// all articles of the others, from the start model) and k-fold (--folds K:
// tuned on K-1 folds of every set, measured on the remaining fold of each).
// With --rounds 0 nothing is tuned: the start model is measured as is.
// --bins adds a row per article-length bin of each held-out set.
// --train-split train tunes the leave-one-corpus-out models on the even
// articles of the other sets only (half the work).
// Prints ours vs Lead-k per held-out part and the worst difference.
int CmdLoco(const std::vector<SetSpec>& specs, const TuneOptions& opt, int folds, const std::string& train_split,
            bool bins) {
  std::vector<LoadedSet> all = LoadSets(specs, false);
  si::Model start;
  if (!StartModel(opt, &start)) return 1;
  TuneOptions quiet = opt;
  quiet.verbose = false;
  quiet.save.clear();
  std::printf("| fold | held-out set | n | ours R-1 / R-2 / R-Lsum | lead-k | ours - lead |\n|---|---|---|---|---|---|\n");
  std::array<double, 3> worst_loco = {1e9, 1e9, 1e9}, worst_kf = {1e9, 1e9, 1e9}, worst_bin = {1e9, 1e9, 1e9};
  for (size_t h = 0; h < all.size(); ++h) {
    std::vector<LoadedSet> train;
    for (size_t s = 0; s < all.size(); ++s)
      if (s != h) train.push_back(all[s]);
    si::Model m = opt.rounds > 0 ? TuneModel(train, start, quiet, train_split) : start;
    std::string name = BaseName(all[h].spec.path);
    std::string fold = opt.rounds > 0 ? "LOCO: tuned without " + name : "as given";
    SetTotals t = EvalSet(all[h], m, "all");
    PrintGainRow(fold, name + " (k=" + std::to_string(all[h].spec.k) + ")", t.ours, t.lead, &worst_loco);
    for (size_t b = 0; bins && b < kBins; ++b)
      if (t.ours_bin[b].n > 0) PrintGainRow(fold, name + ", " + BinName(b), t.ours_bin[b], t.lead_bin[b], &worst_bin);
  }
  for (int f = 0; f < folds; ++f) {
    std::string prefix = "kf:" + std::to_string(folds) + ":" + std::to_string(f) + ":";
    si::Model m = opt.rounds > 0 ? TuneModel(all, start, quiet, prefix + "train") : start;
    for (const LoadedSet& ls : all) {
      SetTotals t = EvalSet(ls, m, prefix + "test");
      PrintGainRow(std::to_string(folds) + "-fold, fold " + std::to_string(f), BaseName(ls.spec.path), t.ours, t.lead,
                   &worst_kf);
    }
  }
  std::printf("\nworst ours - lead (R-1 / R-2 / R-Lsum): %s %+.2f / %+.2f / %+.2f",
              opt.rounds > 0 ? "leave-one-corpus-out" : "whole sets", worst_loco[0], worst_loco[1], worst_loco[2]);
  if (bins) std::printf("; length bins %+.2f / %+.2f / %+.2f", worst_bin[0], worst_bin[1], worst_bin[2]);
  if (folds > 0) std::printf("; %d-fold %+.2f / %+.2f / %+.2f", folds, worst_kf[0], worst_kf[1], worst_kf[2]);
  std::printf("\n");
  return 0;
}

// ---- robust designs (issue 16 item 1) ---------------------------------------

// A model tuned by `opt` on `split` of `sets`, cached as DIR/<tag>.txt when
// `dir` is set (loaded when the file exists, tuned and saved otherwise).
si::Model CachedModel(const std::string& dir, const std::string& tag, const std::vector<LoadedSet>& sets,
                      const si::Model& start, const TuneOptions& opt, const std::string& split) {
  const std::string path = dir.empty() ? std::string() : dir + "/" + tag + ".txt";
  si::Model m = start;
  if (!path.empty() && LoadModel(path, &m)) return m;
  auto t0 = std::chrono::steady_clock::now();
  m = TuneModel(sets, start, opt, split);
  if (!path.empty()) SaveModel(m, path);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "tuned %s in %.0f s\n", tag.c_str(), s);
  return m;
}

// One design: a name and the values of its hyperparameter, applied on top of
// a tuned model. The chosen value is the one with the best worst case on
// corpora that the measured part never sees (see CmdDesigns).
struct Design {
  std::string name, what;
  std::vector<float> grid;
  si::Model Apply(si::Model m, float h) const {
    m.prior_weight = 0;  // every design starts from the plain linear model
    m.lead_keep = 0;
    if (name == "a") m.lead_margin = h;
    if (name == "b") m.lead_keep = 1;
    if (name == "c" || name == "bc") m.prior_weight = h;
    if (name == "bc") m.lead_keep = 1;
    return m;
  }
};

std::vector<Design> AllDesigns() {
  const std::vector<float> prior = {0, 0.25f, 0.5f, 0.75f, 1, 1.5f, 2, 3, 4, 6, 10};
  return {
      {"d", "regularized retraining on the pooled tuning corpora (L2 to the prior, lead guard), as tuned", {0}},
      {"a", "d + confidence fallback to Lead-k: lead_margin (sd of scores)", {0, 0.1f, 0.25f, 0.5f, 0.75f, 1, 1.5f, 2, 3, 100}},
      {"b", "d + lead sentence 1 always kept", {0}},
      {"c", "d + position prior blended with standardized scores: prior_weight", prior},
      {"bc", "d + lead sentence 1 kept + position prior: prior_weight", prior},
  };
}

// ROUGE points: see CmdDesigns (the default value).
constexpr double kDefaultTolerance = 0.05;
bool g_verbose_designs = false;  // --verbose: every value's held-out gains on stderr

// The worst of R-1/R-2/R-Lsum ours - Lead-k of `m` on `split` of `ls`.
double GainOn(const LoadedSet& ls, const si::Model& m, const std::string& split) {
  SetTotals t = EvalSet(ls, m, split);
  return WorstGain(t.ours, t.lead);
}

// For every design: nested leave-one-corpus-out. Outer fold: corpus H held
// out, model M_T tuned on the other corpora T (even articles). The design's
// hyperparameter is chosen without H: inner leave-one-out over T with the
// single-corpus models M_A (tuned on A alone, measured on every other B in T),
// maximizing the worst inner gain over Lead-k. Then M_T with that value is
// measured on H. k-fold: models tuned on K-1 folds of every corpus, measured
// with the value the outer leave-one-corpus-out rule picks (the default's).
// The shipped model (DefaultModel's weights) is also measured in-corpus with
// that value, for the targets.
int CmdDesigns(const std::vector<SetSpec>& specs, const TuneOptions& opt, int folds, const std::string& train_split,
               const std::string& dir, const std::string& only, const std::string& which) {
  std::vector<LoadedSet> all = LoadSets(specs, false);
  si::Model start;
  if (!StartModel(opt, &start)) return 1;
  TuneOptions quiet = opt;
  quiet.verbose = false;
  quiet.save.clear();
  const size_t ns = all.size();
  std::vector<si::Model> outer(ns), single(ns), kf(static_cast<size_t>(folds));
  for (size_t h = 0; h < ns; ++h) {
    std::string name = BaseName(all[h].spec.path);
    if (only.empty() || only == "loco") {
      std::vector<LoadedSet> train;
      for (size_t s = 0; s < ns; ++s)
        if (s != h) train.push_back(all[s]);
      outer[h] = CachedModel(dir, "without_" + name, train, start, quiet, train_split);
    }
    if (only.empty() || only == "single")
      single[h] = CachedModel(dir, "only_" + name, {all[h]}, start, quiet, train_split);
  }
  for (int f = 0; f < folds && (only.empty() || only == "kfold"); ++f)
    kf[static_cast<size_t>(f)] = CachedModel(dir, "kfold" + std::to_string(folds) + "_" + std::to_string(f), all, start,
                                             quiet, "kf:" + std::to_string(folds) + ":" + std::to_string(f) + ":train");
  if (!only.empty()) return 0;
  std::printf("| design | held-out set | value (chosen without it) | ours R-1 / R-2 / R-Lsum | lead-k | ours - lead |\n"
              "|---|---|---|---|---|---|\n");
  std::vector<std::string> summary;
  for (const Design& d : AllDesigns()) {
    if (!which.empty() && ("," + which + ",").find("," + d.name + ",") == std::string::npos) continue;
    std::array<double, 3> worst = {1e9, 1e9, 1e9}, worst_kf = {1e9, 1e9, 1e9};
    for (size_t h = 0; h < ns; ++h) {
      size_t best = 0;
      double best_inner = -1e9;
      for (size_t g = 0; g < d.grid.size(); ++g) {
        double inner = 1e9;
        for (size_t a = 0; a < ns; ++a)
          for (size_t b = 0; b < ns; ++b)
            if (a != h && b != h && a != b) inner = std::min(inner, GainOn(all[b], d.Apply(single[a], d.grid[g]), "all"));
        if (g_verbose_designs)
          std::fprintf(stderr, "design %s without %s value %g: inner worst %+.2f\n", d.name.c_str(),
                       BaseName(all[h].spec.path).c_str(), d.grid[g], inner);
        if (inner > best_inner + 1e-9) best_inner = inner, best = g;
      }
      SetTotals t = EvalSet(all[h], d.Apply(outer[h], d.grid[best]), "all");
      char v[64];
      std::snprintf(v, sizeof v, "%g (inner worst %+.2f)", d.grid[best], best_inner);
      PrintGainRow(d.name + ": " + d.what, BaseName(all[h].spec.path) + " (k=" + std::to_string(all[h].spec.k) + ")",
                   t.ours, t.lead, &worst);
      std::printf("|  | (value) | %s | | | |\n", v);
    }
    // The default's value: the smallest (the grid is ascending: closest to
    // the tuned model) whose worst case over the outer folds is within
    // kDefaultTolerance of the best value's.
    std::vector<double> outer_worst(d.grid.size(), 1e9);
    for (size_t g = 0; g < d.grid.size(); ++g) {
      double w = 1e9;
      std::string per;
      for (size_t h = 0; h < ns; ++h) {
        const double gh = GainOn(all[h], d.Apply(outer[h], d.grid[g]), "all");
        w = std::min(w, gh);
        char buf[64];
        std::snprintf(buf, sizeof buf, " %s %+.2f", BaseName(all[h].spec.path).c_str(), gh);
        per += buf;
      }
      if (g_verbose_designs) std::fprintf(stderr, "design %s value %g: held-out worst gain%s\n", d.name.c_str(), d.grid[g], per.c_str());
      outer_worst[g] = w;
    }
    const double best_outer = *std::max_element(outer_worst.begin(), outer_worst.end());
    size_t best = 0;
    while (outer_worst[best] < best_outer - kDefaultTolerance - 1e-9) ++best;
    for (int f = 0; f < folds; ++f)
      for (const LoadedSet& ls : all) {
        SetTotals t = EvalSet(ls, d.Apply(kf[static_cast<size_t>(f)], d.grid[best]),
                              "kf:" + std::to_string(folds) + ":" + std::to_string(f) + ":test");
        double d1 = t.ours.R1() - t.lead.R1(), d2 = t.ours.R2() - t.lead.R2(), dl = t.ours.RL() - t.lead.RL();
        worst_kf[0] = std::min(worst_kf[0], d1), worst_kf[1] = std::min(worst_kf[1], d2), worst_kf[2] = std::min(worst_kf[2], dl);
      }
    std::array<double, 3> worst_def = {1e9, 1e9, 1e9};
    for (size_t h = 0; h < ns; ++h) {
      SetTotals t = EvalSet(all[h], d.Apply(outer[h], d.grid[best]), "all");
      worst_def[0] = std::min(worst_def[0], t.ours.R1() - t.lead.R1());
      worst_def[1] = std::min(worst_def[1], t.ours.R2() - t.lead.R2());
      worst_def[2] = std::min(worst_def[2], t.ours.RL() - t.lead.RL());
    }
    char line[512];
    int len = std::snprintf(line, sizeof line,
                            "| %s | %+.2f / %+.2f / %+.2f | %g | %+.2f / %+.2f / %+.2f | %+.2f / %+.2f / %+.2f |",
                            d.name.c_str(), worst[0], worst[1], worst[2], d.grid[best], worst_def[0], worst_def[1],
                            worst_def[2], worst_kf[0], worst_kf[1], worst_kf[2]);
    std::string row(line, static_cast<size_t>(len));
    si::Model shipped = d.Apply(si::DefaultModel(), d.grid[best]);
    for (const LoadedSet& ls : all) {
      SetTotals t = EvalSet(ls, shipped, "all");
      len = std::snprintf(line, sizeof line, " %.2f / %.2f / %.2f |", t.ours.R1(), t.ours.R2(), t.ours.RL());
      row.append(line, static_cast<size_t>(len));
    }
    summary.push_back(row);
  }
  std::printf("\n| design | worst LOCO, nested (value chosen without the held-out set) | default value | worst LOCO at the "
              "default value | worst %d-fold at the default value |", folds);
  for (const LoadedSet& ls : all) std::printf(" shipped weights + default value: %s |", BaseName(ls.spec.path).c_str());
  std::printf("\n|---|---|---|---|---|");
  for (size_t s = 0; s < ns; ++s) std::printf("---|");
  std::printf("\n");
  for (const std::string& r : summary) std::printf("%s\n", r.c_str());
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: summ_quality rouge --refs R --hyps H [--lang L]\n"
               "       summ_quality eval --set S.jsonl [--k K] [--ots] [--split all|train|test] "
               "[--write-hyps H] [--markdown] [--label L]\n"
               "       summ_quality tune --set S.jsonl:K:t1:t2:tl ... [--keep S.jsonl:K:t1:t2:tl ...] [--rounds N] [--params short|long|all]\n"
               "                         [--load M.txt] [--save M.txt] [--gate LO:HI] [--copy-short-to-long] [--redundancy]\n"
               "                         [--random N] [--lead-margin] [--lead-guard W] [--l2 L]\n"
               "       summ_quality loco --set S.jsonl:K:t1:t2:tl ... [--folds K] [--train-split all|train] [--bins] [tune options]\n"
               "       summ_quality designs --set S.jsonl:K:t1:t2:tl ... [--folds K] [--train-split all|train] [--models DIR]\n"
               "                            [--only loco|single|kfold] [--designs d,a,b,c,bc] [tune options]\n");
  return 1;
}

}  // namespace summ_quality_detail
}  // namespace newsdigest::bench

int main(int argc, char** argv) {
  namespace d = newsdigest::bench::summ_quality_detail;
  if (argc < 2) return d::Usage();
  std::string cmd = argv[1];
  std::map<std::string, std::string> args;
  std::vector<d::SetSpec> specs;
  d::TuneOptions topt;
  int folds = 0;
  std::string train_split = "all";
  bool bins = false;
  for (int i = 2; i < argc; ++i) {
    std::string k = argv[i];
    bool flag = k == "--ots" || k == "--markdown" || k == "--copy-short-to-long" || k == "--redundancy" ||
                k == "--lead-margin" || k == "--bins" || k == "--verbose";
    std::string v = flag ? "1" : (i + 1 < argc ? argv[++i] : "");
    if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && (k == "--set" || k == "--keep")) {
      d::SetSpec s;
      s.keep = k == "--keep";
      std::vector<std::string> parts;
      std::stringstream ss(v);
      std::string part;
      while (std::getline(ss, part, ':')) parts.push_back(part);
      if (parts.empty()) return d::Usage();
      s.path = parts[0];
      if (parts.size() > 1) s.k = static_cast<uint32_t>(std::stoul(parts[1]));
      if (parts.size() > 4) s.t1 = std::stod(parts[2]), s.t2 = std::stod(parts[3]), s.tl = std::stod(parts[4]);
      specs.push_back(s);
    } else if (k == "--verbose") {
      d::g_verbose_designs = true;
    } else if (k == "--bins") {
      bins = true;
    } else if (k == "--lead-margin") {
      topt.lead_margin = true;
    } else if (k == "--lead-guard") {
      d::g_lead_guard = std::stod(v);
    } else if (k == "--l2") {
      d::g_l2 = std::stod(v);
    } else if (k == "--train-split") {
      train_split = v;
    } else if (k == "--folds") {
      folds = std::stoi(v);
    } else if (k == "--rounds") {
      topt.rounds = std::stoi(v);
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--params") {
      topt.params = v;
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--load") {
      topt.load = v;
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--save") {
      topt.save = v;
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--random") {
      topt.random = std::stoi(v);
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--redundancy") {
      topt.redundancy = true;
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--copy-short-to-long") {
      topt.copy_short_to_long = true;
    } else if ((cmd == "tune" || cmd == "loco" || cmd == "designs") && k == "--gate") {
      size_t colon = v.find(':');
      if (colon == std::string::npos) return d::Usage();
      topt.gate_lo = std::stof(v.substr(0, colon));
      topt.gate_hi = std::stof(v.substr(colon + 1));
    } else {
      args[k] = v;
    }
  }
  if (cmd == "rouge" && args.count("--refs") && args.count("--hyps")) return d::CmdRouge(args);
  if (cmd == "eval" && args.count("--set")) return d::CmdEval(args);
  if (cmd == "tune" && !specs.empty()) return d::CmdTune(specs, topt);
  if (cmd == "loco" && !specs.empty()) return d::CmdLoco(specs, topt, folds, train_split, bins);
  if (cmd == "designs" && !specs.empty())
    return d::CmdDesigns(specs, topt, folds, train_split, args.count("--models") ? args.at("--models") : "",
                         args.count("--only") ? args.at("--only") : "", args.count("--designs") ? args.at("--designs") : "");
  return d::Usage();
}
