// Dates: the one parser and formatter of publication dates in newsdigest.
//
// Accepted everywhere a date is read (JSONL "published"/"date", HTML <meta>
// and JSON-LD, RSS/Atom/RDF items):
//   * ISO 8601: "2024-03-01", "2024-03-01T10:00Z", "2024-03-01T10:00:00",
//     "2024-03-01T10:00:00.250+02:00", "...+0200", "...-05", a space instead
//     of 'T'; no zone means UTC;
//   * RFC 822 / 1123 / 2822 (and RFC 850's dashes): "Tue, 10 Jun 2003
//     04:00:00 GMT", "10 Jun 2003 06:00 +0200", two-digit years (< 50 is
//     20xx), zone names GMT/UT/UTC/Z and the US, European, Indian and
//     Japanese abbreviations (EST, CEST, IST, JST, ...), unknown names as UTC.
// Every result is clamped to years 1..9999 (kMinDateSeconds ..
// kMaxDateSeconds), so formatting a parsed date never overflows.
// Thread-safety: all functions are thread-safe (no shared state).
#ifndef NEWSDIGEST_INGEST_DATES_H_
#define NEWSDIGEST_INGEST_DATES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdigest::ingest {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in UTC seconds since 1970.
inline constexpr int64_t kMinDateSeconds = -62135596800;
inline constexpr int64_t kMaxDateSeconds = 253402300799;

// @return `seconds` limited to [kMinDateSeconds, kMaxDateSeconds].
int64_t ClampDate(int64_t seconds);

// Parses ISO 8601 exactly (the whole string, no surrounding space) into
// clamped UTC seconds. @return false when invalid (*out_seconds untouched).
bool ParseIso8601(std::string_view s, int64_t* out_seconds);

// Parses an RFC 822 / 1123 / 2822 date into clamped UTC seconds.
// @return false when invalid (*out_seconds untouched).
bool ParseRfc822Date(std::string_view s, int64_t* out_seconds);

// Parses a date as found in the wild: trims white space, then ISO 8601,
// then a "YYYY-MM-DD" prefix followed by anything, then RFC 822.
// @return false when none applies (callers then drop the date; an article is
// never rejected for its date). Input over 64 bytes is refused.
bool ParseDate(std::string_view s, int64_t* out_seconds);

// Formats UTC seconds as "YYYY-MM-DDTHH:MM:SSZ" (clamped first: any int64
// gives a valid string, INT64_MIN included).
std::string FormatIso8601(int64_t seconds);

}  // namespace newsdigest::ingest

#endif  // NEWSDIGEST_INGEST_DATES_H_
