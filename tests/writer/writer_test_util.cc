#include "writer_test_util.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace newsdigest::writer_test {

namespace writer_test_util_detail {

// Words for the generator; the mix repeats enough for dictionaries to help.
const char* const kWriterTestWords[] = {
    "council", "river",  "bridge",   "budget", "vote",    "market", "harbour", "school", "rail",   "festival",
    "minister", "week",  "report",   "plans",  "local",   "said",   "new",     "city",   "people", "after",
    "season",  "team",   "research", "energy", "price",   "water",  "town",    "north",  "south",  "station",
    "the",     "of",     "and",      "to",     "in",      "a",      "for",     "on",     "with",   "was"};

uint32_t NextRand(uint64_t* s) {
  *s = *s * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<uint32_t>(*s >> 33);
}

}  // namespace writer_test_util_detail

writer::DigestInput MakeArticle(uint32_t n, uint32_t sentences) {
  namespace d = writer_test_util_detail;
  uint64_t seed = 0x9E3779B97F4A7C15ull ^ n;
  const size_t nwords = sizeof d::kWriterTestWords / sizeof d::kWriterTestWords[0];
  writer::DigestInput in;
  in.id = "art-" + std::to_string(n);
  in.title = "Story " + std::to_string(n) + ": the " + d::kWriterTestWords[d::NextRand(&seed) % nwords] + " " +
             d::kWriterTestWords[d::NextRand(&seed) % nwords];
  in.lang = "en";
  in.keywords = {"alpha", "beta"};
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  for (uint32_t k = 0; k < sentences; ++k) {
    if (k > 0) in.body += (k % 4 == 0) ? "\n" : " ";
    const uint32_t start = static_cast<uint32_t>(in.body.size());
    std::string s = "The";
    const uint32_t len = 6 + d::NextRand(&seed) % 14;
    for (uint32_t w = 0; w < len; ++w) {
      s += ' ';
      s += d::kWriterTestWords[d::NextRand(&seed) % nwords];
    }
    s += " " + std::to_string(d::NextRand(&seed) % 1000) + ".";
    in.body += s;
    if (k == 0 || k == 2 || k + 1 == sentences) spans.emplace_back(start, static_cast<uint32_t>(s.size()));
  }
  in.summary = spans;
  return in;
}

std::string SlurpFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string WriterTempPath(const std::string& name) {
  return std::string(ND_BINARY_DIR) + "/writer_test_" + std::to_string(::getpid()) + "_" + name;
}

ReadBack ReadAllDigests(const std::string& path, const std::vector<const writer::DictionaryData*>& dicts) {
  ReadBack rb;
  const std::string data = SlurpFile(path);
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  nd_limits lim;
  size_t needed = 0;
  nd_status s = nd_reader_probe(bytes, data.size(), &lim, &needed);
  if (s != ND_OK) {
    rb.status = s;
    return rb;
  }
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  s = nd_reader_open_memory(bytes, data.size(), ws.data(), ws.size() * 8, &r);
  if (s != ND_OK) {
    rb.status = s;
    return rb;
  }
  for (const auto* dict : dicts)
    (void)nd_reader_add_dictionary(r, dict->id, reinterpret_cast<const uint8_t*>(dict->content.data()),
                                   dict->content.size());
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    nd_meta meta;
    s = nd_reader_meta(r, i, &meta);
    if (s != ND_OK) break;
    rb.titles.emplace_back(meta.title.ptr, meta.title.len);
    nd_str sent[64];
    uint32_t count = 0;
    s = nd_reader_summary(r, i, sent, 64, &count);
    if (s != ND_OK) break;
    std::string joined;
    for (uint32_t k = 0; k < count; ++k) {
      if (k > 0) joined += '|';
      joined.append(sent[k].ptr, sent[k].len);
    }
    rb.summaries.push_back(joined);
    std::string body(meta.text_size, '\0');
    size_t len = 0;
    s = nd_reader_body(r, i, body.data(), body.size(), &len);
    if (s != ND_OK) break;
    body.resize(len);
    rb.bodies.push_back(body);
  }
  rb.status = s;
  return rb;
}

}  // namespace newsdigest::writer_test
