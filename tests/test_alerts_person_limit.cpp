// Limits per person against the real AlertService and a real SMTP conversation, on a wall
// clock the test moves: bad spells at ten stores at once make one e-mail per person (not one
// per store), and what comes beyond a person's hourly limit waits in the outbox, then goes
// as ONE summary when the hour has room, while a person without a limit gets each at once.
#include <catch2/catch.hpp>

#include "support/alert_service_fixture.hpp"
#include "support/smtp_sink.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

constexpr Millis minute = 60'000;
const Millis tuesday_noon_madrid = *parse_iso8601("2026-12-08T11:00:00Z");

std::string site_id(int i) { return "store-" + std::string(i < 10 ? "0" : "") + std::to_string(i); }
std::string kiosk_of(int i) { return site_id(i) + "-door"; }

// Ten stores; Marta sees all of them with at most one message an hour, Luis the first five,
// Ana the last five (no limits). Urgent complaints obey the limit here.
std::string ten_stores(const std::string& smtp_url) {
  std::string toml;
  for (int i = 1; i <= 10; ++i)
    toml += "[[sites]]\nid = \"" + site_id(i) + "\"\nname = \"Store " + std::to_string(i) +
            "\"\ntime_zone = \"Europe/Madrid\"\nkiosks = [\"" + kiosk_of(i) + "\"]\n";
  return toml +
         "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "[alerts.rules]\ncoalesce_s = 30\nurgent_breaks_quiet_hours = false\n"
         "[alerts.smtp]\nurl = \"" +
         smtp_url +
         "\"\ntls = \"optional\"\nfrom = \"Heard <alerts@heard.example>\"\n"
         "[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\nmax_per_hour = 1\n"
         "[[alerts.people]]\nname = \"Luis\"\nemail = \"luis@example.com\"\n"
         "sites = [\"store-01\", \"store-02\", \"store-03\", \"store-04\", \"store-05\"]\n"
         "[[alerts.people]]\nname = \"Ana\"\nemail = \"ana@example.com\"\n"
         "sites = [\"store-06\", \"store-07\", \"store-08\", \"store-09\", \"store-10\"]\n";
}

std::vector<Response> unhappy_minute_ago(Millis now) {
  std::vector<Response> out;
  for (int i = 0; i < 4; ++i) out.push_back(sample_response(1, now - minute + i));
  return out;
}

}  // namespace

TEST_CASE("bad spells at ten stores make one e-mail per person, and a limit merges the rest", "[alerts][limits]") {
  TempDir dir;
  SmtpSink sink;
  InProcessAlerts alerts(dir, ten_stores(sink.url()), tuesday_noon_madrid);

  for (int i = 1; i <= 10; ++i) alerts.store(kiosk_of(i), unhappy_minute_ago(alerts.clock.now().wall));
  // The spells open; once coalesce_s has passed they are told together.
  REQUIRE(eventually([&] { return alerts.query("SELECT count(*) FROM alert_open") == 10; }, 30s));
  CHECK(alerts.count("true") == 0);  // nothing told before coalesce_s has passed
  alerts.clock.advance(30'000);
  REQUIRE(sink.wait_for(3, 30s));
  REQUIRE(eventually([&] { return alerts.count("state = 'sent'") == 3; }, 30s));
  auto all = sink.messages();
  REQUIRE(all.size() == 3);  // ten stores, three people: three e-mails, not thirty
  const auto marta = to_address(all, "marta@");
  REQUIRE(marta.size() == 1);
  CHECK(marta[0].header("Subject") == "Bad spell at 10 stores");
  for (int i = 1; i <= 10; ++i) CHECK_THAT(marta[0].part("text/plain"), Catch::Contains("Store " + std::to_string(i)));
  CHECK(to_address(all, "luis@")[0].header("Subject") == "Bad spell at 5 stores");
  CHECK(to_address(all, "ana@")[0].header("Subject") == "Bad spell at 5 stores");

  // 16 minutes later the spells are over: Luis and Ana hear it at once; Marta has had her one
  // message this hour, so hers waits, and so do ten urgent complaints that follow.
  alerts.clock.advance(16 * minute);
  REQUIRE(sink.wait_for(5, 30s));
  std::vector<std::string> cases;
  for (int i = 1; i <= 10; ++i) {
    Response r = sample_complaint(alerts.clock.now().wall - 1000);
    cases.push_back(r.id);
    alerts.store(kiosk_of(i), {r});
  }
  REQUIRE(sink.wait_for(15, 30s));  // Luis 5 + Ana 5 urgent ones
  REQUIRE(eventually([&] { return alerts.count("channel = 'email:Marta' AND state = 'held'") == 11; }, 30s));
  CHECK(to_address(sink.messages(), "marta@").size() == 1);

  // A restart while they wait loses none: they are committed.
  // (Once nothing is in flight: a delivery cut off by the stop is sent again, same id.)
  REQUIRE(eventually([&] { return alerts.count("state IN ('queued', 'failing')") == 0; }, 30s));
  alerts.stop();
  alerts.start();
  alerts.clock.advance(30 * minute);  // 46 minutes after her first: still within the hour
  alerts.store(kiosk_of(1), {sample_response(5, alerts.clock.now().wall)});
  REQUIRE(eventually([&] { return alerts.count("state = 'held'") == 11; }, 5s));
  CHECK(to_address(sink.messages(), "marta@").size() == 1);

  alerts.clock.advance(15 * minute);  // an hour and a minute after her first
  REQUIRE(eventually([&] { return to_address(sink.messages(), "marta@").size() == 2; }, 30s));
  const SinkMessage summary = to_address(sink.messages(), "marta@")[1];
  CHECK(summary.header("Subject").starts_with("Heard: 11 alerts held by your hourly limit ("));
  const std::string text = summary.part("text/plain");
  CHECK_THAT(text, Catch::Contains("You get at most 1 messages an hour"));
  CHECK_THAT(text, Catch::Contains("Bad spell over"));
  for (const auto& id : cases) CHECK_THAT(text, Catch::Contains("https://hub.example.com/#case/" + id));
  CHECK_THAT(text, !Catch::Contains("+34 600"));  // no contact details
  CHECK_FALSE(summary.part("text/html").empty());
  CHECK(alerts.count("channel = 'email:Marta' AND state = 'merged'") == 11);
  REQUIRE(eventually([&] { return alerts.count("rule = 'summary' AND state = 'sent'") == 1; }, 30s));
  CHECK(sink.messages().size() == 16);
}
