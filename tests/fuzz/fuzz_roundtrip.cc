// libFuzzer target: round trip. Random articles (arbitrary body bytes,
// random summary spans, shared bodies, an optional embedded or preloaded
// dictionary) are built into a file with the writer API and read back with
// the reader in memory and callback mode; everything must come back
// identical.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "newsdigest/format/format.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/digest_builder.h"

namespace fuzz_roundtrip_detail {

namespace w = newsdigest::writer;

void Require(bool ok) {
  if (!ok) std::abort();
}

// Metadata strings are protobuf `string`s: keep them valid UTF-8 (ASCII).
std::string AsciiString(FuzzedDataProvider& p, size_t max) {
  std::string s = p.ConsumeRandomLengthString(max);
  for (char& c : s)
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  return s;
}

std::string OutputPath() {
  static const std::string path = (access("/dev/shm", W_OK) == 0 ? std::string("/dev/shm") : std::string("/tmp")) +
                                  "/nd_fuzz_roundtrip_" + std::to_string(getpid()) + ".ndg";
  return path;
}

int ReadMem(void* ctx, uint64_t offset, void* dst, size_t len) {
  auto* v = static_cast<const std::vector<uint8_t>*>(ctx);
  if (offset > v->size() || len > v->size() - offset) std::abort();
  std::memcpy(dst, v->data() + offset, len);
  return 0;
}

void CheckFile(const std::vector<uint8_t>& file, const std::vector<w::DigestInput>& in, const w::DictionaryData* dict,
               bool embedded, bool callback) {
  nd_limits lim;
  Require(nd_reader_probe(file.data(), file.size(), &lim, nullptr) == ND_OK);
  Require(lim.digest_count == in.size());
  const size_t ws_size = callback ? nd_reader_workspace_size_io(&lim) : nd_reader_workspace_size(&lim);
  std::unique_ptr<uint64_t[]> ws(new uint64_t[ws_size / 8 + 1]);
  nd_reader* r = nullptr;
  nd_status s = callback ? nd_reader_open_io(ReadMem, const_cast<std::vector<uint8_t>*>(&file), file.size(),
                                             ws.get(), ws_size, &r)
                         : nd_reader_open_memory(file.data(), file.size(), ws.get(), ws_size, &r);
  Require(s == ND_OK);
  Require(nd_reader_index_damaged(r) == 0);
  if (dict != nullptr && !embedded)
    Require(nd_reader_add_dictionary(r, dict->id, reinterpret_cast<const uint8_t*>(dict->content.data()),
                                     dict->content.size()) == ND_OK);
  for (uint32_t i = 0; i < in.size(); ++i) {
    const w::DigestInput& a = in[i];
    nd_meta m;
    Require(nd_reader_meta(r, i, &m) == ND_OK);
    Require(std::string(m.id.ptr, m.id.len) == a.id && std::string(m.title.ptr, m.title.len) == a.title);
    Require(std::string(m.url.ptr, m.url.len) == a.url && std::string(m.lang.ptr, m.lang.len) == a.lang);
    Require(m.published == a.published && m.text_size == a.body.size());
    Require(m.keyword_count == a.keywords.size());
    for (uint32_t k = 0; k < m.keyword_count; ++k)
      Require(std::string(m.keywords[k].ptr, m.keywords[k].len) == a.keywords[k]);
    nd_str sentences[newsdigest::format::kMaxSummarySentences];
    uint32_t count = 0;
    Require(nd_reader_summary(r, i, sentences, newsdigest::format::kMaxSummarySentences, &count) == ND_OK);
    Require(count == a.summary.size());
    for (uint32_t k = 0; k < count; ++k)
      Require(std::string(sentences[k].ptr, sentences[k].len) == a.body.substr(a.summary[k].first, a.summary[k].second));
    std::string body(a.body.size(), '\0');
    size_t len = 0;
    Require(nd_reader_body(r, i, body.data(), body.size(), &len) == ND_OK);
    Require(len == a.body.size() && body == a.body);
  }
}

}  // namespace fuzz_roundtrip_detail

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = fuzz_roundtrip_detail;
  namespace w = newsdigest::writer;
  FuzzedDataProvider p(data, size);
  std::unique_ptr<w::DictionaryData> dict;
  const bool embedded = p.ConsumeBool();
  if (p.ConsumeBool()) {
    dict = std::make_unique<w::DictionaryData>();
    dict->id = p.ConsumeIntegralInRange<uint32_t>(1, 0xFFFFFFFFu);
    dict->content = p.ConsumeRandomLengthString(1024);
    if (dict->content.size() < 8) dict->content += "dictionary content padding";
    if (dict->content.compare(0, 4, "\x37\xA4\x30\xEC") == 0) dict->content[0] = 'x';  // not a ZDICT header
  }
  w::EncoderOptions eo;
  eo.level = p.ConsumeIntegralInRange<int>(1, 5);
  if (dict) eo.dictionaries.push_back(dict.get());
  w::BuilderOptions bo;
  bo.embed_dictionaries = embedded;
  if (dict) bo.dictionaries.push_back(dict.get());
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  d::Require(w::DigestBuilder::Create(d::OutputPath(), bo, &b).ok());
  std::vector<w::DigestInput> in;
  std::vector<uint32_t> offsets;
  const int n = p.ConsumeIntegralInRange<int>(1, 4);
  for (int i = 0; i < n; ++i) {
    w::DigestInput a;
    a.id = d::AsciiString(p, 24);
    a.title = d::AsciiString(p, 80);
    a.url = d::AsciiString(p, 40);
    a.lang = d::AsciiString(p, 6);
    a.published = p.ConsumeIntegral<int64_t>();
    const int kw = p.ConsumeIntegralInRange<int>(0, 5);
    for (int k = 0; k < kw; ++k) a.keywords.push_back(d::AsciiString(p, 16));
    const int shared_with = (i > 0 && p.ConsumeBool()) ? p.ConsumeIntegralInRange<int>(0, i - 1) : -1;
    if (shared_with >= 0 && in[static_cast<size_t>(shared_with)].text_ref == 0) {
      a.body = in[static_cast<size_t>(shared_with)].body;
      a.summary = in[static_cast<size_t>(shared_with)].summary;
      a.text_ref = offsets[static_cast<size_t>(shared_with)];
    } else {
      a.body = p.ConsumeRandomLengthString(4096);
      uint32_t pos = 0;
      const int spans = p.ConsumeIntegralInRange<int>(0, 8);
      for (int k = 0; k < spans && pos < a.body.size(); ++k) {
        const uint32_t off = p.ConsumeIntegralInRange<uint32_t>(pos, static_cast<uint32_t>(a.body.size()) - 1);
        const uint32_t len = p.ConsumeIntegralInRange<uint32_t>(1, static_cast<uint32_t>(a.body.size()) - off);
        a.summary.emplace_back(off, len);
        pos = off + len;
      }
    }
    w::EncodedDigest e;
    d::Require(enc.Encode(a, &e).ok());
    offsets.push_back(b->next_offset());
    d::Require(b->Add(e).ok());
    in.push_back(std::move(a));
  }
  d::Require(b->Finish().ok());
  std::ifstream f(d::OutputPath(), std::ios::binary);
  std::vector<uint8_t> file((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::remove(d::OutputPath().c_str());
  d::CheckFile(file, in, dict.get(), embedded, false);
  d::CheckFile(file, in, dict.get(), embedded, true);
  return 0;
}
