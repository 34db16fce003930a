// hub_open_cases is kept by triggers so the inbox and the overview read only open cases.
// Whatever order responses and follow-up events arrive in (events before their response,
// from the kiosk or from head office, out of order, repeated, purges), it must hold exactly
// the cases the slow query finds by checking every response against its events.
#include <catch2/catch.hpp>

#include <random>

#include <nlohmann/json.hpp>

#include "core/uuid.hpp"
#include "hub/sqlite_hub_storage.hpp"
#include "store/database.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

constexpr Millis start = 1795476600000;  // 2026-11-23 23:30 UTC

hub::HubConfig two_sites() {
  hub::HubConfig config;
  config.sites = {{"north", "North", "Europe/Madrid", {"k-north"}}, {"south", "South", "Europe/Lisbon", {"k-south"}}};
  return config;
}

std::vector<std::string> rows_of(store::Database& db, const std::string& sql) {
  store::Statement s(db, sql);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.column_text(0));
  return out;
}

// Both as "id kiosk urgent created_at status", sorted by id.
std::vector<std::string> open_cases_table(store::Database& db) {
  return rows_of(db,
                 "SELECT id || ' ' || kiosk_id || ' ' || urgent || ' ' || created_at || ' ' || status "
                 "FROM hub_open_cases ORDER BY id");
}

std::vector<std::string> open_cases_the_slow_way(store::Database& db) {
  return rows_of(db, R"sql(
    SELECT id || ' ' || kiosk_id || ' ' || urgent || ' ' || created_at || ' ' || status FROM (
      SELECT r.id, r.kiosk_id, r.urgent, r.created_at,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new') AS status
      FROM responses r WHERE r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL))))
    WHERE status IN ('new', 'contacted') ORDER BY id)sql");
}

// A random mix of responses and events, checked against the slow query after every step.
class Mix {
 public:
  Mix(hub::SqliteHubStorage& storage, unsigned seed) : storage_(storage), random_(seed) {}

  void step() {
    const int what = pick(0, 9);
    if (what < 3 || ids_.empty()) return store_response(pick(0, 1) ? "k-north" : "k-south");
    if (what == 3) {  // an event before (or without) its response
      pending_.push_back(make_uuid_v7());
      return store_event(pending_.back(), "k-north");
    }
    const auto& [id, kiosk] = ids_[static_cast<std::size_t>(pick(0, static_cast<int>(ids_.size()) - 1))];
    store_event(id, pick(0, 2) ? kiosk : "@hub");
  }

  int responses() const { return static_cast<int>(ids_.size()); }

 private:
  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }

  void store_response(const std::string& kiosk) {
    Response r = pick(0, 1) ? sample_complaint(start + pick(0, 1000) * 60'000LL)
                            : sample_response(pick(1, 5), start + pick(0, 1000) * 60'000LL);
    r.kiosk_id = kiosk;
    r.urgent = pick(0, 3) == 0;
    if (pick(0, 2) == 0) r.contact = {};
    if (pick(0, 4) == 0 && !pending_.empty()) {  // the response an early event was about
      r.id = pending_.back();
      pending_.pop_back();
    }
    ids_.emplace_back(r.id, kiosk);
    storage_.store_feedback(kiosk, {}, {{r.id, r, ""}});
  }

  void store_event(const std::string& response_id, const std::string& source) {
    static const std::vector<std::string> statuses = {"contacted", "resolved", "unreachable", "purged", "assigned"};
    store::FollowupEvent e;
    const bool resent = source != "@hub" && pick(0, 9) == 0 && !event_ids_.empty();  // a kiosk's retry
    e.id = resent ? event_ids_.back() : make_uuid_v7();
    e.response_id = response_id;
    e.at = start + pick(0, 20) * 3'600'000LL;  // ties on `at` too: then the later arrival wins
    e.status = statuses[static_cast<std::size_t>(pick(0, 4))];
    e.by = "Ana";
    event_ids_.push_back(e.id);
    if (source == "@hub") {
      storage_.add_hub_event(e, e.status == "assigned" ? "Luis" : "");
    } else {
      storage_.store_events(source, {}, {{e.id, e, ""}});
    }
  }

  hub::SqliteHubStorage& storage_;
  std::mt19937 random_;
  std::vector<std::pair<std::string, std::string>> ids_;  // responses stored: id, kiosk
  std::vector<std::string> pending_;                      // ids events named, maybe not stored yet
  std::vector<std::string> event_ids_;
};

}  // namespace

TEST_CASE("The open cases table always agrees with checking every case's events", "[hub][cases]") {
  for (unsigned seed : {1u, 2u, 3u}) {
    TempDir dir;
    hub::SqliteHubStorage storage(dir / "hub.db");
    storage.apply_config(two_sites());
    store::Database db(dir / "hub.db");
    Mix mix(storage, seed);
    for (int i = 0; i < 400; ++i) {
      mix.step();
      const auto slow = open_cases_the_slow_way(db);
      INFO("seed " << seed << ", step " << i);
      REQUIRE(open_cases_table(db) == slow);
    }
    // Not vacuous: some cases stayed open and some were closed.
    CHECK(!open_cases_table(db).empty());
    CHECK(db.query_int("SELECT count(*) FROM hub_events WHERE status IN ('resolved', 'unreachable')") > 0);
    CHECK(mix.responses() > 50);
  }
}

TEST_CASE("The overview and the inbox count the open cases the slow query finds", "[hub][cases]") {
  TempDir dir;
  hub::SqliteHubStorage storage(dir / "hub.db");
  storage.apply_config(two_sites());
  store::Database db(dir / "hub.db");
  Mix mix(storage, 7);
  for (int i = 0; i < 300; ++i) mix.step();
  hub::User admin;
  admin.role = hub::Role::admin;
  const auto slow = open_cases_the_slow_way(db);
  REQUIRE(!slow.empty());
  const json inbox = storage.cases(admin, start);
  CHECK(inbox.size() == slow.size());
  for (const auto& c : inbox) CHECK((c["status"] == "new" || c["status"] == "contacted"));
  const json overview = storage.overview(admin, start, start + 86'400'000LL, start + 1000LL * 86'400'000);
  std::int64_t open = 0, overdue = 0;
  for (const auto& site : overview["sites"]) {
    open += site.value("open", std::int64_t{0});
    overdue += site.value("overdue", std::int64_t{0});
  }
  CHECK(open == static_cast<std::int64_t>(slow.size()));
  CHECK(overdue == open);  // a thousand days later every open case is past its SLA
}
