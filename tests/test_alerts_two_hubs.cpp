// Two heard-hub processes on one PostgreSQL database, both with [alerts], as a chain runs them
// behind a load balancer: both evaluate the rules over the same responses and both send from
// the same outbox. Every urgent complaint reaches the webhook receiver and the SMTP sink once
// (by idempotency id / Message-ID), whichever hub stored it. Then one hub is SIGKILLed while
// it is mid-delivery: the other sends what it left, and nothing is lost. The one delivery the
// dead hub had in flight may arrive a second time, with the same id, as after any crash.
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"
#include "support/smtp_sink.hpp"
#include "support/webhook_receiver.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

namespace {

std::string two_channels(const std::string& webhook_url, const std::string& smtp_url) {
  return "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "send_timeout_s = 20\n\n[alerts.rules]\nbad_spell = false\n\n[alerts.smtp]\nurl = \"" +
         smtp_url + "\"\nfrom = \"Heard <alerts@heard.example>\"\ntls = \"optional\"\n\n" +
         "[[alerts.webhooks]]\nname = \"ops\"\nurl = \"" + webhook_url + "\"\nsecret = \"" + webhook_secret +
         "\"\n\n[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\nsites = [\"madrid-centro\"]\n";
}

// `n` urgent complaints, one upload each, to the hubs in turn.
void complain(const std::vector<const HubProcess*>& hubs, int n) {
  for (int i = 0; i < n; ++i)
    REQUIRE(upload(*hubs[static_cast<std::size_t>(i) % hubs.size()], {sample_complaint(system_now_ms() - 1000 + i)}) ==
            200);
}

// How many times each Message-ID reached the sink.
std::map<std::string, int> by_message_id(const SmtpSink& sink) {
  std::map<std::string, int> out;
  for (const auto& m : sink.messages()) ++out[m.header("Message-ID")];
  return out;
}

int repeats(const std::map<std::string, int>& counts) {
  int n = 0;
  for (const auto& [key, times] : counts) n += times - 1;
  return n;
}

}  // namespace

TEST_CASE("two hubs on one PostgreSQL deliver every alert once, and the survivor of a SIGKILL sends the rest",
          "[alerts][crash][pg]") {
  TempDir dir;
  WebhookReceiver receiver(webhook_secret);
  SmtpSink sink;
  const auto config = write_hub_config(dir, two_channels(receiver.url(), sink.url()));
  auto first = std::make_unique<HubProcess>(dir, std::vector<std::string>{"--config", config.string()}, "first");
  REQUIRE(is_pg(first->db()));  // only the "pg:" pass has a cluster
  HubProcess second(dir, *first, {"--config", config.string()}, "second");
  INFO(first->log() + second.log());

  // Both running: each complaint once on each channel, though both hubs read every response.
  constexpr int calm = 12;
  complain({first.get(), &second}, calm);
  REQUIRE(receiver.wait_for_accepted(calm, 60s));
  REQUIRE(sink.wait_for(calm, 60s));
  REQUIRE(
      eventually([&] { return count_rows(first->db(), "alert_deliveries WHERE state = 'sent'") == 2 * calm; }, 30s));
  CHECK(receiver.received().size() == calm);  // not one sent twice
  CHECK(sink.messages().size() == calm);
  CHECK(count_rows(first->db(), "alert_deliveries") == 2 * calm);

  // Each hub's sender blocked on a webhook: two held requests are two processes mid-send.
  receiver.hold();
  constexpr int storm = 12;
  complain({first.get(), &second}, storm);
  REQUIRE(receiver.wait_for_held(2, 60s));
  first->child().signal(SIGKILL);
  REQUIRE(first->child().wait() == 128 + SIGKILL);
  receiver.release();      // the dead hub's delivery is taken; it never hears so
  complain({&second}, 4);  // the survivor keeps storing, and alerting
  constexpr int total = calm + storm + 4;
  REQUIRE(receiver.wait_for_accepted(total, 90s));
  REQUIRE(sink.wait_for(total, 90s));
  REQUIRE(
      eventually([&] { return count_rows(second.db(), "alert_deliveries WHERE state = 'sent'") == 2 * total; }, 60s));

  const auto accepted = receiver.accepted();
  CHECK(accepted.size() == total);
  CHECK(repeats(accepted) <= 1);  // at most the one in flight at the kill, under its own id
  for (const auto& r : receiver.received()) CHECK(r.signature_ok);
  const auto mails = by_message_id(sink);
  CHECK(mails.size() == total);
  CHECK(repeats(mails) == 0);  // the killed hub was mid-webhook, not mid-mail
  const auto rows = outbox_rows(second.db());
  CHECK(rows.size() == 2 * total);
  for (const auto& row : rows)
    if (row.channel == "webhook:ops") CHECK(accepted.contains(row.id));
}
