// The daily digest per site against the real AlertService and SMTP sink, on a wall clock the
// test moves: at 08:00 in Madrid the previous local day's figures go to the site's people
// (counts, CSAT and its change, open cases, top complaint categories; no contact details),
// the e-mail's HTML is written to a file and read back as a person would open it, and a
// restart of the hub does not send the same period twice.
#include <catch2/catch.hpp>

#include "support/alert_service_fixture.hpp"
#include "support/smtp_sink.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

std::string madrid_daily(const std::string& smtp_url) {
  return "[[sites]]\nid = \"madrid-centro\"\nname = \"Madrid Centro\"\ntime_zone = \"Europe/Madrid\"\n"
         "kiosks = [\"madrid-door\"]\n"
         "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "[alerts.rules]\nurgent = false\nbad_spell = false\nsla = false\nkiosk_offline = false\n"
         "[alerts.digest]\nevery = \"day\"\nhour = 8\n"
         "[alerts.smtp]\nurl = \"" +
         smtp_url +
         "\"\ntls = \"optional\"\nfrom = \"Heard <alerts@heard.example>\"\n"
         "[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\nsites = [\"madrid-centro\"]\n";
}

Millis at(const char* iso) { return *parse_iso8601(iso); }

Response rated(int rating, Millis when, std::vector<std::string> categories = {}) {
  Response r = sample_response(rating, when);
  r.categories = std::move(categories);
  return r;
}

}  // namespace

TEST_CASE("a site's daily digest goes out at its local hour, once per day, with the right figures",
          "[alerts][digest]") {
  TempDir dir;
  SmtpSink sink;
  InProcessAlerts alerts(dir, madrid_daily(sink.url()), at("2026-12-08T06:30:00Z"));  // 07:30 in Madrid

  // Sunday 6 December (Madrid): 2 of 4 happy. Monday 7: 3 of 5 happy, two complaints, one of
  // them an urgent case still open; one response from 00:30 on the 7th in Madrid (still the
  // 6th in UTC) and one from 00:30 on the 8th (not in the period).
  Response urgent = sample_complaint(at("2026-12-07T15:00:00Z"));  // wait_time, staff_attitude
  alerts.store(
      "madrid-door",
      {rated(5, at("2026-12-06T11:00:00Z")), rated(5, at("2026-12-06T11:05:00Z")), rated(1, at("2026-12-06T11:10:00Z")),
       rated(2, at("2026-12-06T11:15:00Z")), rated(5, at("2026-12-06T23:30:00Z")), rated(4, at("2026-12-07T10:00:00Z")),
       rated(4, at("2026-12-07T12:00:00Z")), urgent, rated(2, at("2026-12-07T18:00:00Z"), {"wait_time"}),
       rated(1, at("2026-12-07T23:30:00Z"), {"cleanliness"})});
  REQUIRE(eventually(
      [&] {
        return alerts.query(
                   "SELECT count(*) FROM alert_cursors WHERE name = 'responses' "
                   "AND value = (SELECT max(seq) FROM responses)") == 1;
      },
      30s));
  CHECK(alerts.count("rule = 'digest'") == 0);  // 07:30: not yet

  alerts.clock.advance_to(at("2026-12-08T07:00:30Z"));  // 08:00 in Madrid
  REQUIRE(sink.wait_for(1, 30s));
  const SinkMessage digest = sink.messages().at(0);
  CHECK(digest.header("Subject") == "Daily digest for Madrid Centro: 2026-12-07");
  const std::string text = digest.part("text/plain");
  CHECK_THAT(text, Catch::Contains("Responses: 5 (the day before: 4, +1)"));
  CHECK_THAT(text, Catch::Contains("CSAT (rated 4-5): 60 % (the day before: 50 %, +10 points)"));
  CHECK_THAT(text, Catch::Contains("Open follow-up cases now: 1"));
  CHECK_THAT(text, Catch::Contains("Top complaint categories: wait_time (2), staff_attitude (1)"));

  // The HTML part, rendered once to a file and opened as the manager's mail program would.
  const auto file = dir / "digest.html";
  std::ofstream(file) << digest.part("text/html");
  const std::string opened = read_text(file);
  CHECK_THAT(opened, Catch::StartsWith("<!doctype html>"));
  CHECK_THAT(opened, Catch::Contains("<h2>Daily digest for Madrid Centro: 2026-12-07</h2>"));
  CHECK_THAT(opened, Catch::Contains("<p>Responses: 5 (the day before: 4, +1)</p>"));
  CHECK_THAT(opened, Catch::Contains("60 %"));
  CHECK_THAT(opened, Catch::Contains("href=\"https://hub.example.com/#overview\""));
  for (const auto& s : {text, opened}) {
    CHECK_THAT(s, !Catch::Contains("+34 600"));  // no contact details, no comments
    CHECK_THAT(s, !Catch::Contains("Waited 25 minutes"));
  }

  // A restart an hour later: the same period is not sent again; the next day's is.
  // (Once nothing is in flight: a delivery cut off by the stop is sent again, same id.)
  REQUIRE(eventually([&] { return alerts.count("state IN ('queued', 'failing')") == 0; }, 30s));
  alerts.stop();
  alerts.clock.advance(3600'000);
  const Millis restarted_at = alerts.clock.now().wall;
  alerts.start();
  // The restarted hub has looked at the digests (and found the period's already queued).
  REQUIRE(eventually(
      [&] { return alerts.query("SELECT value FROM alert_cursors WHERE name = 'digests'") == restarted_at; }, 30s));
  CHECK(alerts.count("rule = 'digest'") == 1);
  alerts.clock.advance_to(at("2026-12-09T07:00:30Z"));
  REQUIRE(sink.wait_for(2, 30s));
  CHECK(sink.messages().at(1).header("Subject") == "Daily digest for Madrid Centro: 2026-12-08");
  CHECK_THAT(sink.messages().at(1).part("text/plain"), Catch::Contains("Responses: 1 (the day before: 5, -4)"));
  CHECK(alerts.count("rule = 'digest'") == 2);
  CHECK(sink.messages().size() == 2);
}
