// Quiet hours and limits as settings: hub.toml's mistakes reported as file:line:key, a
// person's zone defaulting to their first site's, and the local clock they are read on
// (ICU, per zone) across a change to summer time.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/config_error.hpp"
#include "hub/alerts/local_time.hpp"
#include "hub/hub_config.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::hub;

namespace {

std::string with_person(const std::string& person_lines) {
  return "[[sites]]\nid = \"lisboa\"\nname = \"Lisboa\"\ntime_zone = \"Europe/Lisbon\"\nkiosks = []\n"
         "[[sites]]\nid = \"madrid\"\nname = \"Madrid\"\ntime_zone = \"Europe/Madrid\"\nkiosks = []\n"
         "[alerts]\n[alerts.smtp]\nurl = \"smtp://127.0.0.1:2525\"\ntls = \"optional\"\n"
         "from = \"alerts@example.com\"\n[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\n" +
         person_lines;
}

std::string error_of(const test::TempDir& dir, const std::string& toml) {
  std::ofstream(dir / "hub.toml") << toml;
  try {
    load_hub_config(dir / "hub.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("quiet hours and limits are read from hub.toml, mistakes as file:line:key", "[alerts][quiet_hours]") {
  test::TempDir dir;
  std::ofstream(dir / "hub.toml") << with_person(
      "sites = [\"madrid\"]\nquiet_hours = \"22:00-07:00\"\nmax_per_hour = 3\n");
  const auto config = load_hub_config(dir / "hub.toml");
  const auto& marta = config.alerts.people.at(0);
  CHECK(alerts::to_string(marta.quiet_hours) == "22:00-07:00");
  CHECK(marta.max_per_hour == 3);
  CHECK(marta.time_zone == "Europe/Madrid");  // her site's
  CHECK(config.alerts.urgent_breaks_quiet_hours);

  std::ofstream(dir / "hub.toml") << with_person("");
  CHECK(load_hub_config(dir / "hub.toml").alerts.people.at(0).time_zone == "Europe/Lisbon");  // the chain's first

  CHECK_THAT(error_of(dir, with_person("quiet_hours = \"10pm-7am\"\n")),
             Catch::Contains("hub.toml:19: alerts.people[0].quiet_hours") && Catch::Contains("22:00-07:00"));
  CHECK_THAT(error_of(dir, with_person("quiet_hours = \"22:00-22:00\"\n")),
             Catch::Contains("alerts.people[0].quiet_hours"));
  CHECK_THAT(error_of(dir, with_person("quiet_hours = \"24:00-07:00\"\n")),
             Catch::Contains("alerts.people[0].quiet_hours"));
  CHECK_THAT(error_of(dir, with_person("max_per_hour = -1\n")),
             Catch::Contains("hub.toml:19: alerts.people[0].max_per_hour"));
  CHECK_THAT(error_of(dir, with_person("time_zone = \"Mars/Olympus\"\n")),
             Catch::Contains("hub.toml:19: alerts.people[0].time_zone: unknown time zone"));
  CHECK_THAT(error_of(dir, with_person("[alerts.rules]\nurgent_breaks_quiet_hours = \"yes\"\n")),
             Catch::Contains("alerts.rules.urgent_breaks_quiet_hours"));
}

TEST_CASE("local times follow each zone's own clock, summer time included", "[alerts][quiet_hours]") {
  // 2027-03-28: Madrid goes from 02:00 CET to 03:00 CEST.
  const Millis saturday_night = *parse_iso8601("2027-03-27T22:30:00Z");  // 23:30 in Madrid
  CHECK(alerts::local_minute_of_day("Europe/Madrid", saturday_night) == 23 * 60 + 30);
  CHECK(alerts::local_minute_of_day("America/New_York", saturday_night) == 18 * 60 + 30);  // already EDT
  CHECK(alerts::next_local_minute("Europe/Madrid", saturday_night, 7 * 60) == *parse_iso8601("2027-03-28T05:00:00Z"));
  CHECK(alerts::next_local_minute("Europe/Madrid", saturday_night, 23 * 60 + 45) ==
        *parse_iso8601("2027-03-27T22:45:00Z"));
  CHECK(alerts::format_local("Europe/Madrid", saturday_night) == "2027-03-27 23:30");
  const alerts::QuietHours night = *alerts::parse_quiet_hours("22:00-07:00");
  CHECK(night.contains(23 * 60));
  CHECK(night.contains(6 * 60 + 59));
  CHECK_FALSE(night.contains(7 * 60));
  CHECK_FALSE(night.contains(12 * 60));
  const alerts::QuietHours lunch = *alerts::parse_quiet_hours("13:00-15:30");
  CHECK(lunch.contains(14 * 60));
  CHECK_FALSE(lunch.contains(16 * 60));
}
