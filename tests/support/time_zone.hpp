#pragma once
// Sets TZ for one test and restores UTC afterwards, whatever the test does, so other tests
// see the zone they expect.
#include <stdlib.h>
#include <time.h>

namespace heard::test {

struct TimeZone {
  explicit TimeZone(const char* tz) {
    ::setenv("TZ", tz, 1);
    ::tzset();
  }
  ~TimeZone() {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  TimeZone(const TimeZone&) = delete;
  TimeZone& operator=(const TimeZone&) = delete;
};

}  // namespace heard::test
