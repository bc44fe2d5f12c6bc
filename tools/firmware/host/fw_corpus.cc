// nd_fw_corpus: builds the digest file the demo firmware links into flash,
// plus the values the firmware must reproduce (a C header).
//
// Articles: every English tools/examples/*.txt (title on the first line, body after),
// each extended with following articles' paragraphs to about 4 KiB (the
// device budget's body size), then synthetic articles from templates written
// for this tool until there are at least --count. A dictionary is trained on
// the bodies and embedded. Summaries: three sentences picked by position.
//
// Usage: nd_fw_corpus --out-dir DIR [--examples DIR] [--count N]
//                     [--dict-size BYTES] [--body-limit BYTES]
// Writes DIR/digest.ndg and DIR/expected.h. Exit 0 on success.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/digest_builder.h"

namespace fw_corpus_detail {

namespace fs = std::filesystem;
namespace nw = newsdigest::writer;

struct Article {
  std::string title;
  std::string body;
};

uint32_t Fnv1a(const char* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<uint8_t>(p[i]);
    h *= 16777619u;
  }
  return h;
}

// Paragraphs of a plain-text article: non-empty lines, minus short
// navigation debris ("Share", "Read more") that has no sentence end.
std::vector<std::string> Paragraphs(const std::string& text, std::string* title) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    if (first) {
      *title = line;
      first = false;
      continue;
    }
    if (line.size() < 40 || line.find(". ") == std::string::npos) continue;
    out.push_back(line);
  }
  return out;
}

// A deterministic generator for the synthetic articles.
struct Lcg {
  uint32_t s;
  uint32_t Next(uint32_t n) {
    s = s * 1664525u + 1013904223u;
    return (s >> 8) % n;
  }
};

const char* const kPlaces[] = {"Marlow Bay", "Eastfield", "Kettering Cross", "Lowmoor", "Port Aven",
                               "Hollin Vale", "Brackwater", "Stonebridge", "Fennick", "Ashgrove"};
const char* const kBodies[] = {"the town council", "the regional water board", "the harbour trust",
                               "the county health service", "the university", "the transport authority",
                               "a residents' association", "the chamber of commerce"};
const char* const kTopics[] = {"a new cycle route", "the flood defences", "school meals", "the night bus service",
                               "a community solar farm", "the public library", "street lighting",
                               "the weekly market", "a youth football league", "the old railway viaduct"};
const char* const kPeople[] = {"Anna Kowalczyk", "Tomas Lindqvist", "Grace Obi", "Ravi Menon", "Elena Duarte",
                               "Pieter de Vries", "Moira Callaghan", "Samuel Osei"};
const char* const kTemplates[] = {
    "{B} in {P} said on Tuesday that it would spend {N} thousand on {T} over the next two years.",
    "The plan was approved after a public meeting attended by about {N} people.",
    "{Q}, who has followed the project since it began, said the decision was overdue.",
    "Critics argued that the money would be better spent on repairs to existing roads.",
    "According to figures published by {B}, demand has grown by {N} per cent since last spring.",
    "Work is expected to start in the autumn and to finish before the end of next year.",
    "Local shops said they hoped the change would bring more visitors to the centre of {P}.",
    "A spokesperson for {B} declined to say how many jobs the scheme would create.",
    "Residents will be able to comment on the details online until the end of the month.",
    "{Q} warned that rising prices for materials could push the final cost higher.",
    "The idea of {T} was first raised {N} years ago but was shelved for lack of funds.",
    "Several neighbouring towns are watching closely and may copy the approach.",
    "In a statement, {B} promised to publish a progress report every three months.",
    "Volunteers have already collected more than {N} signatures in support of {T}.",
    "Engineers said the site had been surveyed twice and no major obstacles were found.",
    "The opposition group on the council said it would not block the proposal.",
    "Some older residents said they were worried about noise during construction.",
    "A temporary information office will open next to the station in {P}.",
    "{Q} said the first phase would focus on the streets with the most complaints.",
    "Funding comes partly from a national programme and partly from local taxes.",
};

std::string Fill(const char* tmpl, Lcg* g, const std::string& place, const std::string& body,
                 const std::string& topic) {
  std::string out;
  for (const char* p = tmpl; *p != 0; ++p) {
    if (p[0] == '{' && p[1] != 0 && p[2] == '}') {
      switch (p[1]) {
        case 'P': out += place; break;
        case 'B': out += body; break;
        case 'T': out += topic; break;
        case 'Q': out += kPeople[g->Next(std::size(kPeople))]; break;
        case 'N': out += std::to_string(3 + g->Next(97)); break;
        default: break;
      }
      p += 2;
      continue;
    }
    out += *p;
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

Article Synthetic(uint32_t k, size_t limit) {
  Lcg g{0x9E3779B9u ^ (k * 2654435761u)};
  std::string place = kPlaces[g.Next(std::size(kPlaces))];
  std::string body_name = kBodies[g.Next(std::size(kBodies))];
  std::string topic = kTopics[g.Next(std::size(kTopics))];
  Article a;
  a.title = place + ": " + body_name + " backs " + topic;
  a.title[place.size() + 2] = static_cast<char>(a.title[place.size() + 2] - 'a' + 'A');
  while (true) {
    std::string para;
    size_t sentences = 3 + g.Next(3);
    for (size_t s = 0; s < sentences; ++s) {
      if (!para.empty()) para += ' ';
      para += Fill(kTemplates[g.Next(std::size(kTemplates))], &g, place, body_name, topic);
    }
    size_t add = para.size() + (a.body.empty() ? 0 : 1);
    if (a.body.size() + add > limit) break;
    if (!a.body.empty()) a.body += '\n';
    a.body += para;
  }
  return a;
}

// Sentence ranges of a body: split after ". ", "? ", "! " and newlines.
std::vector<std::pair<uint32_t, uint32_t>> Sentences(const std::string& body) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    bool end = body[i] == '\n' ||
               ((body[i] == '.' || body[i] == '?' || body[i] == '!') && i + 1 < body.size() && body[i + 1] == ' ');
    if (i + 1 == body.size()) {
      end = true;
      ++i;
    } else if (end && body[i] != '\n') {
      ++i;  // keep the punctuation
    }
    if (end) {
      if (i > start) out.emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(i - start));
      start = i + 1;  // skip the space or newline
    }
  }
  return out;
}

int Main(int argc, char** argv) {
  std::string out_dir, examples;
  size_t count = 24, dict_size = 16 * 1024, limit = 4096;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--out-dir") out_dir = v;
    else if (k == "--examples") examples = v;
    else if (k == "--count") count = std::stoul(v);
    else if (k == "--dict-size") dict_size = std::stoul(v);
    else if (k == "--body-limit") limit = std::stoul(v);
    else {
      std::fprintf(stderr, "nd_fw_corpus: unknown option %s\n", k.c_str());
      return 1;
    }
  }
  if (out_dir.empty()) {
    std::fprintf(stderr, "usage: nd_fw_corpus --out-dir DIR [--examples DIR] [--count N] [--dict-size B]\n");
    return 1;
  }
  fs::create_directories(out_dir);

  // Real articles first, each extended to about `limit` bytes.
  std::vector<std::pair<std::string, std::vector<std::string>>> real;
  if (!examples.empty() && fs::is_directory(examples)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(examples))
      if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      std::string title;
      const std::string text = ss.str();
      // English only: the one dictionary is trained for English (a file with
      // several languages would carry one dictionary per language).
      size_t high = 0;
      for (char c : text) high += static_cast<uint8_t>(c) >= 0x80;
      if (high * 10 > text.size()) continue;
      auto paras = Paragraphs(text, &title);
      if (!title.empty() && !paras.empty()) real.emplace_back(title, std::move(paras));
    }
  }
  std::vector<Article> articles;
  for (size_t i = 0; i < real.size(); ++i) {
    Article a;
    a.title = real[i].first;
    for (size_t j = 0; j < real.size(); ++j) {
      for (const auto& p : real[(i + j) % real.size()].second) {
        if (a.body.size() + p.size() + 1 > limit) break;
        if (!a.body.empty()) a.body += '\n';
        a.body += p;
      }
    }
    articles.push_back(std::move(a));
  }
  for (uint32_t k = 0; articles.size() < count; ++k) articles.push_back(Synthetic(k, limit));

  // Dictionary trained on paragraphs (more samples train better).
  std::vector<std::string> samples;
  for (const auto& a : articles) {
    std::istringstream in(a.body);
    std::string line;
    while (std::getline(in, line)) samples.push_back(line);
  }
  nw::DictionaryData dict;
  newsdigest::Status st = nw::TrainDictionary(samples, dict_size, &dict);
  if (!st.ok()) {
    std::fprintf(stderr, "nd_fw_corpus: dictionary training failed: %s\n", st.message());
    return 1;
  }

  const std::string path = (fs::path(out_dir) / "digest.ndg").string();
  nw::BuilderOptions bo;
  bo.article_limit = static_cast<uint32_t>(limit);
  bo.dictionaries = {&dict};
  bo.embed_dictionaries = true;
  std::unique_ptr<nw::DigestBuilder> builder;
  st = nw::DigestBuilder::Create(path, bo, &builder);
  if (!st.ok()) {
    std::fprintf(stderr, "nd_fw_corpus: %s\n", st.message());
    return 1;
  }
  nw::EncoderOptions eo;
  eo.article_limit = static_cast<uint32_t>(limit);
  eo.dictionaries = {&dict};
  nw::DigestEncoder enc(eo);
  for (size_t i = 0; i < articles.size() && st.ok(); ++i) {
    nw::DigestInput in;
    in.id = "fw-" + std::to_string(i);
    in.title = articles[i].title;
    in.source = "newsdigest firmware demo";
    in.lang = "en";
    in.body = articles[i].body;
    auto sents = Sentences(in.body);
    std::vector<size_t> pick = {0, sents.size() / 3, (2 * sents.size()) / 3};
    pick.erase(std::unique(pick.begin(), pick.end()), pick.end());
    for (size_t p : pick)
      if (p < sents.size()) in.summary.push_back(sents[p]);
    nw::EncodedDigest ed;
    st = enc.Encode(in, &ed);
    if (st.ok()) st = builder->Add(ed);
  }
  if (st.ok()) st = builder->Finish();
  if (!st.ok()) {
    builder->Abandon();
    std::fprintf(stderr, "nd_fw_corpus: writing failed: %s\n", st.message());
    return 1;
  }

  // Expected values, computed with the host reader from the file itself.
  std::ifstream fin(path, std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(fin)), std::istreambuf_iterator<char>());
  nd_limits lim;
  size_t needed = 0;
  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  if (nd_reader_probe(data, file.size(), &lim, &needed) != ND_OK) {
    std::fprintf(stderr, "nd_fw_corpus: probe failed\n");
    return 1;
  }
  std::vector<uint64_t> ws((nd_reader_workspace_size(&lim) + 7) / 8);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(data, file.size(), ws.data(), ws.size() * 8, &r) != ND_OK) {
    std::fprintf(stderr, "nd_fw_corpus: open failed\n");
    return 1;
  }
  const uint32_t n = nd_reader_count(r);
  std::vector<uint32_t> body_sums, title_sums;
  uint32_t summary_sum = 0, summary_index = n / 2;
  std::vector<char> body(lim.max_text_size + 1);
  for (uint32_t i = 0; i < n; ++i) {
    nd_meta m;
    size_t len = 0;
    if (nd_reader_meta(r, i, &m) != ND_OK || nd_reader_body(r, i, body.data(), body.size(), &len) != ND_OK ||
        std::string(body.data(), len) != articles[i].body || std::string(m.title.ptr, m.title.len) != articles[i].title) {
      std::fprintf(stderr, "nd_fw_corpus: host read-back of digest %u failed\n", i);
      return 1;
    }
    title_sums.push_back(Fnv1a(m.title.ptr, m.title.len));
    body_sums.push_back(Fnv1a(body.data(), len));
    if (i == summary_index) {
      nd_str s[64];
      uint32_t c = 0;
      if (nd_reader_summary(r, i, s, 64, &c) != ND_OK) return 1;
      uint32_t h = 2166136261u;
      for (uint32_t k = 0; k < c; ++k)
        for (size_t b = 0; b < s[k].len; ++b) {
          h ^= static_cast<uint8_t>(s[k].ptr[b]);
          h *= 16777619u;
        }
      summary_sum = h;
    }
  }
  std::ofstream h(fs::path(out_dir) / "expected.h");
  h << "/* Generated by nd_fw_corpus: values the firmware must reproduce (FNV-1a 32). */\n"
    << "#define ND_FW_DIGESTS " << n << "u\n"
    << "#define ND_FW_DICT_BYTES " << dict.content.size() << "u\n"
    << "#define ND_FW_FILE_BYTES " << file.size() << "u\n"
    << "#define ND_FW_SUMMARY_INDEX " << summary_index << "u\n"
    << "#define ND_FW_SUMMARY_SUM 0x" << std::hex << summary_sum << "u\n"
    << "static const uint32_t kNdFwTitleSums[] = {";
  for (uint32_t v : title_sums) h << "0x" << v << "u, ";
  h << "};\nstatic const uint32_t kNdFwBodySums[] = {";
  for (uint32_t v : body_sums) h << "0x" << v << "u, ";
  h << "};\n";
  std::printf("nd_fw_corpus: %u digests (%zu from examples), %zu bytes, dictionary %zu bytes, max body %u\n", n,
              real.size(), file.size(), dict.content.size(), lim.max_text_size);
  return h.good() ? 0 : 1;
}

}  // namespace fw_corpus_detail

int main(int argc, char** argv) { return fw_corpus_detail::Main(argc, argv); }
