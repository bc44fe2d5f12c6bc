// The one UTF-8 validator (core/text utf8_nfc.cc).
#include <catch2/catch.hpp>

#include <string>

#include "newsdigest/text/text.h"

namespace nt = newsdigest::text;

TEST_CASE("utf8: well-formed text, ASCII fast path and multibyte", "[text]") {
  CHECK(nt::IsValidUtf8(""));
  CHECK(nt::IsValidUtf8("plain ASCII text longer than eight bytes"));
  CHECK(nt::IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96\x87"));
  CHECK(nt::ValidateUtf8("\xf4\x8f\xbf\xbf").ok());  // U+10FFFF
}

TEST_CASE("utf8: ill-formed sequences and the offset of the first bad byte", "[text]") {
  struct Case {
    std::string s;
    size_t bad;
  } cases[] = {
      {"abc\xc0\xafxyz", 3},                 // overlong '/'
      {"abcdefgh\xe0\x80\xafz", 8},          // overlong after an 8-byte ASCII block
      {"abcdefghijklmnop\xed\xa0\x80", 16},  // surrogate U+D800
      {"\xf4\x90\x80\x80", 0},               // above U+10FFFF
      {"ok \xe2\x82", 3},                    // truncated at the end
      {"x\x80", 1},                          // lone continuation byte
      {"abcdefg\xff", 7},                    // 0xFF inside the first 8 bytes
  };
  for (const Case& c : cases) {
    INFO(c.bad);
    size_t bad = 12345;
    CHECK_FALSE(nt::ValidateUtf8(c.s, &bad).ok());
    CHECK(bad == c.bad);
    CHECK_FALSE(nt::IsValidUtf8(c.s));
  }
}
