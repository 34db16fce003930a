// Backoff and Retry-After are pure functions of their inputs: tested without any network.
#include <catch2/catch.hpp>

#include "sync/backoff.hpp"
#include "sync/retry_after.hpp"

using namespace heard::sync;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("Backoff ceilings double from the minimum up to the cap", "[sync][backoff]") {
  const Backoff b(milliseconds(1000), milliseconds(300'000), 1);
  CHECK(b.ceiling(1) == milliseconds(1000));
  CHECK(b.ceiling(2) == milliseconds(2000));
  CHECK(b.ceiling(3) == milliseconds(4000));
  CHECK(b.ceiling(9) == milliseconds(256'000));
  CHECK(b.ceiling(10) == milliseconds(300'000));
  CHECK(b.ceiling(1'000'000) == milliseconds(300'000));  // no overflow, ever
}

TEST_CASE("Backoff delays are full jitter: anywhere from zero up to the ceiling", "[sync][backoff]") {
  Backoff b(milliseconds(1000), milliseconds(300'000), 42);
  milliseconds smallest = milliseconds::max(), largest{0};
  for (int failure = 1; failure <= 200; ++failure) {
    const milliseconds d = b.next_delay();
    REQUIRE(d >= milliseconds(0));
    REQUIRE(d <= b.ceiling(failure));
    if (failure > 20) {
      smallest = std::min(smallest, d);
      largest = std::max(largest, d);
    }
  }
  // At the cap the spread covers most of [0, 5 min], so kiosks do not retry in step.
  CHECK(smallest < milliseconds(30'000));
  CHECK(largest > milliseconds(270'000));
  CHECK(b.failures() == 200);
}

TEST_CASE("Backoff starts again from the minimum after a success", "[sync][backoff]") {
  Backoff b(milliseconds(1000), milliseconds(300'000), 7);
  for (int i = 0; i < 12; ++i) b.next_delay();
  b.reset();
  CHECK(b.failures() == 0);
  CHECK(b.next_delay() <= milliseconds(1000));
}

TEST_CASE("Backoff with the same seed gives the same delays", "[sync][backoff]") {
  Backoff a(milliseconds(10), milliseconds(5000), 99), b(milliseconds(10), milliseconds(5000), 99);
  for (int i = 0; i < 20; ++i) CHECK(a.next_delay() == b.next_delay());
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[sync][backoff]") {
  // 2026-10-21T07:28:00Z
  const std::int64_t now = 1792567680;
  CHECK(parse_retry_after("120", now) == seconds(120));
  CHECK(parse_retry_after(" 0 ", now) == seconds(0));
  CHECK(parse_retry_after("Wed, 21 Oct 2026 07:28:30 GMT", now) == seconds(30));
  CHECK(parse_retry_after("Wednesday, 21-Oct-26 07:29:00 GMT", now) == seconds(60));  // RFC 850
  CHECK(parse_retry_after("Wed Oct 21 07:28:10 2026", now) == seconds(10));           // asctime
  SECTION("a date in the past means now") {
    CHECK(parse_retry_after("Tue, 20 Oct 2026 07:28:00 GMT", now) == seconds(0));
  }
  SECTION("anything else is ignored, so the normal backoff applies") {
    CHECK_FALSE(parse_retry_after("", now));
    CHECK_FALSE(parse_retry_after("-5", now));
    CHECK_FALSE(parse_retry_after("1.5", now));
    CHECK_FALSE(parse_retry_after("soon", now));
    CHECK_FALSE(parse_retry_after("this is not a date at all, really", now));
  }
}
