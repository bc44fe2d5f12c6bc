#include <catch2/catch.hpp>

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
  CHECK(all.find("big.txt: file of") != std::string::npos);
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
