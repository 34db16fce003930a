// The rules as the console's Rules panel changes them (AlertService::set_rules, behind
// POST /api/alerts/rules): each person's quiet hours and hourly limit, the kiosk-offline and
// SLA rules' numbers; bad values refused whole; kept in the database across a restart; the
// settings only hub.toml makes ([hub] offline_after_min, sla_hours) shown but not changed.
#include <catch2/catch.hpp>

#include "support/alert_service_fixture.hpp"
#include "support/smtp_sink.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

std::string two_people(const std::string& smtp_url) {
  return "[hub]\nsla_hours = 8\noffline_after_min = 20\n"
         "[[sites]]\nid = \"madrid-centro\"\nname = \"Madrid Centro\"\ntime_zone = \"Europe/Madrid\"\nkiosks = []\n"
         "[alerts]\n[alerts.rules]\nsla_escalate_to = [\"Regional\"]\n"
         "[alerts.smtp]\nurl = \"" +
         smtp_url +
         "\"\ntls = \"optional\"\nfrom = \"alerts@heard.example\"\n"
         "[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\nquiet_hours = \"22:00-07:00\"\n"
         "[[alerts.people]]\nname = \"Regional\"\nemail = \"regional@example.com\"\n";
}

json person(const json& rules, const std::string& name) {
  for (const auto& p : rules["people"])
    if (p["name"] == name) return p;
  return nullptr;
}

}  // namespace

TEST_CASE("the console sets quiet hours, limits, and the offline and SLA rules", "[alerts][rules]") {
  TempDir dir;
  SmtpSink sink;
  InProcessAlerts alerts(dir, two_people(sink.url()), *parse_iso8601("2026-12-08T11:00:00Z"));
  json rules = alerts.service().rules();
  CHECK(person(rules, "Marta")["quiet_hours"] == "22:00-07:00");
  CHECK(person(rules, "Marta")["time_zone"] == "Europe/Madrid");
  CHECK(person(rules, "Regional")["quiet_hours"] == "");
  CHECK(rules["kiosk_offline_after_min"] == 20);
  CHECK(rules["kiosk_unsynced_limit_min"] == 120);
  CHECK(rules["sla_hours"] == 8);
  CHECK(rules["sla_escalate_after_min"] == 240);
  CHECK(rules["sla_escalate_to"] == json::array({"Regional"}));

  // Refused whole: an unknown person, a window that is not one, a limit out of range.
  CHECK_FALSE(alerts.service().set_rules({{"people", {{{"name", "Nobody"}, {"max_per_hour", 2}}}}}));
  CHECK_FALSE(alerts.service().set_rules(
      {{"kiosk_offline", false}, {"people", {{{"name", "Marta"}, {"quiet_hours", "late"}}}}}));
  CHECK_FALSE(alerts.service().set_rules({{"people", {{{"name", "Marta"}, {"max_per_hour", 5000}}}}}));
  CHECK_FALSE(alerts.service().set_rules({{"kiosk_unsynced_limit_min", 0}}));
  CHECK(alerts.service().rules()["kiosk_offline"] == true);

  REQUIRE(alerts.service().set_rules({{"kiosk_offline", false},
                                      {"kiosk_unsynced_limit_min", 45},
                                      {"kiosk_offline_after_min", 1},  // hub.toml's: shown, not set here
                                      {"sla_escalate_after_min", 90},
                                      {"urgent_breaks_quiet_hours", false},
                                      {"people",
                                       {{{"name", "Marta"}, {"quiet_hours", ""}, {"max_per_hour", 4}},
                                        {{"name", "Regional"}, {"quiet_hours", "21:30-06:15"}}}}}));
  const auto check_changed = [&] {
    const json now = alerts.service().rules();
    CHECK(now["kiosk_offline"] == false);
    CHECK(now["kiosk_unsynced_limit_min"] == 45);
    CHECK(now["kiosk_offline_after_min"] == 20);
    CHECK(now["sla_escalate_after_min"] == 90);
    CHECK(now["urgent_breaks_quiet_hours"] == false);
    CHECK(person(now, "Marta")["quiet_hours"] == "");
    CHECK(person(now, "Marta")["max_per_hour"] == 4);
    CHECK(person(now, "Regional")["quiet_hours"] == "21:30-06:15");
  };
  check_changed();
  alerts.stop();  // a restart: the console's changes are kept in the database
  alerts.start();
  check_changed();
}
