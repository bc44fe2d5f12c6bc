// Test fixture for the robustness tests: builds a digest file with the
// writer API (generated articles, an embedded dictionary used by half of the
// digests, identical bodies stored once through text_ref) and records where
// every part of it sits, so tests can damage one part and know which digests
// must still read back.
//
// Thread-safety: the functions are pure except BuildRobustFixture, which
// writes `path`.
#ifndef NEWSDIGEST_TESTS_ROBUST_ROBUST_FIXTURE_H_
#define NEWSDIGEST_TESTS_ROBUST_ROBUST_FIXTURE_H_

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "newsdigest/format/container.h"
#include "newsdigest/format/format.h"
#include "newsdigest/format/status.h"
#include "newsdigest/writer/digest_builder.h"

namespace nd_robust {

// What one digest must read back as.
struct ExpectedDigest {
  std::string id, title, body;
  std::vector<std::string> summary;
  uint32_t dict_id = 0;
  int ref = -1;  // index of the digest whose record holds the text, or -1
};

// A built file and the byte ranges of its parts.
struct FixtureFile {
  std::vector<uint8_t> bytes;
  std::vector<ExpectedDigest> digests;
  std::vector<std::pair<uint64_t, uint64_t>> records;  // [begin, end) of digest i
  uint64_t header_end = 0;                              // preamble + header
  std::pair<uint64_t, uint64_t> dict_record{0, 0};
  std::pair<uint64_t, uint64_t> index_record{0, 0};
  uint64_t trailer = 0;  // offset of the trailer
  uint32_t dict_id = 0;
};

// Deterministic generator (xorshift64*), so every run damages the same bytes.
class RobustRng {
 public:
  explicit RobustRng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t Next() {
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return s_ * 0x2545F4914F6CDD1Dull;
  }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(Next() % n); }

 private:
  uint64_t s_;
};

inline const char* const* RobustWords() {
  static const char* const kWords[] = {
      "council",  "harbour", "river",    "signal",  "weather", "market",  "village", "school",  "bridge",
      "railway",  "farmers", "mayor",    "station", "storm",   "festival", "library", "doctors", "budget",
      "ferry",    "winter",  "coast",    "engineers", "vote",  "museum",  "grain",   "repairs", "radio",
      "the",      "a",       "of",       "in",      "after",   "before",  "while",   "because", "new",
      "old",      "late",    "early",    "quiet",   "busy",    "opened",  "closed",  "said",    "reported",
      "expects",  "plans",   "delayed",  "announced", "local", "northern", "small",  "second",  "final",
      "residents", "workers", "officials", "visitors", "crews", "towns"};
  return kWords;
}
inline constexpr uint32_t kRobustWordCount = 60;

// One generated sentence: 6-13 words, capitalized, ending with a period.
inline std::string RobustSentence(RobustRng& rng) {
  std::string s;
  const uint32_t n = 6 + rng.Below(8);
  for (uint32_t k = 0; k < n; ++k) {
    if (k > 0) s += ' ';
    s += RobustWords()[rng.Below(kRobustWordCount)];
  }
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  s += '.';
  return s;
}

// Generates a body of `sentences` sentences in paragraphs of up to three;
// *spans gets the (offset, length) of each sentence.
inline std::string RobustBody(RobustRng& rng, uint32_t sentences, std::vector<std::pair<uint32_t, uint32_t>>* spans) {
  std::string body;
  spans->clear();
  for (uint32_t k = 0; k < sentences; ++k) {
    if (k > 0) body += (k % 3 == 0) ? '\n' : ' ';
    std::string s = RobustSentence(rng);
    spans->emplace_back(static_cast<uint32_t>(body.size()), static_cast<uint32_t>(s.size()));
    body += s;
  }
  return body;
}

inline std::vector<uint8_t> RobustReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Builds `count` digests into `path` (atomically, with the writer API) and
// describes the result in *out. Digests with an even index use the embedded
// dictionary; every tenth digest from the 8th on repeats the body of the one
// three before it (stored once, through text_ref).
inline newsdigest::Status BuildRobustFixture(const std::string& path, uint32_t count, uint64_t seed,
                                             FixtureFile* out) {
  namespace w = newsdigest::writer;
  namespace f = newsdigest::format;
  RobustRng rng(seed);
  w::DictionaryData dict;
  dict.id = 0x4E445431u;
  dict.lang = "en";
  for (int k = 0; k < 40; ++k) dict.content += RobustSentence(rng) + " ";
  w::EncoderOptions with_dict, plain;
  with_dict.level = plain.level = 3;
  with_dict.dictionaries.push_back(&dict);
  w::DigestEncoder enc_dict(with_dict), enc_plain(plain);
  w::BuilderOptions bo;
  bo.dictionaries.push_back(&dict);
  std::unique_ptr<w::DigestBuilder> b;
  ND_RETURN_IF_ERROR(w::DigestBuilder::Create(path, bo, &b));
  *out = FixtureFile();
  out->dict_id = dict.id;
  std::vector<w::DigestInput> inputs;
  std::vector<uint32_t> offsets;
  for (uint32_t i = 0; i < count; ++i) {
    w::DigestInput in;
    ExpectedDigest e;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
    const bool dup = i >= 7 && i % 10 == 7;
    if (dup) {
      const uint32_t src = i - 3;
      in.body = inputs[src].body;
      in.summary = inputs[src].summary;
      in.lang = inputs[src].lang;
      in.text_ref = offsets[src];
      e.ref = static_cast<int>(src);
    } else {
      in.body = RobustBody(rng, 3 + rng.Below(7), &spans);
      in.summary.push_back(spans[0]);
      if (spans.size() > 2) in.summary.push_back(spans[2]);
      in.lang = (i % 2 == 0) ? "en" : "";
    }
    in.id = "robust-" + std::to_string(i);
    in.title = "Report " + std::to_string(i) + ": " + RobustSentence(rng);
    in.source = "Robust Test Wire";
    in.url = "https://example.invalid/robust/" + std::to_string(i);
    in.published = 1700000000 + 3600 * static_cast<int64_t>(i);
    in.keywords = {RobustWords()[i % kRobustWordCount], "robust"};
    w::EncodedDigest enc;
    w::DigestEncoder& encoder = (in.lang == "en") ? enc_dict : enc_plain;
    ND_RETURN_IF_ERROR(encoder.Encode(in, &enc));
    offsets.push_back(b->next_offset());
    out->records.emplace_back(b->next_offset(), uint64_t{b->next_offset()} + enc.record.size());
    ND_RETURN_IF_ERROR(b->Add(enc));
    e.id = in.id;
    e.title = in.title;
    e.body = in.body;
    for (const auto& [off, len] : in.summary) e.summary.push_back(in.body.substr(off, len));
    e.dict_id = dup ? out->digests[static_cast<size_t>(e.ref)].dict_id : enc.dict_id;
    out->digests.push_back(std::move(e));
    inputs.push_back(std::move(in));
  }
  ND_RETURN_IF_ERROR(b->Finish());
  out->bytes = RobustReadFile(path);
  const std::vector<uint8_t>& v = out->bytes;
  if (v.size() < f::kPreambleSize + f::kTrailerSize) return newsdigest::Status::Corruption("fixture too small");
  f::Preamble pre{};
  if (f::DecodePreamble(v.data(), v.size(), &pre) != f::PreambleParse::kOk)
    return newsdigest::Status::Corruption("fixture: bad preamble");
  out->header_end = f::kPreambleSize + pre.header_len;
  f::RecordHeader rh{};
  if (f::ParseRecordHeader(v.data() + out->header_end, v.size() - out->header_end, &rh) != f::RecordParse::kOk)
    return newsdigest::Status::Corruption("fixture: no dictionary record after the header");
  out->dict_record = {out->header_end, out->header_end + rh.size + rh.payload_len};
  out->trailer = v.size() - f::kTrailerSize;
  f::Trailer tr{};
  if (!f::DecodeTrailer(v.data() + out->trailer, &tr)) return newsdigest::Status::Corruption("fixture: bad trailer");
  out->index_record = {tr.index_offset, out->trailer};
  return newsdigest::Status::OK();
}

// Whether digest i must survive damage to bytes [begin, end): its record,
// its text holder's record and its dictionary record are untouched.
inline bool RobustDigestIntact(const FixtureFile& fx, uint64_t begin, uint64_t end, size_t i) {
  auto hit = [&](const std::pair<uint64_t, uint64_t>& r) { return r.first < end && begin < r.second; };
  if (hit(fx.records[i])) return false;
  const ExpectedDigest& e = fx.digests[i];
  if (e.ref >= 0 && !RobustDigestIntact(fx, begin, end, static_cast<size_t>(e.ref))) return false;
  if (e.dict_id != 0 && hit(fx.dict_record)) return false;
  return true;
}

}  // namespace nd_robust

#endif  // NEWSDIGEST_TESTS_ROBUST_ROBUST_FIXTURE_H_
