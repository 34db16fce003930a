// The kiosk-offline rule judged at chosen wall-clock instants (no waiting, no system clock):
// silence past the hub's offline threshold, an unsynced backlog past its limit, and coming
// back, each changing the open alerts exactly once.
#include <catch2/catch.hpp>

#include "hub/alerts/offline_rule.hpp"

using namespace heard;
using namespace heard::hub::alerts;

namespace {

constexpr Millis minute = 60'000;
constexpr Millis t0 = 1'800'000'000'000;  // any instant; the rule only compares differences

KioskHealth heard_at(Millis received_at, std::optional<Millis> oldest_unsynced = std::nullopt) {
  return {"k-1", "madrid-centro", "Madrid Centro", received_at, oldest_unsynced};
}

}  // namespace

TEST_CASE("a kiosk is offline once silent longer than the hub's offline threshold", "[alerts][kiosk_offline]") {
  const OfflineRule rule{true, 30, 120};
  CHECK(offline_reason(heard_at(t0), rule, t0 + 30 * minute).empty());
  CHECK(offline_reason(heard_at(t0), rule, t0 + 31 * minute) == "silent for 31 minutes");
  CHECK(offline_reason(heard_at(t0), rule, t0 + 5 * 60 * minute) == "silent for 5 hours");
}

TEST_CASE("a kiosk that reports an old unsynced response counts as offline", "[alerts][kiosk_offline]") {
  const OfflineRule rule{true, 30, 120};
  CHECK(offline_reason(heard_at(t0, t0 - 119 * minute), rule, t0).empty());
  CHECK(offline_reason(heard_at(t0, t0 - 121 * minute), rule, t0) == "its oldest unsent response is 2 hours old");
}

TEST_CASE("an offline alert opens once and closes when the kiosk reports again", "[alerts][kiosk_offline]") {
  const OfflineRule rule{true, 30, 120};
  const std::vector<KioskHealth> quiet = {heard_at(t0)};

  const auto fine = offline_changes(quiet, {}, rule, t0 + 10 * minute);
  CHECK(fine.went_offline.empty());
  CHECK(fine.came_back.empty());

  const auto gone = offline_changes(quiet, {}, rule, t0 + 40 * minute);
  REQUIRE(gone.went_offline.size() == 1);
  CHECK(gone.went_offline[0].kiosk.kiosk_id == "k-1");
  CHECK(gone.went_offline[0].reason == "silent for 40 minutes");

  const std::vector<OpenAlert> open = {{"k-1", t0 + 40 * minute, true}};
  const auto still = offline_changes(quiet, open, rule, t0 + 90 * minute);  // already told: nothing new
  CHECK(still.went_offline.empty());
  CHECK(still.came_back.empty());

  const auto back = offline_changes({heard_at(t0 + 95 * minute)}, open, rule, t0 + 96 * minute);
  CHECK(back.went_offline.empty());
  REQUIRE(back.came_back.size() == 1);
  CHECK(back.came_back[0].opened_at == t0 + 40 * minute);
}

TEST_CASE("a wall clock stepped back does not make a kiosk offline", "[alerts][kiosk_offline]") {
  // The hub's clock stepped back an hour after the heartbeat was stamped: silence is negative.
  CHECK(offline_reason(heard_at(t0), OfflineRule{true, 30, 120}, t0 - 60 * minute).empty());
}
