// Alerts by e-mail through a real SMTP conversation on loopback (tests/support/smtp_sink.hpp):
// the message's parts, link and Message-ID; and a server that refuses, stalls, drops the
// line, refuses the login or offers no STARTTLS: each a visible failing state with its reason,
// retried until the message is accepted, never a crash.
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"
#include "support/smtp_sink.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

bool state_is(const HubProcess& hub, const std::string& state, int min_attempts = 1) {
  const auto rows = outbox_rows(hub.db());
  return rows.size() == 1 && rows[0].state == state && rows[0].attempts >= min_attempts;
}

}  // namespace

TEST_CASE("an urgent complaint becomes an e-mail with a text and an HTML part and the case link", "[alerts][email]") {
  TempDir dir;
  SmtpSink sink({"heard", "mail-password-1", 0, false, false, false});
  const auto config = write_hub_config(
      dir, email_alerts(sink.url(), "tls = \"optional\"\nuser = \"heard\"\npassword = \"mail-password-1\"\n"));
  HubProcess hub(dir, {"--config", config.string()});
  const Response urgent = sample_complaint(system_now_ms());
  REQUIRE(upload(hub, {urgent}) == 200);
  INFO(hub.log());
  REQUIRE(sink.wait_for(1, 30s));

  const SinkMessage m = sink.messages()[0];
  CHECK(m.from == "<alerts@heard.example>");
  REQUIRE(m.to.size() == 1);
  CHECK(m.to[0] == "<marta@example.com>");
  CHECK(m.header("From") == "Heard <alerts@heard.example>");
  CHECK(m.header("Subject") == "Urgent: a customer at Madrid Centro asks for a manager now");
  CHECK_THAT(m.header("Content-Type"), Catch::StartsWith("multipart/alternative"));
  const std::string text = m.part("text/plain"), html = m.part("text/html");
  CHECK_THAT(text, Catch::Contains("An urgent complaint arrived at Madrid Centro (kiosk store-12-exit)."));
  CHECK_THAT(text, Catch::Contains("Open the case: https://hub.example.com/#case/" + urgent.id));
  CHECK_THAT(html, Catch::Contains("<a href=\"https://hub.example.com/#case/" + urgent.id + "\">"));
  for (const std::string& secret : {urgent.contact.name, urgent.contact.phone, urgent.comment}) {
    CHECK(m.data.find(secret) == std::string::npos);
    CHECK(text.find(secret) == std::string::npos);
    CHECK(html.find(secret) == std::string::npos);
  }
  REQUIRE(eventually([&] { return state_is(hub, "sent"); }, 10s));
  CHECK(m.header("Message-ID") == "<" + outbox_rows(hub.db())[0].id + "@heard.example>");
}

TEST_CASE("a mail server that answers 451 is tried again until it takes the message", "[alerts][email]") {
  TempDir dir;
  SmtpSink sink({"", "", 3, false, false, false});
  HubProcess hub(dir, {"--config", write_hub_config(dir, email_alerts(sink.url())).string()});
  REQUIRE(upload(hub, {sample_complaint(system_now_ms())}) == 200);
  REQUIRE(sink.wait_for(1, 30s));
  REQUIRE(eventually([&] { return state_is(hub, "sent", 4); }, 10s));
  CHECK(sink.messages().size() == 1);
  CHECK_THAT(hub.log(), Catch::Contains("(SMTP 451)"));
}

TEST_CASE("a stalled, dropping or refusing mail server leaves a failing delivery with its reason", "[alerts][email]") {
  TempDir dir;
  SmtpSink sink({"", "", 0, false, true, false});  // stalls: not even a greeting
  HubProcess hub(dir, {"--config", write_hub_config(dir, email_alerts(sink.url())).string()});
  REQUIRE(upload(hub, {sample_complaint(system_now_ms())}) == 200);
  REQUIRE(eventually([&] { return state_is(hub, "failing"); }, 30s));
  CHECK_THAT(outbox_rows(hub.db())[0].last_error, Catch::Contains("imeout"));

  sink.set({"", "", 0, false, false, true});  // takes the message, then hangs up unanswered
  const int before = outbox_rows(hub.db())[0].attempts;
  REQUIRE(eventually([&] { return state_is(hub, "failing", before + 2); }, 30s));
  CHECK(sink.messages().empty());

  sink.set({"", "", 0, true, false, false});  // no such mailbox
  REQUIRE(eventually([&] { return outbox_rows(hub.db())[0].last_error.find("550") != std::string::npos; }, 30s));

  sink.set({});  // mended: the same delivery goes through
  REQUIRE(sink.wait_for(1, 30s));
  REQUIRE(eventually([&] { return state_is(hub, "sent"); }, 10s));
  CHECK(hub.child().running());
}

TEST_CASE("wrong SMTP credentials are reported at start and the delivery stays failing", "[alerts][email]") {
  TempDir dir;
  SmtpSink sink({"heard", "right-password", 0, false, false, false});
  const auto config = write_hub_config(
      dir, email_alerts(sink.url(), "tls = \"optional\"\nuser = \"heard\"\npassword = \"wrong-password\"\n"));
  HubProcess hub(dir, {"--config", config.string()});
  REQUIRE(eventually([&] { return hub.log().find("alerts: channel email:Marta does not work") != std::string::npos; },
                     30s));
  REQUIRE(upload(hub, {sample_complaint(system_now_ms())}) == 200);
  REQUIRE(eventually([&] { return state_is(hub, "failing", 2); }, 30s));
  CHECK_THAT(outbox_rows(hub.db())[0].last_error, Catch::Contains("Login denied"));
  CHECK(hub.log().find("wrong-password") == std::string::npos);
  CHECK(sink.messages().empty());
}

TEST_CASE("with TLS required, a mail server without STARTTLS gets nothing", "[alerts][email]") {
  TempDir dir;
  SmtpSink sink;
  HubProcess hub(dir, {"--config", write_hub_config(dir, email_alerts(sink.url(), "tls = \"required\"\n")).string()});
  REQUIRE(upload(hub, {sample_complaint(system_now_ms())}) == 200);
  REQUIRE(eventually([&] { return state_is(hub, "failing", 2); }, 30s));
  INFO(outbox_rows(hub.db())[0].last_error);
  CHECK(sink.messages().empty());
  CHECK(!outbox_rows(hub.db())[0].last_error.empty());
}
