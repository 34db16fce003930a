// End to end, every part real: the headless kiosk runs a script in which a customer asks for
// a manager now; the kiosk's sync engine (heardctl sync --once) sends it to a heard-hub; the
// hub's urgent rule fires and the SMTP sink receives the e-mail, whose text and link we check.
#include <catch2/catch.hpp>

#include "store/response_store.hpp"
#include "support/alert_fixture.hpp"
#include "support/smtp_sink.hpp"
#include "support/store_inspector.hpp"

using heard::test::connection_of;

#if defined(HEARD_KIOSK_PATH) && defined(HEARDCTL_PATH)

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

// "Very bad", a category, "Talk to a manager now", Send: what a customer taps.
const char* urgent_complaint_script = R"(tap "Very bad"
tap "Price"
tap "Done"
expect "Here is what we heard"
tap #edit.resolution
tap "Talk to a manager now"
tap "Done"
expect "Here is what we heard"
tap "Send"
expect "A member of staff has been alerted and will be with you in a moment."
)";

}  // namespace

TEST_CASE("a customer's 'talk to a manager now' at a kiosk reaches the manager's mailbox", "[alerts][email][e2e]") {
  TempDir dir;
  SmtpSink sink;
  HubProcess hub(dir, {"--config", write_hub_config(dir, email_alerts(sink.url())).string()});
  const auto device = write_sync_config(dir, hub.url());
  const std::string db = (dir / "kiosk.db").string();
  write_private_file(dir / "urgent.script", urgent_complaint_script);

  const Run kiosk = run_program(
      dir, {"/usr/bin/env", "HEARD_ASSETS_DIR=" HEARD_ASSETS_DIR, "HEARD_CONFIG=" + device.string(), HEARD_KIOSK_PATH,
            "--headless", "--size", "800x480", "--db", db, "--script", (dir / "urgent.script").string()});
  INFO(kiosk.out << kiosk.err);
  REQUIRE(kiosk.exit_code == 0);
  store::ResponseStore store(db);
  REQUIRE(connection_of(store).query_int("SELECT count(*) FROM responses") == 1);
  const auto saved = store.find(*connection_of(store).query_text("SELECT id FROM responses"));
  REQUIRE(saved);
  REQUIRE(saved->urgent);

  const Run sync = run_heardctl(dir, {"--config", device.string(), "--db", db, "sync", "--once"});
  INFO(sync.out << sync.err);
  REQUIRE(sync.exit_code == 0);

  INFO(hub.log());
  REQUIRE(sink.wait_for(1, 30s));
  const SinkMessage m = sink.messages()[0];
  CHECK(m.to.at(0) == "<marta@example.com>");
  CHECK(m.header("Subject") == "Urgent: a customer at Madrid Centro asks for a manager now");
  const std::string text = m.part("text/plain");
  CHECK_THAT(text, Catch::Contains("An urgent complaint arrived at Madrid Centro (kiosk store-12-exit)."));
  CHECK_THAT(text, Catch::Contains("Rating: 1 of 5"));
  CHECK_THAT(text, Catch::Contains("About: price"));
  CHECK_THAT(text, Catch::Contains("Open the case: https://hub.example.com/#case/" + saved->id));
  CHECK_THAT(m.part("text/html"), Catch::Contains("href=\"https://hub.example.com/#case/" + saved->id + "\""));
}

#endif
