// The bad-spell rule against a real hub and SMTP conversation: unhappy responses at two sites
// within the window make ONE e-mail to the person who covers both (coalesced), and when one
// site's spell ends the alert closes itself with an "over" message.
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"
#include "support/smtp_sink.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

std::string two_sites_with_marta(const std::string& smtp_url) {
  return "[[sites]]\nid = \"madrid-centro\"\nname = \"Madrid Centro\"\ntime_zone = \"Europe/Madrid\"\nkiosks = [\"" +
         kiosk_id +
         "\"]\n[[sites]]\nid = \"sevilla\"\nname = \"Sevilla Triana\"\ntime_zone = \"Europe/Madrid\"\n"
         "kiosks = [\"" +
         other_kiosk_id +
         "\"]\n"
         "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "[alerts.rules]\nbad_spell_percent = 50\nbad_spell_minutes = 15\nbad_spell_min_responses = 4\ncoalesce_s = 2\n"
         "[alerts.smtp]\nurl = \"" +
         smtp_url +
         "\"\ntls = \"optional\"\nfrom = \"Heard <alerts@heard.example>\"\n"
         "[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\n";
}

// Responses with these ratings from `kiosk`, made in the last minute.
long send_ratings(const HubProcess& hub, const std::string& kiosk, const std::string& token,
                  const std::vector<int>& ratings) {
  std::string body;
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    Response r = sample_response(ratings[i], system_now_ms() - 60'000 + static_cast<Millis>(i));
    r.kiosk_id = kiosk;
    body += to_json_line(r) + "\n";
  }
  return http("POST", hub.url() + "/v1/kiosks/" + kiosk + "/feedback", token, body).status;
}

std::int64_t open_spells(const HubProcess& hub, const std::string& where = "true") {
  return hub_query_int(hub.db(), "SELECT count(*) FROM alert_open WHERE rule = 'bad_spell' AND " + where);
}

}  // namespace

TEST_CASE("bad spells at two stores make one e-mail, and each closes itself when it ends", "[alerts][bad_spell]") {
  TempDir dir;
  SmtpSink sink;
  const auto config = dir / "hub.toml";
  std::ofstream(config) << two_sites_with_marta(sink.url());
  HubProcess hub(dir, {"--config", config.string()});

  REQUIRE(send_ratings(hub, kiosk_id, kiosk_token, {1, 2, 5}) == 200);  // below the minimum of 4 responses
  REQUIRE(send_ratings(hub, kiosk_id, kiosk_token, {1}) == 200);        // now 3 of 4 unhappy
  REQUIRE(send_ratings(hub, other_kiosk_id, other_kiosk_token, {1, 1, 2, 2, 4}) == 200);
  INFO(hub.log());
  REQUIRE(sink.wait_for(1, 30s));
  REQUIRE(eventually([&] { return open_spells(hub, "told") == 2; }, 30s));
  const auto first = sink.messages();
  REQUIRE(first.size() == 1);  // both stores, one message
  CHECK(first[0].header("Subject") == "Bad spell at 2 stores");
  const std::string text = first[0].part("text/plain");
  CHECK_THAT(text, Catch::Contains("- Madrid Centro: 3 of 4 unhappy"));
  CHECK_THAT(text, Catch::Contains("- Sevilla Triana: 4 of 5 unhappy"));
  CHECK_THAT(text, Catch::Contains("https://hub.example.com/#responses"));

  // Madrid turns happy (3 of 10 unhappy): its spell is over; Sevilla's goes on.
  REQUIRE(send_ratings(hub, kiosk_id, kiosk_token, {5, 5, 5, 4, 5, 4}) == 200);
  REQUIRE(sink.wait_for(2, 30s));
  const SinkMessage over = sink.messages()[1];
  CHECK(over.header("Subject") == "Bad spell over at Madrid Centro");
  CHECK_THAT(over.part("text/plain"), Catch::Contains("no longer mostly unhappy at Madrid Centro"));
  REQUIRE(eventually([&] { return open_spells(hub) == 1; }, 10s));
  CHECK(open_spells(hub, "subject = 'sevilla'") == 1);
}
