// BBC corpus round trip through the writer and the device-shaped reader:
// for every digest, headline, summary and body equal what the writer was
// given (minimal workspace: summary into the body buffer, body in place).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/digest_builder.h"

namespace reader_corpus_detail {
namespace nw = newsdigest::writer;

// Summary: first sentence and the sentence after the body's midpoint.
void PickSummary(nw::DigestInput* in) {
  const std::string& b = in->body;
  size_t e = b.find(". ");
  if (e == std::string::npos) return;
  in->summary.emplace_back(0u, static_cast<uint32_t>(e + 1));
  size_t m = b.find(". ", std::max(e + 2, b.size() / 2));
  if (m == std::string::npos) return;
  size_t s = m + 2, t = b.find(". ", s);
  if (t != std::string::npos && t > s) in->summary.emplace_back(static_cast<uint32_t>(s), static_cast<uint32_t>(t + 1 - s));
}
}  // namespace reader_corpus_detail

TEST_CASE("BBC corpus: every digest reads back exactly", "[reader][corpus]") {
  namespace nw = newsdigest::writer;
  std::ifstream in(std::string(ND_SHARED_DIR) + "/eval/summ/bbc_news_summary.jsonl");
  REQUIRE(in.good());
  std::vector<nw::DigestInput> inputs;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text")) continue;
    nw::DigestInput d;
    d.id = j.value("id", "");
    d.title = j.value("title", "");
    d.lang = j.value("lang", "");
    d.body = j.value("text", "");
    reader_corpus_detail::PickSummary(&d);
    inputs.push_back(std::move(d));
  }
  REQUIRE(inputs.size() > 1000);
  std::vector<std::string> samples;
  for (size_t i = 0; i < inputs.size(); i += 4) samples.push_back(inputs[i].body);
  nw::DictionaryData dict;
  REQUIRE(nw::TrainDictionary(samples, 16 * 1024, &dict).ok());
  const std::string path = (std::filesystem::temp_directory_path() / "nd_reader_bbc.ndg").string();
  nw::BuilderOptions bo;
  bo.dictionaries = {&dict};
  nw::EncoderOptions eo;
  eo.level = 9;
  eo.dictionaries = {&dict};
  std::unique_ptr<nw::DigestBuilder> b;
  REQUIRE(nw::DigestBuilder::Create(path, bo, &b).ok());
  nw::DigestEncoder enc(eo);
  for (const auto& d : inputs) {
    nw::EncodedDigest ed;
    REQUIRE(enc.Encode(d, &ed).ok());
    REQUIRE(b->Add(ed).ok());
  }
  REQUIRE(b->Finish().ok());
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string file = ss.str();
  std::filesystem::remove(path);

  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(data, file.size(), &lim, &needed) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size_min(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  REQUIRE(nd_reader_count(r) == inputs.size());
  std::vector<char> body(lim.max_text_size + 1);
  size_t bad = 0;
  for (uint32_t i = 0; i < inputs.size(); ++i) {
    const auto& d = inputs[i];
    nd_meta m;
    nd_str sent[64];
    uint32_t n = 0;
    size_t len = 0;
    bool ok = nd_reader_meta(r, i, &m) == ND_OK && std::string(m.title.ptr, m.title.len) == d.title;
    ok = ok && nd_reader_summary_into(r, i, body.data(), body.size(), sent, 64, &n) == ND_OK &&
         n == d.summary.size();
    for (uint32_t k = 0; ok && k < n; ++k)
      ok = std::string(sent[k].ptr, sent[k].len) == d.body.substr(d.summary[k].first, d.summary[k].second);
    ok = ok && nd_reader_body(r, i, body.data(), body.size(), &len) == ND_OK && std::string(body.data(), len) == d.body;
    if (!ok && bad++ < 5) WARN("digest " << i << " (" << d.id << ") differs");
  }
  CHECK(bad == 0);
}
