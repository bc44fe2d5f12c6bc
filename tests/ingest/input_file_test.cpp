// input_file.h: one bounded reader for files, standard input and gzip.
#include <catch2/catch.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "newsdigest/ingest/input_file.h"

namespace ni = newsdigest::ingest;
namespace fs = std::filesystem;

namespace input_file_test_detail {

// gzip (RFC 1952) of `data`.
std::string Gzip(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

fs::path Write(const std::string& name, const std::string& bytes) {
  fs::path dir = fs::temp_directory_path() / "nd_input_file_test";
  fs::create_directories(dir);
  fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

}  // namespace input_file_test_detail

TEST_CASE("input file: plain and gzip read the same, gzip by magic whatever the name", "[ingest]") {
  namespace d = input_file_test_detail;
  const std::string text = "Title\nOne sentence here.\n";
  std::string out, reason;
  REQUIRE(ni::ReadInputFile(d::Write("plain.txt", text).string(), 1000, &out, &reason).ok());
  CHECK(out == text);
  REQUIRE(ni::ReadInputFile(d::Write("packed.txt.gz", d::Gzip(text)).string(), 1000, &out, &reason).ok());
  CHECK(out == text);
  REQUIRE(ni::ReadInputFile(d::Write("packed-no-ext", d::Gzip(text)).string(), 1000, &out, &reason).ok());
  CHECK(out == text);
  // Concatenated members, as `cat a.gz b.gz` makes.
  REQUIRE(ni::ReadInputFile(d::Write("two.gz", d::Gzip("ab") + d::Gzip("cd")).string(), 1000, &out, &reason).ok());
  CHECK(out == "abcd");
}

TEST_CASE("input file: a gzip bomb stops at the limit of decompressed bytes", "[ingest]") {
  namespace d = input_file_test_detail;
  const std::string zeros(64u << 20, '0');  // 64 MiB -> about 64 KiB compressed
  fs::path bomb = d::Write("bomb.gz", d::Gzip(zeros));
  CHECK(fs::file_size(bomb) < (1u << 20));
  std::string out, reason;
  ni::InputFile in;
  REQUIRE(in.Open(bomb.string(), &reason).ok());
  CHECK(in.gzip());
  newsdigest::Status st = in.ReadAll(1u << 20, &out, &reason);
  CHECK(st.IsTooLarge());
  CHECK(reason.find("larger than the limit of 1048576 bytes") != std::string::npos);
  CHECK(in.bytes_read() <= (1u << 20) + ni::InputFile::kChunkBytes);
  CHECK(out.empty());
}

TEST_CASE("input file: corrupt and truncated gzip are errors", "[ingest]") {
  namespace d = input_file_test_detail;
  std::string gz = d::Gzip(std::string(10000, 'x') + "end");
  std::string out, reason;
  CHECK_FALSE(ni::ReadInputFile(d::Write("cut.gz", gz.substr(0, gz.size() / 2)).string(), 1u << 20, &out, &reason)
                  .ok());
  CHECK(reason.find("truncated gzip") != std::string::npos);
  std::string bad = gz;
  for (size_t i = 12; i < 40 && i < bad.size(); ++i) bad[i] = static_cast<char>(0xff);
  CHECK_FALSE(ni::ReadInputFile(d::Write("bad.gz", bad).string(), 1u << 20, &out, &reason).ok());
  CHECK(reason.find("gzip") != std::string::npos);
}

TEST_CASE("input file: /dev/zero ends at the limit, not in bad_alloc", "[ingest]") {
  std::string out, reason;
  newsdigest::Status st = ni::ReadInputFile("/dev/zero", 1u << 20, &out, &reason);
  CHECK(st.IsTooLarge());
  CHECK(reason.find("limit") != std::string::npos);
}

TEST_CASE("input file: errors carry the system's reason", "[ingest]") {
  std::string out, reason;
  CHECK_FALSE(ni::ReadInputFile("/nonexistent/nd/input.txt", 100, &out, &reason).ok());
  CHECK(reason == "cannot open: No such file or directory");
  CHECK_FALSE(ni::ReadInputFile(fs::temp_directory_path().string(), 100, &out, &reason).ok());
  CHECK(reason.find("directory") != std::string::npos);
}

TEST_CASE("input file: an oversized line is skipped without being stored", "[ingest]") {
  namespace d = input_file_test_detail;
  const std::string big(5u << 20, 'x');  // 5 MiB line
  for (bool gz : {false, true}) {
    INFO(gz);
    std::string bytes = "first\n" + big + "\nlast";
    fs::path p = d::Write(gz ? "lines.gz" : "lines.txt", gz ? d::Gzip(bytes) : bytes);
    ni::InputFile in;
    std::string line, reason;
    bool too_long = false, eof = false;
    uint64_t n = 0;
    REQUIRE(in.Open(p.string(), &reason).ok());
    REQUIRE(in.ReadLine(1000, &line, &too_long, &n, &eof, &reason).ok());
    CHECK(line == "first");
    CHECK_FALSE(too_long);
    REQUIRE(in.ReadLine(1000, &line, &too_long, &n, &eof, &reason).ok());
    CHECK(too_long);
    CHECK(line.empty());
    CHECK(line.capacity() < 4096);  // nothing of the long line is kept
    CHECK(n == big.size());
    REQUIRE(in.ReadLine(1000, &line, &too_long, &n, &eof, &reason).ok());
    CHECK(line == "last");
    CHECK_FALSE(eof);
    REQUIRE(in.ReadLine(1000, &line, &too_long, &n, &eof, &reason).ok());
    CHECK(eof);
  }
}

TEST_CASE("input file: Peek does not consume", "[ingest]") {
  namespace d = input_file_test_detail;
  ni::InputFile in;
  std::string reason, out;
  std::string_view head;
  REQUIRE(in.Open(d::Write("peek.gz", d::Gzip("<html>page</html>")).string(), &reason).ok());
  REQUIRE(in.Peek(1024, &head, &reason).ok());
  CHECK(head == "<html>page</html>");
  REQUIRE(in.ReadAll(100, &out, &reason).ok());
  CHECK(out == "<html>page</html>");
}
