// Writer faults: the output appears atomically, a build killed half-way
// leaves the previous file intact, and disk-full, permission and rename
// failures are reported with nothing half-written at the destination.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "newsdigest/reader/nd_reader.h"
#include "newsdigest/writer/output.h"
#include "robust_fixture.h"

namespace writer_fault_detail {

namespace fs = std::filesystem;

fs::path FaultDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("nd_robust_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// Files in `dir` other than `keep` (leftover temporaries).
std::vector<std::string> StrayFiles(const fs::path& dir, const std::string& keep) {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != keep) v.push_back(e.path().filename().string());
  return v;
}

// Opens `bytes` with the reader and returns its digest count, or -1.
long CountDigests(const std::vector<uint8_t>& bytes) {
  nd_limits lim;
  if (nd_reader_probe(bytes.data(), bytes.size(), &lim, nullptr) != ND_OK) return -1;
  std::vector<uint64_t> ws(nd_reader_workspace_size(&lim) / 8 + 1);
  nd_reader* r = nullptr;
  if (nd_reader_open_memory(bytes.data(), bytes.size(), ws.data(), ws.size() * 8, &r) != ND_OK) return -1;
  if (nd_reader_index_damaged(r)) return -1;
  for (uint32_t i = 0; i < nd_reader_count(r); ++i) {
    uint64_t off = 0;
    if (nd_reader_offset(r, i, &off) != ND_OK || nd_reader_check_at(r, off) != ND_OK) return -1;
  }
  return static_cast<long>(nd_reader_count(r));
}

// Runs `fn` in a forked child; returns its exit status (or -signal), and its
// message through a pipe in *msg.
template <typename Fn>
int RunInChild(Fn fn, std::string* msg) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string m;
    int code = fn(&m);
    if (!m.empty()) (void)!::write(fds[1], m.data(), m.size());
    ::_exit(code);
  }
  ::close(fds[1]);
  char buf[256];
  ssize_t n;
  msg->clear();
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) msg->append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
}

// Forwards to a real sink but fails the `fail_at`-th call (Append, WriteAt
// or Commit; counted from 1) and every later one with `err`, the way a full
// disk or an I/O error would.
class FailingSink final : public newsdigest::writer::WritableSink {
 public:
  FailingSink(std::unique_ptr<newsdigest::writer::WritableSink> inner, int fail_at, int err)
      : inner_(std::move(inner)), fail_at_(fail_at), err_(err) {}
  newsdigest::Status Append(std::string_view data) override { return Hit() ? Fail() : inner_->Append(data); }
  newsdigest::Status WriteAt(uint64_t off, std::string_view data) override {
    return Hit() ? Fail() : inner_->WriteAt(off, data);
  }
  newsdigest::Status Commit() override {
    if (Hit()) {
      inner_->Abandon();
      return Fail();
    }
    return inner_->Commit();
  }
  void Abandon() override { inner_->Abandon(); }
  newsdigest::Status status() const override { return failed_ ? kError : inner_->status(); }
  int last_errno() const override { return failed_ ? err_ : inner_->last_errno(); }
  const std::string& name() const override { return inner_->name(); }
  uint64_t size() const override { return inner_->size(); }
  int calls() const { return calls_; }

 private:
  static constexpr newsdigest::Status kError = newsdigest::Status::IOError("cannot write the output");
  bool Hit() { return failed_ || ++calls_ >= fail_at_; }
  newsdigest::Status Fail() {
    failed_ = true;
    return kError;
  }
  std::unique_ptr<newsdigest::writer::WritableSink> inner_;
  int fail_at_, err_;
  int calls_ = 0;
  bool failed_ = false;
};

// Digest `k` of the fault builds: a few distinct sentences, the first two
// as the summary.
newsdigest::writer::DigestInput FaultDigest(int k) {
  newsdigest::writer::DigestInput in;
  in.id = "f" + std::to_string(k);
  in.title = "Fault test story " + std::to_string(k);
  for (int s = 0; s < 5; ++s) {
    const uint32_t begin = static_cast<uint32_t>(in.body.size());
    in.body += "Sentence " + std::to_string(s) + " of story " + std::to_string(k) + " tells about item " +
               std::to_string(k * 31 + s) + ".";
    if (s < 2) in.summary.emplace_back(begin, static_cast<uint32_t>(in.body.size()) - begin);
    in.body += ' ';
  }
  in.body.pop_back();
  return in;
}

}  // namespace writer_fault_detail

TEST_CASE("writer: a write failure at every call of the output leaves the old file intact", "[robust]") {
  namespace d = writer_fault_detail;
  namespace w = newsdigest::writer;
  const auto dir = d::FaultDir("every_call");
  const std::string out = (dir / "out.ndg").string();
  nd_robust::FixtureFile old;
  REQUIRE(nd_robust::BuildRobustFixture(out, 6, 2, &old).ok());
  const int err = GENERATE(ENOSPC, EIO);
  w::DigestEncoder enc(w::EncoderOptions{});
  std::vector<w::EncodedDigest> records(20);
  for (int k = 0; k < 20; ++k) REQUIRE(enc.Encode(d::FaultDigest(k), &records[static_cast<size_t>(k)]).ok());
  int failures = 0;
  for (int fail_at = 1;; ++fail_at) {
    CAPTURE(fail_at, err);
    REQUIRE(fail_at < 1000);
    std::unique_ptr<w::DigestBuilder> b;
    std::string text;
    newsdigest::Status st = w::DigestBuilder::Create(
        std::make_unique<d::FailingSink>(w::NewAtomicFileSink(out), fail_at, err), w::BuilderOptions{}, &b, &text);
    for (size_t k = 0; st.ok() && k < records.size(); ++k) st = b->Add(records[k]);
    if (st.ok()) st = b->Finish();
    if (st.ok()) {
      CHECK(d::CountDigests(nd_robust::RobustReadFile(out)) == 20);
      break;
    }
    ++failures;
    CHECK(st.code() == newsdigest::Status::Code::kIOError);
    if (b) text = b->ErrorText();
    INFO(text);
    CHECK(text.rfind(out + ": ", 0) == 0);                      // names the destination
    CHECK(text.find(std::strerror(err)) != std::string::npos);  // and the system's reason
    CHECK(nd_robust::RobustReadFile(out) == old.bytes);
    b.reset();  // abandons: the temporary file goes
    CHECK(d::StrayFiles(dir, "out.ndg").empty());
  }
  // Header, 20 records, index, trailer, header rewrite, commit.
  CHECK(failures == 25);
  std::filesystem::remove_all(dir);
}

TEST_CASE("writer: output appears only at Finish, Abandon leaves the old file", "[robust]") {
  namespace d = writer_fault_detail;
  const auto dir = d::FaultDir("atomic");
  const std::string out = (dir / "out.ndg").string();
  nd_robust::FixtureFile old;
  REQUIRE(nd_robust::BuildRobustFixture(out, 5, 7, &old).ok());
  REQUIRE(d::StrayFiles(dir, "out.ndg").empty());

  namespace w = newsdigest::writer;
  w::BuilderOptions bo;
  std::unique_ptr<w::DigestBuilder> b;
  REQUIRE(w::DigestBuilder::Create(out, bo, &b).ok());
  w::DigestEncoder enc(w::EncoderOptions{});
  w::DigestInput in;
  in.id = "x";
  in.body = "A short replacement body. It has two sentences.";
  w::EncodedDigest e;
  REQUIRE(enc.Encode(in, &e).ok());
  REQUIRE(b->Add(e).ok());
  // Mid-build: the destination is still the old file; the work is elsewhere.
  CHECK(nd_robust::RobustReadFile(out) == old.bytes);
  CHECK(d::StrayFiles(dir, "out.ndg").size() == 1);
  b->Abandon();
  CHECK(nd_robust::RobustReadFile(out) == old.bytes);
  CHECK(d::StrayFiles(dir, "out.ndg").empty());

  REQUIRE(w::DigestBuilder::Create(out, bo, &b).ok());
  REQUIRE(b->Add(e).ok());
  REQUIRE(b->Finish().ok());
  CHECK(d::CountDigests(nd_robust::RobustReadFile(out)) == 1);
  CHECK(d::StrayFiles(dir, "out.ndg").empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("writer: a build killed half-way leaves the previous file intact", "[robust]") {
  namespace d = writer_fault_detail;
  const auto dir = d::FaultDir("kill");
  const std::string out = (dir / "out.ndg").string();
  nd_robust::FixtureFile old;
  REQUIRE(nd_robust::BuildRobustFixture(out, 10, 3, &old).ok());

  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // Child: a build that never finishes on its own; says when it is busy.
    ::close(fds[0]);
    namespace w = newsdigest::writer;
    std::unique_ptr<w::DigestBuilder> b;
    if (!w::DigestBuilder::Create(out, w::BuilderOptions{}, &b).ok()) ::_exit(3);
    w::DigestEncoder enc(w::EncoderOptions{});
    nd_robust::RobustRng rng(9);
    for (int k = 0;; ++k) {
      w::DigestInput in;
      std::vector<std::pair<uint32_t, uint32_t>> spans;
      in.body = nd_robust::RobustBody(rng, 8, &spans);
      w::EncodedDigest e;
      if (!enc.Encode(in, &e).ok() || !b->Add(e).ok()) ::_exit(4);
      if (k == 200) (void)!::write(fds[1], "x", 1);
      if (k > 200) ::usleep(1000);
    }
  }
  ::close(fds[1]);
  char c = 0;
  REQUIRE(::read(fds[0], &c, 1) == 1);
  ::kill(pid, SIGKILL);
  int st = 0;
  ::waitpid(pid, &st, 0);
  ::close(fds[0]);
  CHECK(WIFSIGNALED(st));
  // The destination is the old file, still complete and readable. The killed
  // build's temporary file (out.ndg.tmp.<pid>) is left behind as garbage.
  CHECK(nd_robust::RobustReadFile(out) == old.bytes);
  CHECK(d::CountDigests(nd_robust::RobustReadFile(out)) == 10);
  auto stray = d::StrayFiles(dir, "out.ndg");
  REQUIRE(stray.size() == 1);
  // ".out.ndg.<16 random hex digits>.tmp": hidden, not derived from the pid.
  CHECK(stray[0].rfind(".out.ndg.", 0) == 0);
  CHECK(stray[0].size() == std::string(".out.ndg.").size() + 16 + 4);
  CHECK(stray[0].find(std::to_string(pid)) == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("writer: disk full (file size limit) is reported, nothing half-written", "[robust]") {
  namespace d = writer_fault_detail;
  const auto dir = d::FaultDir("full");
  const std::string out = (dir / "out.ndg").string();
  nd_robust::FixtureFile old;
  REQUIRE(nd_robust::BuildRobustFixture(out, 4, 5, &old).ok());
  // Limits on where the write fails: early (the header), mid-records, and
  // right at the end (index/trailer), found from a full build's size.
  nd_robust::FixtureFile full;
  REQUIRE(nd_robust::BuildRobustFixture((dir / "full.ndg").string(), 120, 11, &full).ok());
  std::filesystem::remove(dir / "full.ndg");
  const rlim_t size = static_cast<rlim_t>(full.bytes.size());
  for (rlim_t limit : {rlim_t{100}, size / 2, full.index_record.first + 8, size - 10}) {
    std::string msg;
    int code = d::RunInChild(
        [&](std::string* m) {
          ::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of a signal
          struct rlimit rl = {limit, limit};
          if (::setrlimit(RLIMIT_FSIZE, &rl) != 0) return 5;
          nd_robust::FixtureFile fx;
          newsdigest::Status s = nd_robust::BuildRobustFixture(out, 120, 11, &fx);
          *m = s.message();
          if (s.ok()) return 6;
          return s.code() == newsdigest::Status::Code::kIOError ? 0 : 7;
        },
        &msg);
    INFO("limit " << limit << ": " << msg);
    CHECK(code == 0);
    CHECK(!msg.empty());
    CHECK(nd_robust::RobustReadFile(out) == old.bytes);
    CHECK(d::StrayFiles(dir, "out.ndg").empty());
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("writer: permission and rename failures are reported, nothing half-written", "[robust]") {
  namespace d = writer_fault_detail;
  namespace fs = std::filesystem;
  const auto dir = d::FaultDir("perm");
  const fs::path ro = dir / "ro";
  fs::create_directories(ro);
  const std::string out = (ro / "out.ndg").string();
  nd_robust::FixtureFile old;
  REQUIRE(nd_robust::BuildRobustFixture(out, 3, 2, &old).ok());
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  auto attempt = [&](std::string* m) {
    nd_robust::FixtureFile fx;
    newsdigest::Status s = nd_robust::BuildRobustFixture(out, 5, 4, &fx);
    *m = s.message();
    if (s.ok()) return 6;
    return s.code() == newsdigest::Status::Code::kIOError ? 0 : 7;
  };
  std::string msg;
  int code;
  if (::geteuid() != 0) {
    code = d::RunInChild(attempt, &msg);
  } else {
    // Root ignores directory permissions: run the attempt as `nobody`.
    code = d::RunInChild(
        [&](std::string* m) {
          if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
            *m = "cannot drop root privileges";
            return 8;
          }
          return attempt(m);
        },
        &msg);
    if (code == 8) WARN("running as root and cannot switch to uid 65534: read-only directory check skipped");
  }
  if (code != 8) {
    INFO(msg);
    CHECK(code == 0);
    CHECK(msg == std::string("cannot create the output file"));
  }
  CHECK(nd_robust::RobustReadFile(out) == old.bytes);
  CHECK(d::StrayFiles(ro, "out.ndg").empty());
  fs::permissions(ro, fs::perms::owner_all);

  // The destination is a non-empty directory: the final rename fails (even
  // for root); the error is reported and the temporary file removed.
  const fs::path blocked = dir / "blocked.ndg";
  fs::create_directories(blocked / "inside");
  nd_robust::FixtureFile fx;
  newsdigest::Status s = nd_robust::BuildRobustFixture(blocked.string(), 3, 4, &fx);
  CHECK(s.code() == newsdigest::Status::Code::kIOError);
  CHECK(fs::is_directory(blocked / "inside"));
  CHECK(d::StrayFiles(dir, "blocked.ndg").size() == 1);  // only `ro`
  fs::remove_all(dir);
}
