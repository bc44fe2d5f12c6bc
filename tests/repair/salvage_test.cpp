// core/repair: salvage of files built with every dictionary layout (none,
// embedded, compressed embedded, preloaded, per language). An undamaged
// file salvages whole, with its dictionaries, their language and their
// layout; a damaged one keeps exactly its intact digests; the output may
// not be the input.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "newsdigest/reader/digest_reader.h"
#include "newsdigest/repair/salvage.h"
#include "newsdigest/writer/digest_builder.h"
#include "robust_fixture.h"

namespace salvage_test_detail {

namespace fs = std::filesystem;
namespace w = newsdigest::writer;

enum class Layout { kNone, kEmbedded, kCompressed, kPreloaded, kPerLanguage };

const char* Name(Layout l) {
  switch (l) {
    case Layout::kNone: return "none";
    case Layout::kEmbedded: return "embedded";
    case Layout::kCompressed: return "compressed embedded";
    case Layout::kPreloaded: return "preloaded";
    case Layout::kPerLanguage: return "per language";
  }
  return "?";
}

struct Built {
  std::vector<nd_robust::ExpectedDigest> digests;
  std::vector<std::string> langs;                       // expected lang of each digest
  std::vector<std::pair<uint64_t, uint64_t>> records;  // [begin, end)
  std::vector<w::DictionaryData> dicts;
};

// A raw-content dictionary of generated sentences (no ZDICT header: zstd
// would parse one), with the id the caller chooses.
w::DictionaryData MakeDict(nd_robust::RobustRng& rng, uint32_t id, const std::string& lang) {
  w::DictionaryData d;
  d.id = id;
  d.lang = lang;
  for (int k = 0; k < 60; ++k) d.content += nd_robust::RobustSentence(rng) + " ";
  return d;
}

newsdigest::Status Build(Layout layout, const std::string& path, Built* out) {
  nd_robust::RobustRng rng(11);
  *out = Built();
  if (layout != Layout::kNone) out->dicts.push_back(MakeDict(rng, 0x9001, layout == Layout::kPerLanguage ? "en" : "en"));
  if (layout == Layout::kPerLanguage) out->dicts.push_back(MakeDict(rng, 0x9002, "fr"));
  w::EncoderOptions eo;
  eo.level = 3;
  w::BuilderOptions bo;
  for (const auto& d : out->dicts) {
    eo.dictionaries.push_back(&d);
    bo.dictionaries.push_back(&d);
  }
  bo.embed_dictionaries = layout != Layout::kPreloaded;
  bo.compress_dictionaries = layout == Layout::kCompressed;
  bo.article_limit = 500000;
  bo.created = 1700000000;
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  ND_RETURN_IF_ERROR(w::DigestBuilder::Create(path, bo, &b));
  std::vector<w::DigestInput> inputs;
  std::vector<uint32_t> offsets;
  const char* langs[] = {"en", "fr", "", "de"};
  for (uint32_t i = 0; i < 12; ++i) {
    w::DigestInput in;
    nd_robust::ExpectedDigest e;
    const bool dup = i == 5 || i == 10;
    if (dup) {
      in.body = inputs[i - 2].body;
      in.summary = inputs[i - 2].summary;
      in.lang = inputs[i - 2].lang;
      in.text_ref = offsets[i - 2];
      e.ref = static_cast<int>(i - 2);
    } else {
      std::vector<std::pair<uint32_t, uint32_t>> spans;
      in.body = nd_robust::RobustBody(rng, 4 + rng.Below(5), &spans);
      in.summary = {spans[0], spans[2]};
      in.lang = langs[i % 4];
    }
    in.id = "layout-" + std::to_string(i);
    in.title = "Layout " + std::to_string(i) + ": " + nd_robust::RobustSentence(rng);
    in.source = "Repair Wire";
    in.published = 1700000000 + i;
    w::EncodedDigest enc_out;
    ND_RETURN_IF_ERROR(enc.Encode(in, &enc_out));
    offsets.push_back(b->next_offset());
    out->records.emplace_back(b->next_offset(), uint64_t{b->next_offset()} + enc_out.record.size());
    ND_RETURN_IF_ERROR(b->Add(enc_out));
    e.id = in.id;
    e.title = in.title;
    e.body = in.body;
    for (const auto& [o, l] : in.summary) e.summary.push_back(in.body.substr(o, l));
    out->digests.push_back(e);
    out->langs.push_back(in.lang);
    inputs.push_back(in);
  }
  return b->Finish();
}

std::vector<newsdigest::reader::DictionaryFile> DictFiles(const Built& bt, Layout layout) {
  std::vector<newsdigest::reader::DictionaryFile> v;
  if (layout != Layout::kPreloaded) return v;
  for (const auto& d : bt.dicts) {
    newsdigest::reader::DictionaryFile f;
    f.id = d.id;
    f.lang = d.lang;
    f.bytes = newsdigest::reader::FileBytes::FromBytes(d.content.data(), d.content.size());
    v.push_back(std::move(f));
  }
  return v;
}

// Reads `out` and checks it holds exactly digests `want` of `bt`, in order.
void CheckOutput(const Built& bt, Layout layout, const std::vector<size_t>& want, const std::string& out) {
  newsdigest::reader::DigestReader::Options o;
  std::unique_ptr<newsdigest::reader::DigestReader> rd;
  REQUIRE(newsdigest::reader::DigestReader::Open(out, o, &rd).ok());
  nd_reader* r = rd->get();
  for (auto& f : DictFiles(bt, layout)) REQUIRE(rd->AddDictionary(std::move(f)).ok());
  CHECK(nd_reader_index_damaged(r) == 0);
  REQUIRE(nd_reader_count(r) == want.size());
  // The dictionaries: same ids, languages and layout.
  nd_limits lim;
  nd_reader_limits(r, &lim);
  REQUIRE(lim.dict_count == bt.dicts.size());
  for (uint32_t k = 0; k < lim.dict_count; ++k) {
    nd_dict_info di;
    REQUIRE(nd_reader_dictionary(r, k, &di) == ND_OK);
    CHECK(di.id == bt.dicts[k].id);
    CHECK(newsdigest::reader::View(di.lang) == bt.dicts[k].lang);
    CHECK((di.embedded != 0) == (layout != Layout::kPreloaded));
    CHECK((di.compressed != 0) == (layout == Layout::kCompressed));
    CHECK(di.content != nullptr);
  }
  nd_file_info fi;
  REQUIRE(nd_reader_file_info(r, &fi) == ND_OK);
  CHECK(fi.article_limit == 500000);
  CHECK(fi.created == 1700000000);
  for (uint32_t k = 0; k < want.size(); ++k) {
    const nd_robust::ExpectedDigest& e = bt.digests[want[k]];
    INFO("output digest " << k << " = input " << want[k]);
    nd_meta m;
    REQUIRE(nd_reader_meta(r, k, &m) == ND_OK);
    CHECK(newsdigest::reader::View(m.id) == e.id);
    CHECK(newsdigest::reader::View(m.title) == e.title);
    CHECK(newsdigest::reader::View(m.lang) == bt.langs[want[k]]);
    nd_str s[8];
    uint32_t n = 0;
    REQUIRE(nd_reader_summary(r, k, s, 8, &n) == ND_OK);
    REQUIRE(n == e.summary.size());
    for (uint32_t j = 0; j < n; ++j) CHECK(newsdigest::reader::View(s[j]) == e.summary[j]);
    std::string body(e.body.size(), '\0');
    size_t len = 0;
    REQUIRE(nd_reader_body(r, k, body.data(), body.size(), &len) == ND_OK);
    CHECK(body == e.body);
  }
}

newsdigest::Status Salvage(std::unique_ptr<newsdigest::reader::FileBytes> in, const Built& bt, Layout layout,
                           const std::string& out, newsdigest::repair::SalvageReport* report) {
  std::unique_ptr<newsdigest::repair::Salvager> s;
  ND_RETURN_IF_ERROR(newsdigest::repair::Salvager::Open(std::move(in), DictFiles(bt, layout), &s));
  w::BuilderOptions bo;
  ND_RETURN_IF_ERROR(s->MakeBuilderOptions(&bo));
  std::unique_ptr<w::DigestBuilder> b;
  ND_RETURN_IF_ERROR(w::DigestBuilder::Create(out, bo, &b));
  ND_RETURN_IF_ERROR(s->CopyInto(b.get(), report));
  return b->Finish();
}

}  // namespace salvage_test_detail

TEST_CASE("salvage of an undamaged file recovers every digest, for every dictionary layout", "[repair]") {
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_layouts";
  std::filesystem::create_directories(dir);
  for (d::Layout layout : {d::Layout::kNone, d::Layout::kEmbedded, d::Layout::kCompressed, d::Layout::kPreloaded,
                           d::Layout::kPerLanguage}) {
    INFO("layout " << d::Name(layout));
    const std::string in = (dir / "in.ndg").string(), out = (dir / "out.ndg").string();
    d::Built bt;
    const newsdigest::Status bs = d::Build(layout, in, &bt);
    INFO(bs.message());
    REQUIRE(bs.ok());
    std::unique_ptr<newsdigest::reader::FileBytes> bytes;
    REQUIRE(newsdigest::reader::FileBytes::OpenCopyOnWrite(in, &bytes).ok());
    newsdigest::repair::SalvageReport report;
    const newsdigest::Status st = d::Salvage(std::move(bytes), bt, layout, out, &report);
    INFO(st.message());
    REQUIRE(st.ok());
    CHECK(report.recovered == 12);
    CHECK(report.lost == 0);
    CHECK(report.complete());
    std::vector<size_t> all;
    for (size_t i = 0; i < 12; ++i) all.push_back(i);
    d::CheckOutput(bt, layout, all, out);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("salvage of damaged files keeps exactly the intact digests, for every layout", "[repair]") {
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_damaged";
  std::filesystem::create_directories(dir);
  for (d::Layout layout : {d::Layout::kNone, d::Layout::kEmbedded, d::Layout::kCompressed, d::Layout::kPreloaded,
                           d::Layout::kPerLanguage}) {
    const std::string in = (dir / "in.ndg").string(), out = (dir / "out.ndg").string();
    d::Built bt;
    REQUIRE(d::Build(layout, in, &bt).ok());
    const std::vector<uint8_t> clean = nd_robust::RobustReadFile(in);
    // Damage the last byte of digest 3 (the holder of digest 5's text) and
    // the metadata of digest 7.
    for (size_t victim : {size_t{3}, size_t{7}}) {
      INFO("layout " << d::Name(layout) << ", damaged digest " << victim);
      std::vector<uint8_t> v = clean;
      const uint64_t at = victim == 3 ? bt.records[3].second - 1 : bt.records[7].first + 20;
      v[at] ^= 0x55;
      newsdigest::repair::SalvageReport report;
      REQUIRE(d::Salvage(newsdigest::reader::FileBytes::FromBytes(v.data(), v.size()), bt, layout, out, &report).ok());
      std::vector<size_t> want;
      for (size_t i = 0; i < 12; ++i)
        if (i != victim && !(victim == 3 && i == 5)) want.push_back(i);
      CHECK(report.recovered == want.size());
      CHECK(report.lost == 12 - want.size());
      CHECK_FALSE(report.complete());
      d::CheckOutput(bt, layout, want, out);
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("salvage refuses an output that is the input file, however spelled", "[repair]") {
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_same";
  std::filesystem::create_directories(dir);
  const std::string in = (dir / "d.ndg").string();
  d::Built bt;
  REQUIRE(d::Build(d::Layout::kEmbedded, in, &bt).ok());
  const std::vector<uint8_t> before = nd_robust::RobustReadFile(in);
  newsdigest::repair::SalvageReport report;
  const std::string other = (dir / "." / "d.ndg").string();
  std::filesystem::create_hard_link(in, dir / "link.ndg");
  for (const std::string& out : {other, (dir / "link.ndg").string()}) {
    const newsdigest::Status st = newsdigest::repair::SalvageFile(in, out, {}, &report);
    CHECK(st.code() == newsdigest::Status::Code::kInvalidArgument);
  }
  CHECK(nd_robust::RobustReadFile(in) == before);
  CHECK(newsdigest::repair::SalvageFile(in, (dir / "new.ndg").string(), {}, &report).ok());
  CHECK(report.recovered == 12);
  std::filesystem::remove_all(dir);
}

TEST_CASE("salvage through a stand-in header keeps the embedded compressed dictionary", "[repair]") {
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_standin";
  std::filesystem::create_directories(dir);
  const std::string in = (dir / "in.ndg").string(), out = (dir / "out.ndg").string();
  d::Built bt;
  REQUIRE(d::Build(d::Layout::kCompressed, in, &bt).ok());
  std::vector<uint8_t> v = nd_robust::RobustReadFile(in);
  v[9] ^= 0x01;  // header checksum
  newsdigest::repair::SalvageReport report;
  REQUIRE(d::Salvage(newsdigest::reader::FileBytes::FromBytes(v.data(), v.size()), bt, d::Layout::kCompressed, out,
                     &report).ok());
  CHECK(report.header_damaged);
  CHECK(report.recovered == 12);
  std::unique_ptr<newsdigest::reader::DigestReader> rd;
  REQUIRE(newsdigest::reader::DigestReader::Open(out, {}, &rd).ok());
  CHECK(nd_reader_count(rd->get()) == 12);
  std::filesystem::remove_all(dir);
}

TEST_CASE("salvage that recovers nothing leaves an existing output untouched and names the dictionary once",
          "[repair]") {
  // A file naming a dictionary it does not embed, salvaged without it: no
  // digest can be carried over (the output header needs the content's CRC),
  // so nothing is written and the 12 losses are one per-dictionary count.
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_nothing";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string in = (dir / "in.ndg").string(), keep = (dir / "keep.ndg").string();
  d::Built bt;
  REQUIRE(d::Build(d::Layout::kPreloaded, in, &bt).ok());
  const std::vector<uint8_t> precious(5000, 0x42);
  {
    std::ofstream(keep, std::ios::binary).write(reinterpret_cast<const char*>(precious.data()), 5000);
  }
  newsdigest::repair::SalvageReport report;
  const newsdigest::Status st = newsdigest::repair::SalvageFile(in, keep, {}, &report);
  INFO(report.error_text);
  REQUIRE(st.ok());
  CHECK_FALSE(report.written);
  CHECK(report.recovered == 0);
  CHECK(report.lost == 12);
  CHECK(report.lost_digests.empty());
  REQUIRE(report.missing_dictionaries.size() == 1);
  CHECK(report.missing_dictionaries[0].id == 0x9001);
  CHECK(report.missing_dictionaries[0].digests == 12);
  CHECK(nd_robust::RobustReadFile(keep) == precious);
  // No leftover temporary beside it.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file() ? 1 : 0;
  CHECK(files == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("salvage of a file whose index and trailer are gone but every digest intact is complete", "[repair]") {
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_index";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string in = (dir / "in.ndg").string(), out = (dir / "out.ndg").string();
  d::Built bt;
  REQUIRE(d::Build(d::Layout::kEmbedded, in, &bt).ok());
  std::vector<uint8_t> v = nd_robust::RobustReadFile(in);
  v.resize(bt.records.back().second);  // cut right after the last digest
  {
    std::ofstream(in, std::ios::binary).write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size()));
  }
  newsdigest::repair::SalvageReport report;
  REQUIRE(newsdigest::repair::SalvageFile(in, out, {}, &report).ok());
  CHECK(report.index_damaged);
  CHECK(report.recovered == 12);
  CHECK(report.lost == 0);
  CHECK(report.complete());
  CHECK(report.written);
  std::filesystem::remove_all(dir);
}

TEST_CASE("salvage I/O errors name the path and the system's reason", "[repair]") {
  namespace d = salvage_test_detail;
  const auto dir = std::filesystem::temp_directory_path() / "nd_repair_io";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string in = (dir / "in.ndg").string();
  d::Built bt;
  REQUIRE(d::Build(d::Layout::kEmbedded, in, &bt).ok());
  newsdigest::repair::SalvageReport report;
  SECTION("missing output directory") {
    CHECK(newsdigest::repair::SalvageFile(in, "/nonexistent-nd-dir/a.ndg", {}, &report).IsIOError());
    CHECK(report.error_text.find("/nonexistent-nd-dir/a.ndg") != std::string::npos);
    CHECK(report.error_text.find("No such file or directory") != std::string::npos);
  }
  SECTION("empty output path") {
    CHECK(newsdigest::repair::SalvageFile(in, "", {}, &report).code() == newsdigest::Status::Code::kInvalidArgument);
    CHECK_FALSE(report.error_text.empty());
  }
  SECTION("full device") {
    if (std::filesystem::exists("/dev/full")) {
      CHECK(newsdigest::repair::SalvageFile(in, "/dev/full", {}, &report).IsIOError());
      CHECK(report.error_text.find("No space left on device") != std::string::npos);
    }
  }
  SECTION("missing input") {
    CHECK(newsdigest::repair::SalvageFile((dir / "nope.ndg").string(), (dir / "o.ndg").string(), {}, &report)
              .IsIOError());
    CHECK(report.error_text.find("nope.ndg") != std::string::npos);
    CHECK(report.error_text.find("No such file or directory") != std::string::npos);
  }
  SECTION("an endless device is read up to the named limit only") {
    if (std::filesystem::exists("/dev/zero")) {
      const newsdigest::Status st = newsdigest::repair::SalvageFile("/dev/zero", (dir / "z.ndg").string(), {}, &report);
      CHECK(st.code() == newsdigest::Status::Code::kTooLarge);
      CHECK(report.error_text.find("256 MiB") != std::string::npos);
      CHECK_FALSE(std::filesystem::exists(dir / "z.ndg"));
    }
  }
  std::filesystem::remove_all(dir);
}
