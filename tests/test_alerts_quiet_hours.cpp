// Quiet hours against the real AlertService and a real SMTP conversation, on a wall clock the
// test moves (never today's date or the machine's zone): at 23:30 in Madrid an urgent
// complaint still reaches Marta at once (urgent_breaks_quiet_hours), but a bad spell and its
// end wait in the outbox, through a restart of the alerts, until 07:00 Madrid time, and then
// go as one summary; Luis, without quiet hours, gets each at once.
#include <catch2/catch.hpp>

#include "support/alert_service_fixture.hpp"
#include "support/smtp_sink.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

constexpr Millis minute = 60'000;
const Millis half_past_eleven_madrid = *parse_iso8601("2026-12-08T22:30:00Z");  // CET, +01:00
const Millis seven_madrid = *parse_iso8601("2026-12-09T06:00:00Z");

std::string madrid_with_quiet_marta(const std::string& smtp_url) {
  return "[[sites]]\nid = \"madrid-centro\"\nname = \"Madrid Centro\"\ntime_zone = \"Europe/Madrid\"\n"
         "kiosks = [\"madrid-door\"]\n"
         "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "[alerts.rules]\ncoalesce_s = 0\n"
         "[alerts.smtp]\nurl = \"" +
         smtp_url +
         "\"\ntls = \"optional\"\nfrom = \"Heard <alerts@heard.example>\"\n"
         "[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\nquiet_hours = \"22:00-07:00\"\n"
         "[[alerts.people]]\nname = \"Luis\"\nemail = \"luis@example.com\"\n";
}

}  // namespace

TEST_CASE("in quiet hours a person's alerts wait in the outbox and go as one summary when they end",
          "[alerts][quiet_hours]") {
  TempDir dir;
  SmtpSink sink;
  InProcessAlerts alerts(dir, madrid_with_quiet_marta(sink.url()), half_past_eleven_madrid);
  REQUIRE(alerts.config.alerts.people[0].time_zone == "Europe/Madrid");  // her site's zone

  // Urgent breaks through by default: both hear of it now.
  Response urgent = sample_complaint(alerts.clock.now().wall - 1000);
  alerts.store("madrid-door", {urgent});
  REQUIRE(sink.wait_for(2, 30s));
  CHECK(to_address(sink.messages(), "marta@").size() == 1);

  // A bad spell: Luis hears of it; Marta's waits, held until 07:00 Madrid (06:00 UTC).
  std::vector<Response> unhappy;
  for (int i = 0; i < 4; ++i) unhappy.push_back(sample_response(2, alerts.clock.now().wall - minute + i));
  alerts.store("madrid-door", unhappy);
  REQUIRE(sink.wait_for(3, 30s));
  REQUIRE(eventually([&] { return alerts.count("channel = 'email:Marta' AND state = 'held'") == 1; }, 30s));
  CHECK(alerts.count("state = 'held' AND next_at = " + std::to_string(seven_madrid)) == 1);

  // The spell ends at 23:50: Luis hears it, Marta's waits too.
  alerts.clock.advance(20 * minute);
  REQUIRE(sink.wait_for(4, 30s));
  REQUIRE(eventually([&] { return alerts.count("channel = 'email:Marta' AND state = 'held'") == 2; }, 30s));

  // The hub restarts during the night and the wall clock goes on to 06:59 Madrid: still held.
  // (Once nothing is in flight: a delivery cut off by the stop is sent again, same id.)
  REQUIRE(eventually([&] { return alerts.count("state IN ('queued', 'failing')") == 0; }, 30s));
  alerts.stop();
  alerts.start();
  alerts.clock.advance_to(seven_madrid - minute);
  alerts.store("madrid-door", {sample_response(5, alerts.clock.now().wall)});  // a pass of the rules
  REQUIRE(eventually([&] { return alerts.count("state = 'held'") == 2; }, 5s));
  CHECK(to_address(sink.messages(), "marta@").size() == 1);

  // 07:00 in Madrid: one summary of both.
  alerts.clock.advance(minute);
  REQUIRE(eventually([&] { return to_address(sink.messages(), "marta@").size() == 2; }, 30s));
  const SinkMessage summary = to_address(sink.messages(), "marta@")[1];
  CHECK(summary.header("Subject") == "Heard: 2 alerts during your quiet hours (Madrid Centro)");
  const std::string text = summary.part("text/plain");
  CHECK_THAT(text, Catch::Contains("quiet hours (22:00-07:00, Europe/Madrid)"));
  CHECK_THAT(text, Catch::Contains("- 2026-12-08 23:30  Bad spell at Madrid Centro"));
  CHECK_THAT(text, Catch::Contains("- 2026-12-08 23:50  Bad spell over at Madrid Centro"));
  REQUIRE(eventually([&] { return alerts.count("state = 'merged'") == 2; }, 30s));
  CHECK(sink.messages().size() == 5);
}
