// [alerts] in hub.toml: each mistake named as file:line:key at --check-config and when the
// hub starts (exit 78, no crash), and a channel that is well written but does not work (an
// unknown host) reported at start and left visibly failing in the outbox.
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

Run check(const TempDir& dir, const std::string& alerts) {
  return run_program(dir, {HEARD_HUB_PATH, "--check-config", "--config", write_hub_config(dir, alerts).string()});
}

const std::string smtp =
    "[alerts.smtp]\nurl = \"smtp://127.0.0.1:2525\"\ntls = \"optional\"\nfrom = \"Heard <a@b.example>\"\n";

}  // namespace

TEST_CASE("mistakes in [alerts] are named by file, line and key", "[alerts][config]") {
  TempDir dir;
  CHECK(check(dir, webhook_alerts("https://ops.example.com/heard")).exit_code == 0);
  CHECK(check(dir, webhook_alerts("http://127.0.0.1:9/heard")).exit_code == 0);

  const Run plain = check(dir, webhook_alerts("http://ops.example.com/heard"));
  CHECK(plain.exit_code == 78);
  CHECK_THAT(plain.err, Catch::Contains("hub.toml:14: alerts.webhooks[0].url: a webhook URL must be https://"));

  const Run scheme = check(dir, webhook_alerts("ftp://ops.example.com/heard"));
  CHECK_THAT(scheme.err, Catch::Contains("alerts.webhooks[0].url: a webhook URL must be https://"));

  const Run short_secret =
      check(dir, "[[alerts.webhooks]]\nname = \"x\"\nurl = \"https://a.example\"\nsecret = \"s\"\n");
  CHECK_THAT(short_secret.err, Catch::Contains("hub.toml:10: alerts.webhooks[0].secret: at least 16 characters"));

  const Run no_from = check(dir, "[alerts.smtp]\nurl = \"smtps://mail.example.com\"\n");
  CHECK(no_from.exit_code == 78);
  CHECK_THAT(no_from.err, Catch::Contains("hub.toml:7: alerts.smtp.from: missing"));

  const Run smtp_scheme = check(dir, "[alerts.smtp]\nurl = \"http://mail.example.com\"\nfrom = \"a@b.example\"\n");
  CHECK_THAT(smtp_scheme.err, Catch::Contains("hub.toml:8: alerts.smtp.url: expected smtp://"));

  const Run site =
      check(dir, smtp + "[[alerts.people]]\nname = \"Marta\"\nemail = \"m@example.com\"\nsites = [\"nowhere\"]\n");
  CHECK(site.exit_code == 78);
  CHECK_THAT(site.err, Catch::Contains("hub.toml:14: alerts.people[0].sites: unknown site 'nowhere'"));

  const Run no_smtp = check(dir, "[[alerts.people]]\nname = \"Marta\"\nemail = \"m@example.com\"\n");
  CHECK_THAT(no_smtp.err, Catch::Contains("alerts.people[0].email: people get e-mail: configure [alerts.smtp] first"));

  const Run rule =
      check(dir, smtp + "[[alerts.people]]\nname = \"M\"\nemail = \"m@example.com\"\nrules = [\"gossip\"]\n");
  CHECK_THAT(rule.err, Catch::Contains("alerts.people[0].rules: unknown rule 'gossip'"));

  const Run typo = check(dir, "[alerts]\nconsole_ulr = \"https://x\"\n");
  CHECK_THAT(typo.err, Catch::Contains("hub.toml:8: alerts.console_ulr: unknown key"));

  const Run clear_password = check(dir,
                                   "[alerts.smtp]\nurl = \"smtp://mail.example.com\"\ntls = \"optional\"\n"
                                   "user = \"u\"\npassword = \"p\"\nfrom = \"a@b.example\"\n");
  CHECK_THAT(clear_password.err, Catch::Contains("alerts.smtp.tls: a password may not be sent without TLS"));
}

TEST_CASE("the hub refuses to start with a bad [alerts], saying why", "[alerts][config]") {
  TempDir dir;
  const auto config = write_hub_config(dir, webhook_alerts("http://ops.example.com/heard"));
  const Run run = run_program(
      dir, {HEARD_HUB_PATH, "--listen", "127.0.0.1:0", "--db", (dir / "hub.db").string(), "--config", config.string()});
  CHECK(run.exit_code == 78);
  CHECK_THAT(run.err, Catch::Contains("alerts.webhooks[0].url: a webhook URL must be https://"));
}

TEST_CASE("a webhook whose host does not resolve is reported at start and left failing", "[alerts][config]") {
  TempDir dir;
  const auto config = write_hub_config(dir, webhook_alerts("https://no-such-host.invalid/heard"));
  HubProcess hub(dir, {"--config", config.string()});
  REQUIRE(eventually([&] { return hub.log().find("alerts: channel webhook:ops does not work") != std::string::npos; },
                     30s));
  REQUIRE(upload(hub, {sample_complaint(system_now_ms())}) == 200);
  REQUIRE(eventually(
      [&] {
        const auto rows = outbox_rows(hub.db());
        return rows.size() == 1 && rows[0].state == "failing";
      },
      30s));
  CHECK_THAT(outbox_rows(hub.db())[0].last_error, Catch::Contains("resolve"));
  CHECK(hub.child().running());  // failing, not fallen over
}
