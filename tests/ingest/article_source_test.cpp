#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "newsdigest/ingest/ingest.h"

namespace ni = newsdigest::ingest;
namespace fs = std::filesystem;

static void ArticleSourceTestWrite(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

TEST_CASE("article source: directory walk with bad files", "[ingest]") {
  fs::path dir = fs::temp_directory_path() / "nd_article_source_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  ArticleSourceTestWrite(dir / "a.txt", "Title A\nFirst sentence of A. Second sentence of A.\n");
  ArticleSourceTestWrite(dir / "sub" / "b.jsonl",
                         "{\"id\":\"b1\",\"text\":\"Body of b1.\"}\n{oops\n{\"id\":\"b3\",\"text\":\"Body of b3.\"}\n");
  ArticleSourceTestWrite(dir / "empty.txt", "");
  ArticleSourceTestWrite(dir / "bin.txt", std::string("\x7f" "ELF\0\0\0", 7));
  ArticleSourceTestWrite(dir / "bad.txt", "Title\nBad \xff byte.\n");
  ArticleSourceTestWrite(dir / ".hidden.txt", "Hidden\nNot read.\n");

  ni::IngestOptions opts;
  opts.max_article_bytes = 1000;
  ArticleSourceTestWrite(dir / "big.txt", "Big\n" + std::string(2000, 'x') + ".\n");
  ni::ArticleSource src({dir.string()}, opts);
  std::vector<std::string> ids, errors;
  ni::Article a;
  ni::InputError e;
  for (;;) {
    auto r = src.Next(&a, &e);
    if (r == ni::ArticleSource::Result::kEnd) break;
    if (r == ni::ArticleSource::Result::kArticle) ids.push_back(a.id.substr(0, 2) == "h0" ? a.title : a.id);
    else errors.push_back(fs::path(e.origin).filename().string() + ": " + e.reason);
  }
  CHECK(ids.size() == 3);
  CHECK(std::find(ids.begin(), ids.end(), "b1") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "b3") != ids.end());
  INFO(errors.size());
  for (auto& s : errors) UNSCOPED_INFO(s);
  REQUIRE(errors.size() == 5);
  std::string all;
  for (auto& s : errors) all += s + "\n";
  CHECK(all.find("empty.txt: empty file") != std::string::npos);
  CHECK(all.find("bin.txt: ") != std::string::npos);
  CHECK(all.find("bad.txt: invalid UTF-8") != std::string::npos);
  CHECK(all.find("big.txt: file exceeds the limit of 1000 bytes") != std::string::npos);
  CHECK(all.find("b.jsonl:2: not valid JSON") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("article source: missing input is an error, not a crash", "[ingest]") {
  ni::ArticleSource src({"/nonexistent/nd/path.txt"}, {});
  ni::Article a;
  ni::InputError e;
  CHECK(src.Next(&a, &e) == ni::ArticleSource::Result::kError);
  CHECK(e.origin == "/nonexistent/nd/path.txt");
  CHECK(src.Next(&a, &e) == ni::ArticleSource::Result::kEnd);
}

namespace article_source_test_detail {

struct Drained {
  std::vector<ni::Article> articles;
  std::vector<ni::InputError> errors;
};

Drained Drain(ni::ArticleSource* src) {
  Drained d;
  ni::Article a;
  ni::InputError e;
  for (;;) {
    auto r = src->Next(&a, &e);
    if (r == ni::ArticleSource::Result::kEnd) break;
    if (r == ni::ArticleSource::Result::kArticle) d.articles.push_back(a);
    else d.errors.push_back(e);
  }
  return d;
}

// gzip via the system's gzip(1)-compatible zlib is tested in
// input_file_test.cpp; here a tiny stored gzip member is enough.
std::string GzipStored(const std::string& data);

}  // namespace article_source_test_detail

// Issue 12 item 3: directory walks take article files by type and report
// once how many other files they skipped.
TEST_CASE("article source: directory walks take article files by type", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_types";
  fs::remove_all(dir);
  fs::create_directories(dir / "img");
  ArticleSourceTestWrite(dir / "README.md", "# Example articles\n\nThese are examples of inputs.\n");
  ArticleSourceTestWrite(dir / "img" / "logo.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10));
  ArticleSourceTestWrite(dir / "old.ndg", "NDG1 digest bytes");
  ArticleSourceTestWrite(dir / ".hidden.txt", "Hidden\nNot read at all.\n");
  ArticleSourceTestWrite(dir / "a.txt", "Title A\nFirst sentence of A. Second sentence of A.\n");
  ArticleSourceTestWrite(dir / "b.TEXT", "Title B\nFirst sentence of B. Second sentence of B.\n");
  ArticleSourceTestWrite(dir / "c.ndjson", "{\"id\":\"c1\",\"body\":\"Body of c1.\"}\n");
  ArticleSourceTestWrite(dir / "d.htm",
                         "<!DOCTYPE html><html><head><title>Page D</title></head><body><article><p>"
                         "A paragraph of the article D that is long enough to be taken as the text.</p>"
                         "</article></body></html>");
  ni::ArticleSource src({dir.string()}, {});
  d::Drained got = d::Drain(&src);
  for (auto& e : got.errors) UNSCOPED_INFO(e.origin << ": " << e.reason);
  CHECK(got.errors.empty());
  REQUIRE(got.articles.size() == 4);
  for (const auto& a : got.articles) CHECK(a.title.find("Example") == std::string::npos);
  CHECK(src.skipped_files() == 3);
  ni::InputError notice;
  REQUIRE(src.SkippedNotice(&notice));
  CHECK(notice.origin == dir.string());
  CHECK(notice.reason.find("skipped 3 files") != std::string::npos);
  CHECK(notice.reason.find("README.md") != std::string::npos);
  // Nothing skipped: no notice.
  ni::ArticleSource plain({(dir / "a.txt").string()}, {});
  d::Drain(&plain);
  CHECK_FALSE(plain.SkippedNotice(&notice));
  fs::remove_all(dir);
}

TEST_CASE("article source: files named explicitly are sniffed whatever their name", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_sniff";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ArticleSourceTestWrite(dir / "page.download",
                         "<!DOCTYPE html><html><head><title>Sniffed page</title></head><body><article><p>"
                         "A paragraph of the sniffed page that is long enough to be taken as text.</p>"
                         "</article></body></html>");
  ArticleSourceTestWrite(dir / "records", "{\"id\":\"r1\",\"text\":\"Record one.\"}\n");
  ArticleSourceTestWrite(dir / "NOTES", "Plain title\nA sentence of plain text.\n");
  ni::ArticleSource src({(dir / "page.download").string(), (dir / "records").string(), (dir / "NOTES").string()},
                        {});
  d::Drained got = d::Drain(&src);
  CHECK(got.errors.empty());
  REQUIRE(got.articles.size() == 3);
  CHECK(got.articles[0].title == "Sniffed page");
  CHECK(got.articles[1].id == "r1");
  CHECK(got.articles[2].title == "Plain title");
  fs::remove_all(dir);
}

// Issue 12 item 3 and issue 20 item 9: gzip read transparently; limits
// applied while reading.
TEST_CASE("article source: gzip inputs in walks and by name", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_gz";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ArticleSourceTestWrite(dir / "p.html.gz",
                         d::GzipStored("<!DOCTYPE html><html><head><title>Zipped page</title></head><body>"
                                       "<article><p>A paragraph of the zipped page, long enough to count as "
                                       "the article text.</p></article></body></html>"));
  ArticleSourceTestWrite(dir / "t.txt.gz", d::GzipStored("Zipped text\nOne sentence of zipped text.\n"));
  ArticleSourceTestWrite(dir / "l.jsonl.gz", d::GzipStored("{\"text\":\"Line one.\"}\n{\"text\":\"Line two.\"}\n"));
  ni::ArticleSource src({dir.string()}, {});
  d::Drained got = d::Drain(&src);
  for (auto& e : got.errors) UNSCOPED_INFO(e.origin << ": " << e.reason);
  CHECK(got.errors.empty());
  REQUIRE(got.articles.size() == 4);
  CHECK(got.articles[2].title == "Zipped page");
  CHECK(got.articles[3].title == "Zipped text");
  fs::remove_all(dir);
}

TEST_CASE("article source: an oversized JSONL line is skipped, the next line is read", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_longline";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ni::IngestOptions opts;
  opts.max_article_bytes = 1000;  // line limit 6000 + 64 KiB
  {
    std::ofstream out(dir / "in.jsonl", std::ios::binary);
    out << "{\"text\":\"First.\"}\n{\"text\":\"" << std::string(8u << 20, 'x') << "\"}\n{\"text\":\"Third.\"}\n";
  }
  ni::ArticleSource src({(dir / "in.jsonl").string()}, opts);
  d::Drained got = d::Drain(&src);
  REQUIRE(got.articles.size() == 2);
  CHECK(got.articles[1].body == "Third.");
  REQUIRE(got.errors.size() == 1);
  CHECK(got.errors[0].origin == (dir / "in.jsonl").string() + ":2");
  CHECK(got.errors[0].reason.find("line of 8388619 bytes exceeds the limit") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("article source: a pretty-printed JSON object is one record", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_pretty";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ArticleSourceTestWrite(dir / "show.json",
                         "{\n  \"id\": \"p1\",\n  \"keywords\": [\n    \"a\"\n  ],\n  \"body\": \"Pretty body.\"\n}\n"
                         "{\"id\":\"p2\",\"text\":\"Compact body.\"}\n");
  ni::ArticleSource src({(dir / "show.json").string()}, {});
  d::Drained got = d::Drain(&src);
  CHECK(got.errors.empty());
  REQUIRE(got.articles.size() == 2);
  CHECK(got.articles[0].id == "p1");
  CHECK(got.articles[0].origin == (dir / "show.json").string() + ":1");
  CHECK(got.articles[1].origin == (dir / "show.json").string() + ":8");
  fs::remove_all(dir);
}

TEST_CASE("article source: /dev/zero and special files end with a reason", "[ingest]") {
  namespace d = article_source_test_detail;
  ni::ArticleSource src({"/dev/zero"}, {});
  d::Drained got = d::Drain(&src);
  CHECK(got.articles.empty());
  REQUIRE(got.errors.size() == 1);
  CHECK(got.errors[0].reason.find("limit") != std::string::npos);
}

namespace article_source_test_detail {

// A gzip member with one stored (uncompressed) deflate block.
std::string GzipStored(const std::string& data) {
  REQUIRE(data.size() < 65536);
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  out.push_back('\x01');  // final stored block
  uint16_t len = static_cast<uint16_t>(data.size());
  uint16_t nlen = static_cast<uint16_t>(~len);
  out.push_back(static_cast<char>(len & 0xff));
  out.push_back(static_cast<char>(len >> 8));
  out.push_back(static_cast<char>(nlen & 0xff));
  out.push_back(static_cast<char>(nlen >> 8));
  out += data;
  // CRC-32 (IEEE) and size, little-endian.
  uint32_t crc = 0xffffffffu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  crc = ~crc;
  uint32_t size = static_cast<uint32_t>(data.size());
  for (uint32_t v : {crc, size})
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
  return out;
}

}  // namespace article_source_test_detail

TEST_CASE("article source: walks follow directory links once and count special files", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_links";
  fs::remove_all(dir);
  fs::create_directories(dir / "walked");
  fs::create_directories(dir / "elsewhere");
  ArticleSourceTestWrite(dir / "walked" / "a.txt", "Title A\nFirst sentence of A. Second sentence of A.\n");
  ArticleSourceTestWrite(dir / "elsewhere" / "b.txt", "Title B\nFirst sentence of B. Second sentence of B.\n");
  // A link to a directory outside the walk is followed; a link back to the
  // walk's root (a loop) and a second link to the same directory add nothing.
  fs::create_directory_symlink(dir / "elsewhere", dir / "walked" / "linked");
  fs::create_directory_symlink(dir / "elsewhere", dir / "walked" / "linked_again");
  fs::create_directory_symlink(dir / "walked", dir / "walked" / "loop");
  // A FIFO with an article extension is never opened (that would block) but
  // is counted in the notice; so is a broken link.
  REQUIRE(::mkfifo((dir / "walked" / "pipe.txt").c_str(), 0600) == 0);
  fs::create_symlink(dir / "missing.txt", dir / "walked" / "broken.txt");
  ni::ArticleSource src({(dir / "walked").string()}, {});
  d::Drained got = d::Drain(&src);
  for (auto& e : got.errors) UNSCOPED_INFO(e.origin << ": " << e.reason);
  CHECK(got.errors.empty());
  REQUIRE(got.articles.size() == 2);
  CHECK(got.articles[0].title == "Title A");
  CHECK(got.articles[1].title == "Title B");
  CHECK(src.skipped_files() == 2);
  ni::InputError notice;
  REQUIRE(src.SkippedNotice(&notice));
  CHECK(notice.reason.find("skipped 2 files") != std::string::npos);
  CHECK(notice.reason.find("pipe.txt") != std::string::npos);
  CHECK(notice.reason.find("2 of them are not regular files") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("article source: a digest file is not an article input", "[ingest]") {
  namespace d = article_source_test_detail;
  fs::path dir = fs::temp_directory_path() / "nd_article_source_digest";
  fs::remove_all(dir);
  fs::create_directories(dir);
  ArticleSourceTestWrite(dir / "x.ndg", std::string("NDGF\1\0\0\0\xff\xfe binary", 17));
  ArticleSourceTestWrite(dir / "renamed.txt", std::string("NDGF\1\0\0\0\xff\xfe binary", 17));
  ArticleSourceTestWrite(dir / "ndgf.txt", "NDGF\nA title-like line that is text.\n");
  ni::ArticleSource src({(dir / "x.ndg").string(), (dir / "renamed.txt").string(), (dir / "ndgf.txt").string()},
                        {});
  d::Drained got = d::Drain(&src);
  REQUIRE(got.errors.size() == 2);
  CHECK(got.errors[0].reason == "is a digest file, not an article input");
  CHECK(got.errors[1].origin == (dir / "renamed.txt").string());
  CHECK(got.errors[1].reason == "is a digest file, not an article input");
  // A text that merely starts with the letters NDGF is still a text.
  REQUIRE(got.articles.size() == 1);
  CHECK(got.articles[0].title == "NDGF");
  fs::remove_all(dir);
}
