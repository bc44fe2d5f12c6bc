#include "speed_corpus.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/writer/dictionary.h"

namespace newsdigest::speed {
namespace speed_corpus_detail {

namespace fs = std::filesystem;

std::vector<std::string> SplitColons(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(':', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Inputs to load: env, shared eval corpora, or the bundled examples.
std::vector<std::string> CorpusInputs(std::string* description) {
  if (const char* env = std::getenv("ND_SPEED_CORPUS"); env != nullptr && *env != '\0') {
    *description = std::string("ND_SPEED_CORPUS=") + env;
    return SplitColons(env);
  }
  std::vector<std::string> files;
#ifdef ND_SPEED_SHARED_SUMM
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(ND_SPEED_SHARED_SUMM, ec))
    if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  if (!files.empty()) {
    *description = "../shared/eval/summ/*.jsonl";
    return files;
  }
#endif
  *description = "tools/examples (bundled)";
  return {std::string(ND_SPEED_SOURCE_DIR) + "/tools/examples"};
}

size_t MaxArticles() {
  const char* env = std::getenv("ND_SPEED_ARTICLES");
  const long n = env != nullptr ? std::atol(env) : 0;
  return n > 0 ? static_cast<size_t>(n) : 1000;
}

Corpus* LoadCorpus() {
  auto* c = new Corpus();
  std::vector<std::string> inputs = CorpusInputs(&c->description);
  const size_t max = MaxArticles();
  const size_t per_input = (max + inputs.size() - 1) / inputs.size();
  for (const std::string& in : inputs) {
    ingest::ArticleSource source({in}, ingest::IngestOptions());
    ingest::Article a;
    ingest::InputError e;
    size_t taken = 0;
    while (taken < per_input && c->articles.size() < max) {
      auto r = source.Next(&a, &e);
      if (r == ingest::ArticleSource::Result::kEnd) break;
      if (r != ingest::ArticleSource::Result::kArticle) continue;
      ingest::AssignId(&a);
      c->body_bytes += a.title.size() + a.body.size();
      c->articles.push_back(a);
      ++taken;
    }
  }
  if (c->articles.empty()) {
    std::fprintf(stderr, "speed: no articles in %s\n", c->description.c_str());
    std::exit(1);
  }
  c->description += " (" + std::to_string(c->articles.size()) + " articles, " +
                    std::to_string(c->body_bytes) + " bytes of title + body)";
  c->jsonl_path = SpeedTempDir() + "/corpus.jsonl";
  std::ofstream out(c->jsonl_path, std::ios::binary);
  for (const auto& a : c->articles) {
    nlohmann::json j;
    j["id"] = a.id;
    j["title"] = a.title;
    j["text"] = a.body;
    if (!a.lang.empty()) j["lang"] = a.lang;
    if (!a.url.empty()) j["url"] = a.url;
    if (!a.source.empty()) j["source"] = a.source;
    if (a.published != 0) j["published"] = a.published;
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return c;
}

std::string* g_speed_temp_dir = nullptr;

void RemoveSpeedTempDir() {
  std::error_code ec;
  if (g_speed_temp_dir != nullptr) fs::remove_all(*g_speed_temp_dir, ec);
}

std::string* MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  auto* dir = new std::string((base != nullptr && *base != '\0' ? std::string(base) : std::string("/tmp")) +
                              "/nd_speed_" + std::to_string(getpid()));
  g_speed_temp_dir = dir;
  fs::create_directories(*dir);
  std::atexit(RemoveSpeedTempDir);
  return dir;
}

}  // namespace speed_corpus_detail

const std::string& SpeedTempDir() {
  static const std::string* dir = speed_corpus_detail::MakeTempDir();
  return *dir;
}

const Corpus& SpeedCorpus() {
  static const Corpus* c = speed_corpus_detail::LoadCorpus();
  return *c;
}

const std::vector<writer::DigestInput>& SpeedInputs() {
  static const std::vector<writer::DigestInput>* inputs = [] {
    auto* v = new std::vector<writer::DigestInput>();
    for (const auto& a : SpeedCorpus().articles) {
      summarize::Summary s = summarize::Summarize(a.title, a.body, a.lang, summarize::SummaryOptions());
      v->emplace_back();
      pipeline::ToDigestInput(a, s, &v->back());
    }
    return v;
  }();
  return *inputs;
}

const std::vector<std::string>& SpeedTexts() {
  static const std::vector<std::string>* texts = [] {
    auto* v = new std::vector<std::string>();
    for (const auto& in : SpeedInputs()) {
      std::string t;
      for (const auto& [off, len] : in.summary) t.append(in.body, off, len);
      size_t cursor = 0;
      for (const auto& [off, len] : in.summary) {
        t.append(in.body, cursor, off - cursor);
        cursor = off + len;
      }
      t.append(in.body, cursor, std::string::npos);
      v->push_back(std::move(t));
    }
    return v;
  }();
  return *texts;
}

const writer::DictionaryData& SpeedDictionary() {
  static const writer::DictionaryData* dict = [] {
    auto* d = new writer::DictionaryData();
    std::vector<std::string> samples;
    for (const auto& a : SpeedCorpus().articles) samples.push_back(a.body);
    if (!writer::TrainDictionary(samples, writer::kDefaultDictionarySize, d).ok()) {
      std::fprintf(stderr, "speed: cannot train a dictionary on the corpus (too small?)\n");
      std::exit(1);
    }
    return d;
  }();
  return *dict;
}

const std::string& SpeedDictionaryPath() {
  static const std::string* path = [] {
    auto* p = new std::string(SpeedTempDir() + "/corpus.dict");
    if (!writer::SaveDictionaryFile(*p, SpeedDictionary()).ok()) {
      std::fprintf(stderr, "speed: cannot save %s\n", p->c_str());
      std::exit(1);
    }
    return p;
  }();
  return *path;
}

bool ReadSpeedFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

}  // namespace newsdigest::speed
