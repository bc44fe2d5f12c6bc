// Dictionaries: training limits, file round trip, embedded (self-contained)
// and named (preloaded) files, and the missing-dictionary error.
#include <catch2/catch.hpp>

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
