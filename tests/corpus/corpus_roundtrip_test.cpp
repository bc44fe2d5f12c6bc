// Round trip on the BBC corpus: every digest gives back its normalized input.
#include <catch2/catch.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "newsdigest/ingest/ingest.h"
#include "newsdigest/reader/nd_reader.h"

namespace fs = std::filesystem;

namespace corpus_roundtrip_detail {

std::string ReadAll(const fs::path& p) {
  std::stringstream ss;
  ss << std::ifstream(p, std::ios::binary).rdbuf();
  return ss.str();
}

int Run(const std::string& args) {
  int st = std::system((std::string(ND_CLI_PATH) + " " + args).c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void CheckFile(const std::string& path, const std::vector<newsdigest::ingest::Article>& articles) {
  std::string file = ReadAll(path);
  const auto* data = reinterpret_cast<const uint8_t*>(file.data());
  nd_limits lim;
  REQUIRE(nd_reader_probe(data, file.size(), &lim, nullptr) == ND_OK);
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  REQUIRE(nd_reader_open_memory(data, file.size(), ws.data(), ws.size() * 8, &r) == ND_OK);
  REQUIRE(nd_reader_count(r) == articles.size());
  std::string body;
  size_t bad_body = 0, bad_title = 0, bad_summary = 0;
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    const auto& a = articles[i];
    nd_meta m;
    REQUIRE(nd_reader_meta(r, i, &m) == ND_OK);
    if (std::string(m.title.ptr, m.title.len) != a.title || std::string(m.id.ptr, m.id.len) != a.id) ++bad_title;
    body.assign(m.text_size, '\0');
    size_t len = 0;
    REQUIRE(nd_reader_body(r, i, body.data(), body.size(), &len) == ND_OK);
    if (body != a.body) ++bad_body;
    nd_str sent[64];
    uint32_t n = 0;
    REQUIRE(nd_reader_summary(r, i, sent, 64, &n) == ND_OK);
    for (uint32_t k = 0; k < n; ++k)
      if (a.body.find(std::string(sent[k].ptr, sent[k].len)) == std::string::npos) ++bad_summary;
  }
  CHECK(bad_title == 0);
  CHECK(bad_body == 0);
  CHECK(bad_summary == 0);
}

}  // namespace corpus_roundtrip_detail

TEST_CASE("corpus: all BBC articles round-trip byte for byte", "[corpus]") {
  namespace d = corpus_roundtrip_detail;
  const std::string jsonl = std::string(ND_SHARED_DIR) + "/eval/summ/bbc_news_summary.jsonl";
  std::vector<newsdigest::ingest::Article> articles;
  newsdigest::ingest::ArticleSource src({jsonl}, {});
  newsdigest::ingest::Article a;
  newsdigest::ingest::InputError e;
  for (;;) {
    auto res = src.Next(&a, &e);
    if (res == newsdigest::ingest::ArticleSource::Result::kEnd) break;
    REQUIRE(res == newsdigest::ingest::ArticleSource::Result::kArticle);
    articles.push_back(a);
  }
  REQUIRE(articles.size() == 2225);
  // Private to this process (other runs may be going on), built once for all sections.
  fs::path dir = fs::temp_directory_path() / ("nd_corpus_test_" + std::to_string(::getpid()));
  const std::string plain = (dir / "bbc.ndg").string(), dict = (dir / "bbc-dict.ndg").string();
  static bool built = false;
  if (!built) {
    fs::create_directories(dir);
    REQUIRE(d::Run("build -q -o " + plain + " " + jsonl) == 0);
    REQUIRE(d::Run("build -q --train-dict -o " + dict + " " + jsonl) == 0);
    built = true;
  }
  SECTION("plain") { d::CheckFile(plain, articles); }
  SECTION("trained, embedded dictionary") { d::CheckFile(dict, articles); }
  SECTION("show --body --json, sampled") {
    for (uint32_t i : {0u, 1u, 500u, 1111u, 2224u}) {
      std::string out = (dir / "show.json").string();
      REQUIRE(d::Run("show " + plain + " " + std::to_string(i) + " --body --json > " + out) == 0);
      auto j = nlohmann::json::parse(d::ReadAll(out));
      CHECK(j["body"] == articles[i].body);
    }
  }
}
