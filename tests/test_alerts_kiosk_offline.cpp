// The kiosk-offline rule against a real hub and SMTP conversation: a heartbeat whose oldest
// unsynced response is older than the limit makes ONE e-mail; later heartbeats that say the
// same send nothing more; a heartbeat with nothing waiting sends "back online" and closes it.
#include <catch2/catch.hpp>

#include "core/time.hpp"
#include "support/alert_fixture.hpp"
#include "support/smtp_sink.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

long heartbeat(const HubProcess& hub, std::optional<Millis> oldest_unsynced) {
  const std::string oldest = oldest_unsynced ? "\"" + format_iso8601(*oldest_unsynced) + "\"" : "null";
  const std::string body = "{\"at\":\"" + format_iso8601(system_now_ms()) +
                           "\",\"app_version\":\"1.1.0\",\"outbox\":3,\"oldest_unsynced_at\":" + oldest +
                           ",\"last_error\":null}";
  return http("POST", hub.url() + "/v1/kiosks/" + kiosk_id + "/heartbeat", kiosk_token, body).status;
}

std::int64_t open_offline(const HubProcess& hub) {
  return hub_query_int(hub.db(), "SELECT count(*) FROM alert_open WHERE rule = 'kiosk_offline'");
}

}  // namespace

TEST_CASE("a kiosk that cannot sync makes one e-mail, and another when it is back", "[alerts][kiosk_offline]") {
  TempDir dir;
  SmtpSink sink;
  const auto config = write_hub_config(dir, "[hub]\noffline_after_min = 30\n\n" + email_alerts(sink.url()) +
                                                "\n[alerts.rules]\nbad_spell = false\nkiosk_unsynced_limit_min = 60\n");
  HubProcess hub(dir, {"--config", config.string()});
  INFO(hub.log());

  REQUIRE(heartbeat(hub, system_now_ms() - 10 * 60'000) == 204);   // 10 minutes behind: fine
  REQUIRE(heartbeat(hub, system_now_ms() - 3 * 3600'000) == 204);  // 3 hours behind: offline
  REQUIRE(sink.wait_for(1, 30s));
  REQUIRE(eventually([&] { return open_offline(hub) == 1; }, 10s));
  const SinkMessage gone = sink.messages()[0];
  CHECK(gone.header("Subject") == "Kiosk " + kiosk_id + " at Madrid Centro is offline");
  CHECK_THAT(gone.part("text/plain"), Catch::Contains("its oldest unsent response is 3 hours old"));
  CHECK_THAT(gone.part("text/plain"), Catch::Contains("https://hub.example.com/#kiosks"));
  CHECK_THAT(gone.part("text/html"), Catch::Contains("is offline"));

  REQUIRE(heartbeat(hub, system_now_ms() - 3 * 3600'000) == 204);  // still behind: no second e-mail
  REQUIRE(heartbeat(hub, std::nullopt) == 204);                    // caught up
  REQUIRE(sink.wait_for(2, 30s));
  REQUIRE(eventually([&] { return open_offline(hub) == 0; }, 10s));
  const auto all = sink.messages();
  REQUIRE(all.size() == 2);
  CHECK(all[1].header("Subject") == "Kiosk " + kiosk_id + " at Madrid Centro is back online");
}
