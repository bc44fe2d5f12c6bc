// Dictionaries: training limits, file round trip, embedded (self-contained)
// and named (preloaded) files, and the missing-dictionary error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/digest_builder.h"
#include "writer_test_util.h"

namespace wt = newsdigest::writer_test;
namespace nw = newsdigest::writer;

namespace dictionary_test_detail {

std::vector<std::string> DictTestSamples(uint32_t first, uint32_t count) {
  std::vector<std::string> s;
  for (uint32_t n = first; n < first + count; ++n) {
    nw::DigestInput a = wt::MakeArticle(n, 20);
    s.push_back(a.title + "\n" + a.body);
  }
  return s;
}

newsdigest::Status BuildDictTestFile(const std::string& path, const std::vector<nw::DigestInput>& in,
                                     const nw::DictionaryData* dict, bool embed) {
  nw::EncoderOptions eo;
  nw::BuilderOptions bo;
  if (dict != nullptr) {
    eo.dictionaries.push_back(dict);
    bo.dictionaries.push_back(dict);
  }
  bo.embed_dictionaries = embed;
  std::unique_ptr<nw::DigestBuilder> b;
  ND_RETURN_IF_ERROR(nw::DigestBuilder::Create(path, bo, &b));
  nw::DigestEncoder enc(eo);
  nw::EncodedDigest e;
  for (const auto& a : in) {
    newsdigest::Status st = enc.Encode(a, &e);
    if (!st.ok()) {
      b->Abandon();
      return st;
    }
    ND_RETURN_IF_ERROR(b->Add(e));
  }
  return b->Finish();
}

}  // namespace dictionary_test_detail

TEST_CASE("trained dictionaries respect the size limit and round-trip as files", "[writer]") {
  namespace d = dictionary_test_detail;
  nw::DictionaryData dict;
  REQUIRE(nw::TrainDictionary(d::DictTestSamples(0, 600), nw::kDefaultDictionarySize, &dict).ok());
  CHECK(dict.id != 0);
  CHECK(dict.content.size() <= nw::kDefaultDictionarySize);
  nw::DictionaryData small;
  REQUIRE(nw::TrainDictionary(d::DictTestSamples(0, 600), 4096, &small).ok());
  CHECK(small.content.size() <= 4096);

  const std::string path = wt::WriterTempPath("t.dict");
  REQUIRE(nw::SaveDictionaryFile(path, dict).ok());
  nw::DictionaryData loaded;
  REQUIRE(nw::LoadDictionaryFile(path, &loaded).ok());
  CHECK(loaded.id == dict.id);
  CHECK(loaded.content == dict.content);
  std::remove(path.c_str());

  nw::DictionaryData none;
  CHECK_FALSE(nw::TrainDictionary({"too", "few"}, 4096, &none).ok());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fputs("not a dictionary at all", f);
  std::fclose(f);
  CHECK_FALSE(nw::LoadDictionaryFile(path, &none).ok());
  std::remove(path.c_str());
}

TEST_CASE("dictionaries: embedded, preloaded, missing", "[writer]") {
  namespace d = dictionary_test_detail;
  nw::DictionaryData dict;
  REQUIRE(nw::TrainDictionary(d::DictTestSamples(1000, 600), 16 * 1024, &dict).ok());
  std::vector<nw::DigestInput> in;
  for (uint32_t n = 0; n < 50; ++n) in.push_back(wt::MakeArticle(n, 15));
  const std::string embedded = wt::WriterTempPath("emb.ndg"), named = wt::WriterTempPath("named.ndg"),
                    plain = wt::WriterTempPath("nodict.ndg");
  REQUIRE(d::BuildDictTestFile(embedded, in, &dict, true).ok());
  REQUIRE(d::BuildDictTestFile(named, in, &dict, false).ok());
  REQUIRE(d::BuildDictTestFile(plain, in, nullptr, false).ok());
  const size_t emb_size = wt::SlurpFile(embedded).size(), named_size = wt::SlurpFile(named).size(),
               plain_size = wt::SlurpFile(plain).size();
  CHECK(named_size < plain_size);                   // the dictionary helps
  CHECK(emb_size >= named_size + dict.content.size());  // and is stored once

  // Self-contained: readable with nothing preloaded.
  wt::ReadBack rb = wt::ReadAllDigests(embedded, {});
  REQUIRE(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) CHECK(rb.bodies[i] == in[i].body);

  // Named: readable with the dictionary preloaded.
  rb = wt::ReadAllDigests(named, {&dict});
  REQUIRE(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == in.size());
  for (size_t i = 0; i < in.size(); ++i) CHECK(rb.bodies[i] == in[i].body);

  // Named, dictionary missing: the headline is still there, text fails clearly.
  rb = wt::ReadAllDigests(named, {});
  CHECK(rb.status == ND_ERR_DICTIONARY_MISSING);
  REQUIRE(rb.titles.size() == 1);
  CHECK(rb.titles[0] == in[0].title);

  // Named, wrong dictionary offered under the right id: refused by checksum.
  const std::string data = wt::SlurpFile(named);
  nd_limits lim;
  size_t needed = 0;
  REQUIRE(nd_reader_probe(reinterpret_cast<const uint8_t*>(data.data()), data.size(), &lim, &needed) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(reinterpret_cast<const uint8_t*>(data.data()), data.size(), ws.data(), ws.size() * 8,
                                &r) == ND_OK);
  std::string wrong = dict.content;
  wrong[wrong.size() / 2] ^= 1;
  CHECK(nd_reader_add_dictionary(r, dict.id, reinterpret_cast<const uint8_t*>(wrong.data()), wrong.size()) ==
        ND_ERR_CHECKSUM);
  CHECK(nd_reader_add_dictionary(r, dict.id + 1, reinterpret_cast<const uint8_t*>(dict.content.data()),
                                 dict.content.size()) == ND_ERR_NOT_FOUND);
  for (const auto& p : {embedded, named, plain}) std::remove(p.c_str());
}

TEST_CASE("per-language dictionaries are picked by article language", "[writer]") {
  namespace d = dictionary_test_detail;
  nw::DictionaryData en, fr;
  REQUIRE(nw::TrainDictionary(d::DictTestSamples(0, 400), 8 * 1024, &en).ok());
  REQUIRE(nw::TrainDictionary(d::DictTestSamples(5000, 400), 8 * 1024, &fr).ok());
  en.lang = "en";
  fr.lang = "fr";
  REQUIRE(en.id != fr.id);
  std::vector<nw::DigestInput> in;
  for (uint32_t n = 0; n < 20; ++n) {
    in.push_back(wt::MakeArticle(n, 10));
    in.back().lang = n % 2 ? "fr" : "en";
  }
  nw::EncoderOptions eo;
  eo.dictionaries = {&en, &fr};
  nw::DigestEncoder enc(eo);
  nw::EncodedDigest e;
  for (const auto& a : in) {
    REQUIRE(enc.Encode(a, &e).ok());
    CHECK(e.dict_id == (a.lang == "fr" ? fr.id : en.id));
  }
}

TEST_CASE("dictionary file names carry the language", "[writer]") {
  nw::DictionaryData dict;
  REQUIRE(nw::TrainDictionary(dictionary_test_detail::DictTestSamples(0, 300), 4096, &dict).ok());
  for (const auto& [name, lang] : std::vector<std::pair<std::string, std::string>>{
           {"news.fr.dict", "fr"}, {"news.dict", ""}, {"my.news.dict", ""}, {"a.pt-BR.dict", "pt-BR"}}) {
    const std::string path = wt::WriterTempPath(name);
    REQUIRE(nw::SaveDictionaryFile(path, dict).ok());
    nw::DictionaryData loaded;
    REQUIRE(nw::LoadDictionaryFile(path, &loaded).ok());
    CHECK(loaded.lang == lang);
    std::remove(path.c_str());
  }
}

namespace dictionary_test_detail {

// `count` samples of pseudo-random bytes (xorshift; nothing to share).
std::vector<std::string> NoiseSamples(uint32_t count, size_t bytes) {
  std::vector<std::string> s;
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (uint32_t n = 0; n < count; ++n) {
    std::string t(bytes, '\0');
    for (char& c : t) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<char>(x >> 56);
    }
    s.push_back(std::move(t));
  }
  return s;
}

}  // namespace dictionary_test_detail

TEST_CASE("the dictionary size is chosen for the whole file within the budget", "[writer]") {
  namespace d = dictionary_test_detail;
  const std::vector<std::string> samples = d::DictTestSamples(0, 1500);
  size_t total = 0;
  for (const auto& s : samples) total += s.size();
  REQUIRE(total >= 4 * 64 * 1024);  // room for several candidates

  nw::SizeChoiceOptions o;
  o.layout = nw::DictionaryLayout::kEmbeddedCompressed;
  o.dict_max = 64 * 1024;
  nw::SizeChoice c;
  REQUIRE(nw::ChooseDictionarySize(samples, o, &c).ok());
  // Shared boilerplate: a dictionary pays off.
  CHECK(c.size > 0);
  CHECK(c.size <= o.dict_max);
  REQUIRE(c.tried.size() >= 2);
  CHECK(c.tried[0].size == 0);
  CHECK(c.tried[0].dict_bytes == 0);
  uint64_t best = ~uint64_t{0}, chosen = 0;
  for (size_t i = 0; i < c.tried.size(); ++i) {
    if (i > 0) CHECK(c.tried[i].size > c.tried[i - 1].size);
    CHECK(c.tried[i].size <= o.dict_max);
    best = std::min(best, c.tried[i].text_bytes + c.tried[i].dict_bytes);
    if (c.tried[i].size == c.size) chosen = c.tried[i].text_bytes + c.tried[i].dict_bytes;
  }
  // The chosen size is within 0.5% of the least estimate, and no smaller size is.
  CHECK(chosen <= best + best / 200);
  for (const auto& t : c.tried)
    if (t.size < c.size) CHECK(t.text_bytes + t.dict_bytes > best + best / 200);
  // Same input, same choice.
  nw::SizeChoice again;
  REQUIRE(nw::ChooseDictionarySize(samples, o, &again).ok());
  CHECK(again.size == c.size);

  SECTION("device RAM bounds a compressed dictionary") {
    o.device_ram = 16 * 1024;
    REQUIRE(nw::ChooseDictionarySize(samples, o, &c).ok());
    CHECK(c.size <= 16 * 1024);
    CHECK(c.tried.back().size <= 16 * 1024);
  }
  SECTION("a plain dictionary costs its full size; a preloaded one nothing") {
    o.layout = nw::DictionaryLayout::kEmbeddedRaw;
    REQUIRE(nw::ChooseDictionarySize(samples, o, &c).ok());
    for (const auto& t : c.tried)
      if (t.size > 0) CHECK(t.dict_bytes > t.size / 2);
    o.layout = nw::DictionaryLayout::kPreloaded;
    REQUIRE(nw::ChooseDictionarySize(samples, o, &c).ok());
    for (const auto& t : c.tried) CHECK(t.dict_bytes == 0);
    CHECK(c.size > 0);
  }
  SECTION("noise: no dictionary is smaller") {
    o.layout = nw::DictionaryLayout::kEmbeddedRaw;
    REQUIRE(nw::ChooseDictionarySize(d::NoiseSamples(200, 2000), o, &c).ok());
    CHECK(c.size == 0);
  }
  SECTION("too few samples") {
    CHECK(!nw::ChooseDictionarySize(d::DictTestSamples(0, 3), o, &c).ok());
  }
}

TEST_CASE("per-article bytes shrink with a dictionary trained on similar text", "[writer]") {
  namespace d = dictionary_test_detail;
  nw::DictionaryData dict;
  REQUIRE(nw::TrainDictionary(d::DictTestSamples(0, 600), 16 * 1024, &dict).ok());
  const std::vector<std::string> held = d::DictTestSamples(1000, 50);
  const uint64_t plain = nw::PerArticleBytes(held, std::string(), 19);
  const uint64_t with = nw::PerArticleBytes(held, dict.content, 19);
  CHECK(plain > 0);
  CHECK(with < plain);
}
