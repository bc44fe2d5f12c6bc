// Unit tests of tools/newsdigest/cli_output: dates, terminal-safe text,
// display width, JSON escaping, typo hints.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_output.h"

namespace cli = newsdigest::cli;

TEST_CASE("cli_output: dates never overflow and clamp to years 0001..9999", "[cli]") {
  CHECK(cli::FormatUtcTime(0) == "1970-01-01T00:00:00Z");
  CHECK(cli::FormatUtcTime(1767323045) == "2026-01-02T03:04:05Z");
  CHECK(cli::FormatUtcTime(951782400) == "2000-02-29T00:00:00Z");  // leap day of a century leap year
  CHECK(cli::FormatUtcTime(-1) == "1969-12-31T23:59:59Z");
  CHECK(cli::FormatUtcTime(-62135596800) == "0001-01-01T00:00:00Z");
  CHECK(cli::FormatUtcTime(253402300799) == "9999-12-31T23:59:59Z");
  CHECK(cli::FormatUtcTime(-62135596801) == "0001-01-01T00:00:00Z");
  CHECK(cli::FormatUtcTime(253402300800) == "9999-12-31T23:59:59Z");
  CHECK(cli::FormatUtcTime(std::numeric_limits<int64_t>::min()) == "0001-01-01T00:00:00Z");
  CHECK(cli::FormatUtcTime(std::numeric_limits<int64_t>::max()) == "9999-12-31T23:59:59Z");
}

TEST_CASE("cli_output: control characters are escaped for terminals", "[cli]") {
  CHECK(cli::TerminalSafe("plain \xC3\xA9t\xC3\xA9 \xE6\xBC\xA2") == "plain \xC3\xA9t\xC3\xA9 \xE6\xBC\xA2");
  CHECK(cli::TerminalSafe("a\x1b[31mb\x07" "c\rd") == "a\\x1b[31mb\\x07c\\x0dd");
  CHECK(cli::TerminalSafe(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(cli::TerminalSafe("del\x7f") == "del\\x7f");
  CHECK(cli::TerminalSafe("csi\xC2\x9b" "2J nel\xC2\x85") == "csi\\u009b2J nel\\u0085");
  CHECK(cli::TerminalSafe("raw\x9b" "byte \xFF") == "raw\\x9bbyte \\xff");  // not UTF-8
  CHECK(cli::TerminalSafe("cut\xE6\xBC") == "cut\\xe6\\xbc");              // truncated sequence
  CHECK(cli::TerminalSafe("a\nb\tc") == "a\\x0ab\\x09c");
  CHECK(cli::TerminalSafe("a\nb\tc\rd", /*keep_newlines=*/true) == "a\nb\tc\\x0dd");
}

TEST_CASE("cli_output: display width counts terminal columns", "[cli]") {
  CHECK(cli::DisplayWidth("abc") == 3);
  CHECK(cli::DisplayWidth("\xE6\xBC\xA2\xE5\xAD\x97") == 4);               // 漢字
  CHECK(cli::DisplayWidth("\xEF\xBC\xA1") == 2);                           // fullwidth A
  CHECK(cli::DisplayWidth("\xD0\xA2\xD0\xB0\xD1\x81\xD1\x81") == 4);       // Тасс
  CHECK(cli::DisplayWidth("\xD8\xA7\xD9\x84\xD8\xAC") == 3);               // الج
  CHECK(cli::DisplayWidth("e\xCC\x81") == 1);                              // e + combining acute
  CHECK(cli::FitColumns("\xE6\xBC\xA2\xE5\xAD\x97\xE6\xBC\xA2", 5) == "\xE6\xBC\xA2\xE5\xAD\x97\xE2\x80\xA6");
  CHECK(cli::FitColumns("abcdef", 4) == "abc\xE2\x80\xA6");
  CHECK(cli::FitColumns("abc", 3) == "abc");
  CHECK(cli::PadColumns("\xE6\xBC\xA2", 4) == "\xE6\xBC\xA2  ");
}

TEST_CASE("cli_output: JSON escapes every C0, DEL and C1 control", "[cli]") {
  nlohmann::ordered_json j;
  std::string all;
  for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
  all += "\x7f\xC2\x80\xC2\x9f\xC2\xA0";
  j["s"] = all;
  const std::string t = cli::JsonText(j);
  for (unsigned char c : t) {
    CHECK(c >= 0x20);
    CHECK(c != 0x7f);
  }
  CHECK(t.find("\\u001b") != std::string::npos);
  CHECK(t.find("\\u007f\\u0080\\u009f\xC2\xA0") != std::string::npos);  // NBSP is no control
  CHECK(nlohmann::json::parse(t)["s"] == all);
  // Invalid UTF-8 becomes U+FFFD instead of an exception.
  nlohmann::ordered_json bad;
  bad["s"] = std::string("x\xFFy");
  CHECK(nlohmann::json::parse(cli::JsonText(bad))["s"] == "x\xEF\xBF\xBDy");
}

TEST_CASE("cli_output: typo hints", "[cli]") {
  CHECK(cli::EditDistance("biuld", "build") == 1);
  CHECK(cli::EditDistance("--sentence", "--sentences") == 1);
  CHECK(cli::EditDistance("", "abc") == 3);
  const std::vector<std::string> cmds = {"build", "ls", "show", "summarize", "verify", "stats", "salvage"};
  CHECK(cli::NearestName("biuld", cmds) == "build");
  CHECK(cli::NearestName("verfy", cmds) == "verify");
  CHECK(cli::NearestName("lx", cmds).empty());       // too short to guess
  CHECK(cli::NearestName("zzzzzz", cmds).empty());
  CHECK(cli::NearestName("summ", cmds) == "summarize");  // unique prefix
  CHECK(cli::NearestName("--sentence", {"--sentences", "--ratio", "--json"}) == "--sentences");
}

TEST_CASE("cli_output: bidi controls are escaped (Trojan-source spoofing)", "[cli]") {
  // U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+200F RLM.
  CHECK(cli::TerminalSafe("abc\xE2\x80\xAE" "fed") == "abc\\u202efed");
  CHECK(cli::TerminalSafe("\xE2\x81\xA6x\xE2\x81\xA9") == "\\u2066x\\u2069");
  CHECK(cli::TerminalSafe("\xE2\x80\x8E\xE2\x80\x8F") == "\\u200e\\u200f");
  CHECK(cli::TerminalSafe("\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD") == "\\u202a\\u202b\\u202c\\u202d");
  // Neighbours stay: U+2010 HYPHEN, U+200D ZERO WIDTH JOINER.
  CHECK(cli::TerminalSafe("\xE2\x80\x90") == "\xE2\x80\x90");
  CHECK(cli::TerminalSafe("\xE2\x80\x8D") == "\xE2\x80\x8D");  // U+200D ZWJ (emoji sequences)
}
