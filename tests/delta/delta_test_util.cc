#include "delta_test_util.h"

#include <memory>

#include "../writer/writer_test_util.h"
#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/output.h"

namespace newsdigest::delta_test {

const writer::DictionaryData& SharedDictionary() {
  static const writer::DictionaryData dict = [] {
    std::vector<std::string> samples;
    for (uint32_t i = 0; i < 200; ++i) samples.push_back(writer_test::MakeArticle(i).body);
    writer::DictionaryData d;
    if (!writer::TrainDictionary(samples, 16 * 1024, &d).ok()) d = writer::DictionaryData{};
    return d;
  }();
  return dict;
}

std::string Edition(const std::vector<uint32_t>& ids, bool with_dict, int64_t created) {
  std::string out;
  writer::BuilderOptions bo;
  bo.created = created;
  writer::EncoderOptions eo;
  if (with_dict) {
    bo.dictionaries = {&SharedDictionary()};
    eo.dictionaries = {&SharedDictionary()};
  }
  std::unique_ptr<writer::DigestBuilder> b;
  if (!writer::DigestBuilder::Create(writer::NewMemorySink(&out), bo, &b).ok()) return "";
  writer::DigestEncoder enc(eo);
  for (uint32_t id : ids) {
    writer::EncodedDigest ed;
    if (!enc.Encode(writer_test::MakeArticle(id), &ed).ok() || !b->Add(ed).ok()) {
      b->Abandon();
      return "";
    }
  }
  if (!b->Finish().ok()) return "";
  return out;
}

uint64_t RecordBytes(const std::string& file, const std::vector<uint32_t>& ids) {
  const auto* p = reinterpret_cast<const uint8_t*>(file.data());
  nd_limits lim;
  size_t needed = 0;
  if (nd_reader_probe(p, file.size(), &lim, &needed) != ND_OK) return 0;
  std::vector<uint64_t> ws((nd_reader_workspace_size(&lim) + 7) / 8);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(p, file.size(), ws.data(), ws.size() * 8, &r) != ND_OK) return 0;
  uint64_t total = 0;
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    nd_meta m;
    uint64_t off = 0;
    nd_record rec;
    if (nd_reader_meta(r, i, &m) != ND_OK || nd_reader_offset(r, i, &off) != ND_OK ||
        nd_reader_record_at(r, off, &rec) != ND_OK)
      return 0;
    const std::string id(m.id.ptr, m.id.len);
    for (uint32_t want : ids)
      if (id == "art-" + std::to_string(want)) total += rec.header_size + rec.payload_len;
  }
  return total;
}

std::vector<uint32_t> Range(uint32_t first, uint32_t count) {
  std::vector<uint32_t> v;
  for (uint32_t i = 0; i < count; ++i) v.push_back(first + i);
  return v;
}

}  // namespace newsdigest::delta_test
