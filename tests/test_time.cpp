#include <catch2/catch.hpp>

#include <stdlib.h>
#include <time.h>

#include "core/time.hpp"
#include "support/time_zone.hpp"

using namespace heard;

TEST_CASE("ISO 8601 timestamps format in UTC with milliseconds", "[time]") {
  CHECK(format_iso8601(0) == "1970-01-01T00:00:00.000Z");
  CHECK(format_iso8601(1795961109123) == "2026-11-29T14:05:09.123Z");
  CHECK(format_compact_utc(1795961109123) == "20261129T140509Z");
}

TEST_CASE("ISO 8601 parsing accepts dates, times, fractions and offsets", "[time]") {
  const Millis t = *parse_iso8601("2026-11-23T14:05:09.123Z");
  CHECK(format_iso8601(t) == "2026-11-23T14:05:09.123Z");
  CHECK(parse_iso8601("2026-11-23") == parse_iso8601("2026-11-23T00:00:00Z"));
  CHECK(parse_iso8601("2026-11-23T15:05:09.123+01:00") == t);
  CHECK(parse_iso8601("2026-11-23T09:05:09.123-0500") == t);
  CHECK(parse_iso8601("2026-11-23 14:05") == parse_iso8601("2026-11-23T14:05:00Z"));
  CHECK(parse_iso8601("1969-12-31T23:59:59Z") == -1000);

  SECTION("and rejects anything else") {
    for (const char* bad : {"", "2026", "2026-13-01", "2026-11-32", "2026-11-23T25:00", "2026-11-23Tx",
                            "2026-11-23T14:05:09.Z", "2026-11-23T14:05Zjunk", "yesterday"})
      CHECK_FALSE(parse_iso8601(bad).has_value());
  }
}

TEST_CASE("Local UTC offset follows the time zone and its daylight saving rules", "[time]") {
  ::setenv("TZ", "Europe/Madrid", 1);  // +60 in winter, +120 in summer
  ::tzset();
  CHECK(local_utc_offset_min(*parse_iso8601("2026-01-15T12:00:00Z")) == 60);
  CHECK(local_utc_offset_min(*parse_iso8601("2026-07-15T12:00:00Z")) == 120);
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  CHECK(local_utc_offset_min(*parse_iso8601("2026-07-15T12:00:00Z")) == 0);
}

TEST_CASE("The next local midnight is where the local date changes, across months, years and DST", "[time]") {
  const auto at = [](const char* iso) { return *parse_iso8601(iso); };
  SECTION("in UTC") {
    heard::test::TimeZone tz("UTC");
    CHECK(next_local_midnight(at("2026-11-30T23:59:50Z")) == at("2026-12-01T00:00:00Z"));
    CHECK(next_local_midnight(at("2026-12-31T12:00:00Z")) == at("2027-01-01T00:00:00Z"));
    // Exactly at midnight, the next one is a day later: a deadline never repeats itself.
    CHECK(next_local_midnight(at("2026-12-01T00:00:00Z")) == at("2026-12-02T00:00:00Z"));
  }
  SECTION("in Berlin, on the days the clocks change") {
    heard::test::TimeZone tz("Europe/Berlin");
    CHECK(next_local_midnight(at("2026-11-30T22:59:50Z")) == at("2026-11-30T23:00:00Z"));  // CET
    CHECK(next_local_midnight(at("2026-03-29T12:00:00Z")) == at("2026-03-29T22:00:00Z"));  // a 23-hour day
    CHECK(next_local_midnight(at("2026-10-25T12:00:00Z")) == at("2026-10-25T23:00:00Z"));  // a 25-hour day
  }
  SECTION("where a DST change skips midnight itself, at the first minute of the new day") {
    heard::test::TimeZone tz("America/Santiago");  // 2026-09-06: clocks go from 00:00 to 01:00
    CHECK(next_local_midnight(at("2026-09-05T20:00:00-04:00")) == at("2026-09-06T01:00:00-03:00"));
  }
}
