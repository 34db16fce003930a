// The alerts' outbox under SIGKILL: the hub is killed while a webhook delivery is in flight
// (the receiver holds its reply), twice, and started again on the same database. Every alert
// arrives; the one in flight at each kill may arrive again, with the same idempotency id and
// body, so the receiver (which dedupes by id) sees each alert once.
#include <catch2/catch.hpp>

#include "support/alert_fixture.hpp"
#include "support/webhook_receiver.hpp"

using namespace heard;
using namespace heard::test;
using namespace std::chrono_literals;

TEST_CASE("SIGKILL mid-delivery loses no alert and repeats none under a new id", "[alerts][webhook][crash]") {
  TempDir dir;
  WebhookReceiver receiver(webhook_secret);
  // Five complaints in a row are a bad spell too; this test counts the urgent alerts only.
  const auto config = write_hub_config(dir, webhook_alerts(receiver.url()) + "\n[alerts.rules]\nbad_spell = false\n");
  constexpr int rounds = 2, per_round = 5;

  // Each start on the database of the one before (a PostgreSQL one lives as long as they do).
  const std::vector<std::string> args = {"--config", config.string()};
  std::unique_ptr<HubProcess> previous;
  const auto start = [&] {
    return previous ? std::make_unique<HubProcess>(dir, *previous, args, "hub")
                    : std::make_unique<HubProcess>(dir, args);
  };
  for (int round = 0; round < rounds; ++round) {
    receiver.hold();
    auto killed = start();
    std::vector<Response> urgent;
    for (int i = 0; i < per_round; ++i) urgent.push_back(sample_complaint(system_now_ms() - 1000 + i));
    REQUIRE(upload(*killed, urgent) == 200);
    REQUIRE(receiver.wait_for_held(1, 30s));  // the hub is mid-delivery now
    killed->child().signal(SIGKILL);
    REQUIRE(killed->child().wait() == 128 + SIGKILL);
    receiver.release();  // the receiver takes it; the dead hub never hears so
    previous = std::move(killed);
  }
  const auto restarted = start();
  HubProcess& hub = *restarted;
  INFO(hub.log());
  REQUIRE(receiver.wait_for_accepted(rounds * per_round, 60s));
  REQUIRE(eventually(
      [&] {
        const auto rows = outbox_rows(hub.db());
        return std::all_of(rows.begin(), rows.end(), [](const OutboxRow& r) { return r.state == "sent"; });
      },
      20s));

  const auto accepted = receiver.accepted();
  CHECK(accepted.size() == rounds * per_round);
  int repeats = 0;
  for (const auto& [key, n] : accepted) repeats += n - 1;
  CHECK(repeats <= rounds);  // at most the one in flight at each kill
  std::map<std::string, std::string> body_of;
  for (const auto& r : receiver.received()) {
    CHECK(r.signature_ok);
    const auto [it, fresh] = body_of.emplace(r.key, r.body);
    CHECK(it->second == r.body);  // a repeat is the same message, not a new alert
  }
  const auto rows = outbox_rows(hub.db());
  CHECK(rows.size() == rounds * per_round);
  for (const auto& row : rows) CHECK(accepted.contains(row.id));
}
