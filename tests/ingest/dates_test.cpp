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

TEST_CASE("dates: out-of-range fields are dropped, not shifted", "[ingest]") {
  int64_t t = 7;
  // Day of month per month and leap year.
  CHECK_FALSE(nd::ParseIso8601("2024-02-30T10:00:00Z", &t));
  CHECK_FALSE(nd::ParseIso8601("2023-02-29", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-04-31", &t));
  REQUIRE(nd::ParseIso8601("2024-02-29", &t));
  CHECK(t == 1709164800);
  REQUIRE(nd::ParseIso8601("2000-02-29", &t));
  CHECK_FALSE(nd::ParseIso8601("1900-02-29", &t));
  // Hour 24 is rejected; a leap second stays in its minute.
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T24:00:00Z", &t));
  REQUIRE(nd::ParseIso8601("2016-12-31T23:59:60Z", &t));
  CHECK(t == 1483228799);
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T10:60:00Z", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T10:00:61Z", &t));
  // Zone offsets within +-14:00, minutes below 60.
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T10:00:00+25:00", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T10:00:00+14:30", &t));
  CHECK_FALSE(nd::ParseIso8601("2024-03-01T10:00:00-00:60", &t));
  REQUIRE(nd::ParseIso8601("2024-03-01T10:00:00+14:00", &t));
  CHECK(t == 1709287200 - 14 * 3600);
  REQUIRE(nd::ParseIso8601("2024-03-01T10:00:00-12:00", &t));
  CHECK(t == 1709287200 + 12 * 3600);
  // RFC 822.
  CHECK_FALSE(nd::ParseRfc822Date("Fri, 30 Feb 2024 10:00:00 GMT", &t));
  CHECK_FALSE(nd::ParseRfc822Date("31 Jun 2003 04:00:00 GMT", &t));
  CHECK_FALSE(nd::ParseRfc822Date("10 Jun 2003 04:00:00 +9999", &t));
  CHECK_FALSE(nd::ParseRfc822Date("10 Jun 2003 04:00:00 +1500", &t));
  CHECK_FALSE(nd::ParseRfc822Date("10 Jun 2003 04:00:00 +0160", &t));
  CHECK_FALSE(nd::ParseRfc822Date("10 Jun 2003 24:00:00 GMT", &t));
  REQUIRE(nd::ParseRfc822Date("10 Jun 2003 18:00:00 +1400", &t));
  CHECK(t == 1055217600);
  REQUIRE(nd::ParseRfc822Date("29 Feb 2024 00:00:00 GMT", &t));
  CHECK(t == 1709164800);
  // ParseDate does not fall back to the bare day for an invalid time or zone.
  CHECK_FALSE(nd::ParseDate("2024-03-01T24:00:00Z", &t));
  CHECK_FALSE(nd::ParseDate("2024-03-01T10:00:00+25:00", &t));
  CHECK_FALSE(nd::ParseDate("2024-02-30T10:00:00Z", &t));
  CHECK_FALSE(nd::ParseDate("2024-03-01T10:00:00 +9999", &t));
  REQUIRE(nd::ParseDate("2003-06-10T04:00:00 EST", &t));
  CHECK(t == 1055203200);
  CHECK(t != 7);
}
