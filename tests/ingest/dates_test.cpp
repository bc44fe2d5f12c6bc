// dates.h: ISO 8601 and RFC 822 publication dates, clamped to years 1..9999.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "newsdigest/ingest/dates.h"

namespace nd = newsdigest::ingest;

TEST_CASE("dates: ISO 8601 forms", "[ingest]") {
  int64_t t = 0;
  REQUIRE(nd::ParseIso8601("2024-03-01T10:00:00Z", &t));
  CHECK(t == 1709287200);
  REQUIRE(nd::ParseIso8601("2024-03-01T12:00:00+02:00", &t));
  CHECK(t == 1709287200);
  REQUIRE(nd::ParseIso8601("2024-03-01T12:00:00+0200", &t));
  CHECK(t == 1709287200);
  REQUIRE(nd::ParseIso8601("2024-03-01T05:00-05", &t));
  CHECK(t == 1709287200);
  REQUIRE(nd::ParseIso8601("2024-03-01T10:00:00.250Z", &t));
  CHECK(t == 1709287200);
  REQUIRE(nd::ParseIso8601("2024-03-01 10:00:00", &t));
  CHECK(t == 1709287200);
  REQUIRE(nd::ParseIso8601("2024-03-01", &t));
  CHECK(t == 1709251200);
  CHECK_FALSE(nd::ParseIso8601("yesterday", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-13-01", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T25:00Z", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T10:00:00.Z", &t));
}

TEST_CASE("dates: RFC 822 / 1123 / 850 forms", "[ingest]") {
  int64_t t = 0;
  REQUIRE(nd::ParseRfc822Date("Tue, 10 Jun 2003 04:00:00 GMT", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseRfc822Date("10 Jun 2003 06:00 +0200", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseRfc822Date("Mon, 09 Jun 2003 23:00:00 -0500", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseRfc822Date("Tue, 10 Jun 2003 00:00:00 EDT", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseRfc822Date("Tuesday, 10-Jun-03 04:00:00 GMT", &t));
  CHECK(t == 1055217600);
  CHECK_FALSE(nd::ParseRfc822Date("10 Foo 2003", &t));
  CHECK_FALSE(nd::ParseRfc822Date("", &t));
}

TEST_CASE("dates: ParseDate takes either form, trimmed", "[ingest]") {
  int64_t t = 0;
  REQUIRE(nd::ParseDate("  Tue, 10 Jun 2003 04:00:00 GMT\n", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseDate("2003-06-10T04:00:00Z", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseDate("2003-06-10T06:00:00+0200", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseDate("2003-06-10 (a Tuesday)", &t));
  CHECK(t == 1055203200);
  CHECK_FALSE(nd::ParseDate("yesterday", &t));
  CHECK_FALSE(nd::ParseDate(std::string(100, '1'), &t));
}

TEST_CASE("dates: clamped to years 1..9999, formatting never overflows", "[ingest]") {
  int64_t t = 0;
  REQUIRE(nd::ParseIso8601("9999-12-31T23:59:59-12:00", &t));
  CHECK(t == nd::kMaxDateSeconds);
  REQUIRE(nd::ParseIso8601("0000-01-01T00:00:00Z", &t));
  CHECK(t == nd::kMinDateSeconds);
  CHECK(nd::FormatIso8601(std::numeric_limits<int64_t>::min()) == "0001-01-01T00:00:00Z");
  CHECK(nd::FormatIso8601(std::numeric_limits<int64_t>::max()) == "9999-12-31T23:59:59Z");
  CHECK(nd::FormatIso8601(1709287200) == "2024-03-01T10:00:00Z");
  CHECK(nd::FormatIso8601(-1) == "1969-12-31T23:59:59Z");
  CHECK(nd::ClampDate(0) == 0);
}
