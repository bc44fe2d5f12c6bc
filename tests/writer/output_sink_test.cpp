// Output sinks: the atomic file's temporary is unpredictable, never follows a
// planted symlink and goes away on Abandon; memory and stream sinks deliver
// nothing before Commit; errors name the destination and the system's reason.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "newsdigest/writer/dictionary.h"
#include "newsdigest/writer/output.h"

namespace output_sink_test_detail {

namespace fs = std::filesystem;

fs::path SinkTestDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("nd_output_sink_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string SinkTestRead(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> SinkTestListing(const fs::path& dir) {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(dir)) v.push_back(e.path().filename().string());
  return v;
}

}  // namespace output_sink_test_detail

TEST_CASE("output: the atomic file appears whole at Commit, Abandon leaves the old one", "[writer]") {
  namespace t = output_sink_test_detail;
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  const auto dir = t::SinkTestDir("atomic");
  const auto out = dir / "out.ndg";
  { std::ofstream(out) << "old"; }
  auto sink = w::NewAtomicFileSink(out.string());
  REQUIRE(sink->status().ok());
  REQUIRE(sink->Append("hello world").ok());
  REQUIRE(sink->WriteAt(0, "HELLO").ok());
  CHECK(sink->size() == 11);
  CHECK_FALSE(sink->WriteAt(8, "toolong").ok());  // outside the written bytes
  CHECK(t::SinkTestRead(out) == "old");
  sink->Abandon();
  CHECK(t::SinkTestRead(out) == "old");
  CHECK(t::SinkTestListing(dir) == std::vector<std::string>{"out.ndg"});

  const mode_t mask = ::umask(022);
  ::umask(mask);
  sink = w::NewAtomicFileSink(out.string());
  REQUIRE(sink->Append("hello world").ok());
  REQUIRE(sink->WriteAt(0, "HELLO").ok());
  REQUIRE(sink->Commit().ok());
  CHECK(t::SinkTestRead(out) == "HELLO world");
  CHECK(t::SinkTestListing(dir) == std::vector<std::string>{"out.ndg"});
  struct stat st {};
  REQUIRE(::stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == (0666 & ~mask));
  fs::remove_all(dir);
}

TEST_CASE("output: temporary names are unpredictable and hidden", "[writer]") {
  namespace t = output_sink_test_detail;
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  const auto dir = t::SinkTestDir("names");
  const auto out = dir / "out.ndg";
  std::vector<std::unique_ptr<w::WritableSink>> sinks;
  for (int i = 0; i < 8; ++i) {
    sinks.push_back(w::NewAtomicFileSink(out.string()));
    REQUIRE(sinks.back()->status().ok());
  }
  const auto names = t::SinkTestListing(dir);
  REQUIRE(names.size() == 8);  // eight different temporaries at once
  for (const std::string& n : names) {
    CHECK(n.rfind(".out.ndg.", 0) == 0);
    CHECK(n.size() == std::string(".out.ndg.").size() + 16 + 4);
    CHECK(n.find(std::to_string(::getpid())) == std::string::npos);
  }
  for (auto& s : sinks) s->Abandon();
  CHECK(t::SinkTestListing(dir).empty());
  fs::remove_all(dir);
}

TEST_CASE("output: a symlink planted at the temporary name is never followed", "[writer]") {
  // Regression (issue 20 item 3): "OUT.tmp.<pid>" was opened with fopen("wb").
  namespace t = output_sink_test_detail;
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  const auto dir = t::SinkTestDir("symlink");
  const auto out = dir / "out.ndg";
  const auto victim = dir / "victim.txt";
  { std::ofstream(victim) << "precious"; }
  // At a name the attacker could predict: creation fails, nothing followed.
  const auto planted = dir / ".out.ndg.0000000000000000.tmp";
  fs::create_symlink(victim, planted);
  auto sink = w::output_detail::NewAtomicFileSinkAt(out.string(), planted.string());
  CHECK(sink->status().code() == newsdigest::Status::Code::kIOError);
  CHECK(sink->last_errno() == EEXIST);
  CHECK_FALSE(sink->Append("overwrite").ok());
  CHECK_FALSE(sink->Commit().ok());
  sink.reset();
  CHECK(t::SinkTestRead(victim) == "precious");
  CHECK(fs::is_symlink(planted));
  CHECK_FALSE(fs::exists(out));
  // At the names the old writer used: ignored; the output is a new regular file.
  for (const std::string& n : {"out.ndg.tmp." + std::to_string(::getpid()), std::string("out.ndg.tmp")})
    fs::create_symlink(victim, dir / n);
  sink = w::NewAtomicFileSink(out.string());
  REQUIRE(sink->Append("new digest file").ok());
  REQUIRE(sink->Commit().ok());
  CHECK(t::SinkTestRead(victim) == "precious");
  CHECK_FALSE(fs::is_symlink(out));
  CHECK(t::SinkTestRead(out) == "new digest file");
  fs::remove_all(dir);
}

TEST_CASE("output: errors carry the path and the system's reason", "[writer]") {
  namespace t = output_sink_test_detail;
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  const auto dir = t::SinkTestDir("errors");
  const std::string missing = (dir / "no-such-dir" / "out.ndg").string();
  auto sink = w::NewAtomicFileSink(missing);
  CHECK(sink->last_errno() == ENOENT);
  CHECK(w::ErrorText(sink->status(), *sink) ==
        missing + ": cannot create the output file: " + std::strerror(ENOENT));
  // train-dict writes through the same atomic file.
  w::DictionaryData dict;
  dict.content = "not really a dictionary";
  std::string text;
  CHECK_FALSE(w::SaveDictionaryFile((dir / "no-such-dir" / "x.dict").string(), dict, &text).ok());
  CHECK(text.find(std::strerror(ENOENT)) != std::string::npos);
  REQUIRE(w::SaveDictionaryFile((dir / "x.dict").string(), dict, &text).ok());
  CHECK(t::SinkTestRead(dir / "x.dict") == dict.content);
  CHECK(t::SinkTestListing(dir) == std::vector<std::string>{"x.dict"});
  fs::remove_all(dir);
}

TEST_CASE("output: memory and stream sinks deliver nothing before Commit", "[writer]") {
  namespace t = output_sink_test_detail;
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  std::string dest = "before";
  auto mem = w::NewMemorySink(&dest);
  REQUIRE(mem->Append("abcdef").ok());
  REQUIRE(mem->WriteAt(2, "CD").ok());
  CHECK(dest == "before");
  mem->Abandon();
  CHECK(dest == "before");
  mem = w::NewMemorySink(&dest);
  REQUIRE(mem->Append("abcdef").ok());
  REQUIRE(mem->WriteAt(2, "CD").ok());
  REQUIRE(mem->Commit().ok());
  CHECK(dest == "abCDef");

  const auto dir = t::SinkTestDir("stream");
  const auto path = dir / "stream.out";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  auto stream = w::NewStreamSink(fd, "<test>");
  REQUIRE(stream->Append(std::string(100000, 'x')).ok());
  REQUIRE(stream->WriteAt(0, "head").ok());
  CHECK(t::SinkTestRead(path).empty());  // spooled, not yet written
  REQUIRE(stream->Commit().ok());
  ::close(fd);
  const std::string got = t::SinkTestRead(path);
  CHECK(got.size() == 100000);
  CHECK(got.rfind("headxxxx", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("output: a full device fails at Commit with the system's reason", "[writer]") {
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  struct stat st {};
  if (::stat("/dev/full", &st) != 0 || !S_ISCHR(st.st_mode)) {
    WARN("no /dev/full: skipped");
    return;
  }
  // NewOutputSink writes devices as streams; it never replaces them.
  auto sink = w::NewOutputSink("/dev/full");
  REQUIRE(sink->status().ok());
  REQUIRE(sink->Append("some digest bytes").ok());
  CHECK_FALSE(sink->Commit().ok());
  CHECK(sink->last_errno() == ENOSPC);
  CHECK(w::ErrorText(sink->status(), *sink) == std::string("/dev/full: cannot write the output: ") + std::strerror(ENOSPC));
  REQUIRE(::stat("/dev/full", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
}

TEST_CASE("output: replacing a file keeps its permission bits", "[writer]") {
  // Regression: a rebuild of a chmod 600 file left it 644 (umask default).
  namespace t = output_sink_test_detail;
  namespace w = newsdigest::writer;
  namespace fs = std::filesystem;
  const auto dir = t::SinkTestDir("mode");
  const auto out = dir / "out.ndg";
  { std::ofstream(out) << "old"; }
  for (const mode_t mode : {mode_t{0600}, mode_t{0640}, mode_t{0604}}) {
    CAPTURE(mode);
    REQUIRE(::chmod(out.c_str(), mode) == 0);
    auto sink = w::NewAtomicFileSink(out.string());
    REQUIRE(sink->Append("new bytes").ok());
    REQUIRE(sink->Commit().ok());
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == mode);
    CHECK(t::SinkTestRead(out) == "new bytes");
  }
  // A symlink at the destination is replaced by the file (rename), with the
  // umask's default mode, not the link target's.
  const auto target = dir / "target";
  { std::ofstream(target) << "t"; }
  REQUIRE(::chmod(target.c_str(), 0600) == 0);
  const auto link = dir / "link.ndg";
  fs::create_symlink(target, link);
  const mode_t mask = ::umask(022);
  ::umask(mask);
  auto sink = w::NewAtomicFileSink(link.string());
  REQUIRE(sink->Append("x").ok());
  REQUIRE(sink->Commit().ok());
  struct stat st {};
  REQUIRE(::lstat(link.c_str(), &st) == 0);
  CHECK(S_ISREG(st.st_mode));
  CHECK((st.st_mode & 0777) == (0666 & ~mask));
  fs::remove_all(dir);
}
