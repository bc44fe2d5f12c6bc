// DigestPipeline end to end in memory: articles added one at a time are read
// back through the C reader (nd_reader.h); identical bodies are stored once,
// and bodies that only collide on the hash are both kept; a failing output
// is fatal and leaves the destination untouched.
#include <catch2/catch.hpp>

#include <cerrno>
#include <string>
#include <vector>

#include "newsdigest/pipeline/pipeline.h"
#include "newsdigest/reader/nd_reader.h"

namespace digest_pipeline_test_detail {

namespace np = newsdigest::pipeline;
namespace nw = newsdigest::writer;

// Article `n` with a body of several generated sentences; bodies of
// different `n` have different bytes and, for n < 1000, the same length.
newsdigest::ingest::Article MakePipelineArticle(int n) {
  // Equal lengths, so that bodies differ in bytes only.
  static const char* const kSubjects[] = {"The port board", "The city board", "The farm union", "The bank union"};
  static const char* const kVerbs[] = {"announced", "postponed", "evaluated", "discussed"};
  newsdigest::ingest::Article a;
  a.id = "p" + std::to_string(1000 + n);
  a.title = "Pipeline story " + std::to_string(1000 + n);
  a.lang = "en";
  a.origin = "test:" + std::to_string(n);
  for (int s = 0; s < 6; ++s) {
    a.body += std::string(kSubjects[(n + s) % 4]) + " " + kVerbs[(n * 3 + s) % 4] + " plan number " +
              std::to_string(1000 + n * 7 + s) + " for the coming season.";
    a.body += s == 2 ? "\n" : " ";
  }
  a.body.pop_back();
  return a;
}

struct ReadBack {
  nd_status status = ND_OK;
  std::vector<std::string> titles, bodies;
};

// Every digest's title and body, read from `file` in memory mode.
ReadBack ReadPipelineFile(const std::string& file) {
  ReadBack rb;
  const auto* bytes = reinterpret_cast<const uint8_t*>(file.data());
  nd_limits lim;
  size_t needed = 0;
  rb.status = nd_reader_probe(bytes, file.size(), &lim, &needed);
  if (rb.status != ND_OK) return rb;
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  rb.status = nd_reader_open_memory(bytes, file.size(), ws.data(), ws.size() * 8, &r);
  if (rb.status != ND_OK) return rb;
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    nd_meta meta;
    if ((rb.status = nd_reader_meta(r, i, &meta)) != ND_OK) return rb;
    rb.titles.emplace_back(meta.title.ptr, meta.title.len);
    std::string body(meta.text_size, '\0');
    size_t len = 0;
    if ((rb.status = nd_reader_body(r, i, body.data(), body.size(), &len)) != ND_OK) return rb;
    body.resize(len);
    rb.bodies.push_back(body);
  }
  return rb;
}

uint64_t CollidingHash(std::string_view) { return 7; }

// Fails every call from the `fail_at`-th on (counting Append, WriteAt and
// Commit) with ENOSPC.
class FullDiskSink final : public nw::WritableSink {
 public:
  FullDiskSink(std::unique_ptr<nw::WritableSink> inner, int fail_at) : inner_(std::move(inner)), fail_at_(fail_at) {}
  newsdigest::Status Append(std::string_view d) override { return Count() ? Fail() : inner_->Append(d); }
  newsdigest::Status WriteAt(uint64_t o, std::string_view d) override { return Count() ? Fail() : inner_->WriteAt(o, d); }
  newsdigest::Status Commit() override {
    if (Count()) {
      inner_->Abandon();
      return Fail();
    }
    return inner_->Commit();
  }
  void Abandon() override { inner_->Abandon(); }
  newsdigest::Status status() const override { return failed_ ? kFull : inner_->status(); }
  int last_errno() const override { return failed_ ? ENOSPC : inner_->last_errno(); }
  const std::string& name() const override { return inner_->name(); }
  uint64_t size() const override { return inner_->size(); }

 private:
  static constexpr newsdigest::Status kFull = newsdigest::Status::IOError("cannot write the output");
  bool Count() { return failed_ || ++calls_ >= fail_at_; }
  newsdigest::Status Fail() {
    failed_ = true;
    return kFull;
  }
  std::unique_ptr<nw::WritableSink> inner_;
  int fail_at_;
  int calls_ = 0;
  bool failed_ = false;
};

}  // namespace digest_pipeline_test_detail

TEST_CASE("pipeline: a digest file built in memory reads back", "[pipeline]") {
  namespace t = digest_pipeline_test_detail;
  namespace np = newsdigest::pipeline;
  namespace nw = newsdigest::writer;
  const unsigned threads = GENERATE(1u, 3u);
  CAPTURE(threads);
  np::PipelineOptions o;
  o.threads = threads;
  o.encoder.level = 3;
  std::vector<std::string> rejected;
  o.on_reject = [&](const newsdigest::ingest::InputError& e) { rejected.push_back(e.origin); };
  std::string file = "untouched";
  std::unique_ptr<np::DigestPipeline> p;
  REQUIRE(np::DigestPipeline::Create(o, nw::NewMemorySink(&file), &p).ok());
  std::vector<newsdigest::ingest::Article> added;
  for (int i = 0; i < 30; ++i) {
    auto a = t::MakePipelineArticle(i % 10 == 9 ? i - 5 : i);  // every tenth repeats an earlier body
    a.title = "Pipeline title " + std::to_string(i);
    added.push_back(a);
    REQUIRE(p->Add(a).ok());
    if (i == 12) REQUIRE(p->Reject({"bad-input", "invalid UTF-8"}).ok());
    CHECK(file == "untouched");  // nothing reaches the destination before Finish
  }
  REQUIRE(p->Finish().ok());
  CHECK(p->stats().packed == 30);
  CHECK(p->stats().rejected == 1);
  CHECK(p->stats().deduplicated == 3);
  CHECK(rejected == std::vector<std::string>{"bad-input"});
  CHECK(p->stats().output_bytes == file.size());
  const auto rb = t::ReadPipelineFile(file);
  REQUIRE(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == added.size());
  for (size_t i = 0; i < added.size(); ++i) {
    CHECK(rb.titles[i] == added[i].title);
    CHECK(rb.bodies[i] == added[i].body);
  }
}

TEST_CASE("pipeline: different bodies with the same hash and length both round-trip", "[pipeline]") {
  // Regression (issue 20 item 2): dedup trusted the 64-bit hash and length;
  // a colliding pair made the second body silently become the first.
  namespace t = digest_pipeline_test_detail;
  namespace np = newsdigest::pipeline;
  namespace nw = newsdigest::writer;
  np::PipelineOptions o;
  o.threads = GENERATE(1u, 2u);
  o.body_hash = &t::CollidingHash;  // every body collides with every other of its length
  std::string file;
  std::unique_ptr<np::DigestPipeline> p;
  REQUIRE(np::DigestPipeline::Create(o, nw::NewMemorySink(&file), &p).ok());
  std::vector<newsdigest::ingest::Article> added;
  for (int i : {1, 2, 3, 1, 2, 4, 3}) {
    added.push_back(t::MakePipelineArticle(i));
    REQUIRE(p->Add(added.back()).ok());
  }
  REQUIRE(added[0].body.size() == added[1].body.size());
  REQUIRE(added[0].body != added[1].body);
  REQUIRE(p->Finish().ok());
  CHECK(p->stats().packed == 7);
  CHECK(p->stats().deduplicated == 3);  // only the true copies
  const auto rb = t::ReadPipelineFile(file);
  REQUIRE(rb.status == ND_OK);
  REQUIRE(rb.bodies.size() == added.size());
  for (size_t i = 0; i < added.size(); ++i) CHECK(rb.bodies[i] == added[i].body);
}

TEST_CASE("pipeline: a failing output is fatal and the destination is untouched", "[pipeline]") {
  namespace t = digest_pipeline_test_detail;
  namespace np = newsdigest::pipeline;
  namespace nw = newsdigest::writer;
  for (int fail_at = 1;; ++fail_at) {
    CAPTURE(fail_at);
    np::PipelineOptions o;
    o.threads = 1;
    std::string file = "old";
    std::unique_ptr<np::DigestPipeline> p;
    std::string text;
    auto sink = std::make_unique<t::FullDiskSink>(nw::NewMemorySink(&file), fail_at);
    newsdigest::Status st = np::DigestPipeline::Create(o, std::move(sink), &p, &text);
    for (int i = 0; st.ok() && i < 8; ++i) st = p->Add(t::MakePipelineArticle(i));
    if (st.ok()) st = p->Finish();
    if (st.ok()) {
      // Past the last call: every call (header, 8 records, index, trailer,
      // header rewrite, commit) has failed once.
      CHECK(fail_at == 14);
      CHECK(file != "old");
      break;
    }
    CHECK(st.code() == newsdigest::Status::Code::kIOError);
    if (p) text = p->ErrorText();
    CHECK(text.find("No space left on device") != std::string::npos);
    CHECK(text.find("<memory>") == 0);
    CHECK(file == "old");
  }
}
