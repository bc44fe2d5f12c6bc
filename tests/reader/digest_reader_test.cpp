// The host reader layer (nd_reader_host): file bytes (mapped, or read from
// a pipe within a limit), DigestReader with dictionary files, same-file
// detection, and the workspace-size entry point with flags.
#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "newsdigest/format/dictionary_file.h"
#include "newsdigest/reader/digest_reader.h"
#include "newsdigest/writer/digest_builder.h"

namespace digest_reader_test_detail {

namespace fs = std::filesystem;
namespace w = newsdigest::writer;
namespace rd = newsdigest::reader;

// A raw-content dictionary (no ZDICT header: zstd would parse one).
w::DictionaryData MakeDict(uint32_t id) {
  w::DictionaryData d;
  d.id = id;
  for (int k = 0; k < 200; ++k) d.content += "The harbour council reported the ferry timetable again. ";
  return d;
}

// Builds a 5-digest file using `dict` (embedded or not) into `path`.
void BuildFile(const std::string& path, const w::DictionaryData* dict, bool embed) {
  w::EncoderOptions eo;
  eo.level = 3;
  w::BuilderOptions bo;
  if (dict != nullptr) {
    eo.dictionaries.push_back(dict);
    bo.dictionaries.push_back(dict);
  }
  bo.embed_dictionaries = embed;
  w::DigestEncoder enc(eo);
  std::unique_ptr<w::DigestBuilder> b;
  REQUIRE(w::DigestBuilder::Create(path, bo, &b).ok());
  for (int i = 0; i < 5; ++i) {
    w::DigestInput in;
    in.id = "host-" + std::to_string(i);
    in.title = "Title " + std::to_string(i);
    in.body = "First sentence of story " + std::to_string(i) + ". The harbour council reported the ferry timetable.";
    in.summary = {{0, 26}};
    w::EncodedDigest e;
    REQUIRE(enc.Encode(in, &e).ok());
    REQUIRE(b->Add(e).ok());
  }
  REQUIRE(b->Finish().ok());
}

// An empty folder of that name in the temporary directory, and the path of
// a 5-digest file built in it (BuildFile, no dictionary).
fs::path FreshDirWithFile(const std::string& name, std::string* file) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  *file = (dir / "a.ndg").string();
  BuildFile(*file, nullptr, false);
  return dir;
}

std::vector<uint8_t> ReadAll(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace digest_reader_test_detail

TEST_CASE("FileBytes maps regular files and reads pipes within a limit", "[reader][host]") {
  namespace d = digest_reader_test_detail;
  std::string path;
  const auto dir = d::FreshDirWithFile("nd_host_bytes", &path);
  std::unique_ptr<d::rd::FileBytes> f;
  REQUIRE(d::rd::FileBytes::Open(path, 1 << 20, &f).ok());
  CHECK(f->mapped());
  CHECK(f->mutable_data() == nullptr);
  CHECK(std::vector<uint8_t>(f->data(), f->data() + f->size()) == d::ReadAll(path));
  // A FIFO is read, not mapped; beyond the limit it is refused.
  const std::string fifo = (dir / "pipe").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::vector<uint8_t> bytes = d::ReadAll(path);
  for (uint64_t limit : {uint64_t{1} << 20, uint64_t{100}}) {
    std::thread writer([&] {
      std::ofstream(fifo, std::ios::binary)
          .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    });
    std::unique_ptr<d::rd::FileBytes> p;
    const newsdigest::Status s = d::rd::FileBytes::Open(fifo, limit, &p);
    writer.join();
    if (limit > bytes.size()) {
      REQUIRE(s.ok());
      CHECK_FALSE(p->mapped());
      CHECK(std::vector<uint8_t>(p->data(), p->data() + p->size()) == bytes);
      std::unique_ptr<d::rd::DigestReader> r;
      CHECK(d::rd::DigestReader::Open(std::move(p), {}, &r).ok());
    } else {
      CHECK(s.code() == newsdigest::Status::Code::kTooLarge);
    }
  }
  // A missing file: an I/O error with its errno.
  const newsdigest::Status missing = d::rd::FileBytes::Open((dir / "none").string(), 1 << 20, &f);
  CHECK(missing.IsIOError());
  CHECK(missing.os_error() == ENOENT);
  // Copy-on-write: changes stay in memory.
  REQUIRE(d::rd::FileBytes::OpenCopyOnWrite(path, &f).ok());
  REQUIRE(f->mutable_data() != nullptr);
  f->mutable_data()[0] = 'X';
  CHECK(d::ReadAll(path)[0] == 'N');
  d::fs::remove_all(dir);
}

namespace digest_reader_test_detail {

// Opens `path` as standard input positioned at `at`, runs fn, restores
// standard input.
template <typename Fn>
void WithStdinAt(const std::string& path, long at, Fn fn) {
  const int saved = ::dup(0);
  REQUIRE(saved >= 0);
  std::FILE* in = std::fopen(path.c_str(), "rb");
  REQUIRE(in != nullptr);
  REQUIRE(std::fseek(in, at, SEEK_SET) == 0);
  REQUIRE(::dup2(::fileno(in), 0) == 0);
  fn();
  ::dup2(saved, 0);
  ::close(saved);
  std::fclose(in);
}

int probe_calls = 0;
bool RejectZeros(const uint8_t* head, size_t len) {
  ++probe_calls;
  return len >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 0;
}

}  // namespace digest_reader_test_detail

TEST_CASE("FileBytes: standard input part read is read from where it stands, a stream probe stops early",
          "[reader][host]") {
  namespace d = digest_reader_test_detail;
  std::string path;
  const auto dir = d::FreshDirWithFile("nd_host_probe", &path);
  const std::vector<uint8_t> bytes = d::ReadAll(path);
  // At its start standard input is mapped; past it, read from there.
  d::WithStdinAt(path, 0, [&] {
    std::unique_ptr<d::rd::FileBytes> f;
    REQUIRE(d::rd::FileBytes::Open("-", 1 << 20, &f).ok());
    CHECK(f->mapped());
    CHECK(f->size() == bytes.size());
  });
  d::WithStdinAt(path, 5, [&] {
    std::unique_ptr<d::rd::FileBytes> f;
    REQUIRE(d::rd::FileBytes::Open("-", 1 << 20, &f).ok());
    CHECK_FALSE(f->mapped());
    CHECK(std::vector<uint8_t>(f->data(), f->data() + f->size()) == std::vector<uint8_t>(bytes.begin() + 5, bytes.end()));
  });
  // 1 MiB of zeros read as a stream with a 512 KiB limit: too large, unless
  // the probe refuses it after the first bytes; a probe that accepts is
  // asked once and changes nothing.
  const std::string zeros = (dir / "zeros").string();
  std::ofstream(zeros, std::ios::binary) << std::string(1 << 20, '\0');
  d::WithStdinAt(zeros, 1, [&] {
    std::unique_ptr<d::rd::FileBytes> f;
    CHECK(d::rd::FileBytes::Open("-", 512 << 10, &f).code() == newsdigest::Status::Code::kTooLarge);
  });
  d::WithStdinAt(zeros, 1, [&] {
    std::unique_ptr<d::rd::FileBytes> f;
    d::probe_calls = 0;
    const newsdigest::Status s = d::rd::FileBytes::Open("-", 512 << 10, &f, {4, &d::RejectZeros});
    CHECK(s.IsCorruption());
    CHECK(d::probe_calls == 1);
  });
  d::WithStdinAt(path, 5, [&] {
    std::unique_ptr<d::rd::FileBytes> f;
    d::probe_calls = 0;
    REQUIRE(d::rd::FileBytes::Open("-", 1 << 20, &f, {4, &d::RejectZeros}).ok());
    CHECK(d::probe_calls == 1);
    CHECK(f->size() == bytes.size() - 5);
  });
  d::fs::remove_all(dir);
}

TEST_CASE("SameFile compares device and inode, not spelling", "[reader][host]") {
  namespace d = digest_reader_test_detail;
  const auto dir = d::fs::temp_directory_path() / "nd_host_same";
  d::fs::remove_all(dir);
  d::fs::create_directories(dir);
  const std::string a = (dir / "a.ndg").string();
  std::ofstream(a) << "x";
  d::fs::create_hard_link(a, dir / "hard.ndg");
  bool same = false;
  REQUIRE(d::rd::SameFile(a, (dir / "." / "a.ndg").string(), &same).ok());
  CHECK(same);
  REQUIRE(d::rd::SameFile(a, (dir / "hard.ndg").string(), &same).ok());
  CHECK(same);
  REQUIRE(d::rd::SameFile(a, (dir / "new.ndg").string(), &same).ok());
  CHECK_FALSE(same);
  d::fs::remove_all(dir);
}

TEST_CASE("DigestReader opens files and takes dictionaries without the writer", "[reader][host]") {
  namespace d = digest_reader_test_detail;
  const auto dir = d::fs::temp_directory_path() / "nd_host_reader";
  d::fs::remove_all(dir);
  d::fs::create_directories(dir);
  const d::w::DictionaryData dict = d::MakeDict(0x8765);
  const std::string path = (dir / "ext.ndg").string();
  d::BuildFile(path, &dict, false);
  std::unique_ptr<d::rd::DigestReader> r;
  REQUIRE(d::rd::DigestReader::Open(path, {}, &r).ok());
  nd_meta m;
  REQUIRE(nd_reader_meta(r->get(), 0, &m) == ND_OK);
  char body[512];
  size_t len = 0;
  CHECK(nd_reader_body(r->get(), 0, body, sizeof body, &len) == ND_ERR_DICTIONARY_MISSING);
  // Not a dictionary file.
  const std::string bogus = (dir / "bogus.dict").string();
  std::ofstream(bogus) << "not a dictionary";
  CHECK(r->AddDictionaryFile(bogus).code() == newsdigest::Status::Code::kCorruption);
  // A dictionary from bytes (raw-content dictionaries have no ZDICT header).
  d::rd::DictionaryFile df;
  df.id = dict.id;
  df.bytes = d::rd::FileBytes::FromBytes(dict.content.data(), dict.content.size());
  REQUIRE(r->AddDictionary(std::move(df)).ok());
  REQUIRE(nd_reader_body(r->get(), 0, body, sizeof body, &len) == ND_OK);
  CHECK(std::string(body, len).rfind("First sentence of story 0.", 0) == 0);
  // A dictionary the file does not use.
  d::rd::DictionaryFile other;
  other.id = 1234;
  other.bytes = d::rd::FileBytes::FromBytes("abcdefghij", 10);
  CHECK(r->AddDictionary(std::move(other)).IsNotFound());
  // A damaged header: the reader's code and description.
  std::vector<uint8_t> v = d::ReadAll(path);
  v[9] ^= 1;
  std::unique_ptr<d::rd::DigestReader> bad;
  const newsdigest::Status bs = d::rd::DigestReader::Open(d::rd::FileBytes::FromBytes(v.data(), v.size()), {}, &bad);
  CHECK(bs.code() == newsdigest::Status::Code::kChecksum);
  CHECK(std::string(bs.message()) == nd_status_str(ND_ERR_CHECKSUM));
  d::fs::remove_all(dir);
}

TEST_CASE("dictionary file codec: id and language from the name", "[reader][host]") {
  namespace nf = newsdigest::format;
  const uint8_t zdict[12] = {0x37, 0xA4, 0x30, 0xEC, 0x21, 0x43, 0x00, 0x00, 1, 2, 3, 4};
  CHECK(nf::DictionaryContentId(zdict, sizeof zdict) == 0x4321u);
  CHECK(nf::DictionaryContentId(zdict, 7) == 0u);
  CHECK(nf::DictionaryLangFromFileName("news.fr.dict") == "fr");
  CHECK(nf::DictionaryLangFromFileName("news.pt-br.dict") == "pt-br");
  CHECK(nf::DictionaryLangFromFileName("news.dict").empty());
  CHECK(nf::DictionaryLangFromFileName("news.French.dict").empty());
  CHECK(nf::DictionaryLangFromFileName("news.fr.zst").empty());
}

TEST_CASE("one workspace-size entry point with flags", "[reader][host]") {
  nd_limits lim{};
  lim.digest_count = 10;
  lim.max_text_size = 5000;
  lim.max_summary_size = 700;
  lim.max_meta_size = 300;
  lim.max_record_size = 4000;
  lim.embedded_dict_bytes = 3000;
  lim.inflated_dict_bytes = 3000;
  lim.header_size = 100;
  lim.dict_count = 2;
  CHECK(nd_reader_workspace_size_for(&lim, 0) == nd_reader_workspace_size(&lim));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_IO) == nd_reader_workspace_size_io(&lim));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_MIN) == nd_reader_workspace_size_min(&lim));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_IO | ND_WS_MIN) == nd_reader_workspace_size_io_min(&lim));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_FAST) == nd_reader_workspace_size_fast(&lim));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_IO | ND_WS_FAST) == nd_reader_workspace_size_io_fast(&lim));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_FAST) > nd_reader_workspace_size_for(&lim, 0));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_MIN) < nd_reader_workspace_size_for(&lim, 0));
  CHECK(nd_reader_workspace_size_for(&lim, ND_WS_MIN | ND_WS_FAST) == nd_reader_workspace_size_for(&lim, ND_WS_MIN));
  CHECK(nd_reader_workspace_size_for(nullptr, 0) == 0);
}
