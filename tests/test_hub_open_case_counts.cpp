// The overview's open and overdue counts come from per-kiosk counts kept by triggers plus a
// range read of the cases not yet due (SQLite). Whatever happens to the cases (events that
// contact, resolve or purge them, responses deleted by retention), each site's figures must
// equal counting every open case by hand, at any moment, including exactly at the SLA's edge.
#include <catch2/catch.hpp>

#include <map>
#include <utility>

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
constexpr Millis hour = 3'600'000;
constexpr Millis sla = 24 * hour;

using Counts = std::map<std::string, std::pair<std::int64_t, std::int64_t>>;  // site: open, overdue

// Each site's open and overdue cases, the slow way: every case checked against its events.
Counts counted_by_hand(store::Database& db, Millis now) {
  store::Statement s(db, R"sql(
    SELECT k.site_id, count(*), sum(c.created_at + ?1 < ?2) FROM (
      SELECT r.kiosk_id, r.created_at,
        coalesce((SELECT e.status FROM hub_events e WHERE e.response_id = r.id
                  AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged')
                  ORDER BY e.at DESC, e.rowid DESC LIMIT 1), 'new') AS status
      FROM responses r WHERE r.complete = 1 AND (r.urgent = 1 OR (r.kind = 'complaint' AND
            (r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL)))) c
    JOIN hub_kiosks k ON k.id = c.kiosk_id WHERE c.status IN ('new', 'contacted') GROUP BY k.site_id)sql");
  s.bind(1, sla).bind(2, now);
  Counts out;
  while (s.step()) out[s.column_text(0)] = {s.column_int64(1), s.column_int64(2)};
  return out;
}

Counts overview_counts(hub::SqliteHubStorage& storage, Millis now) {
  hub::User admin;
  admin.role = hub::Role::admin;
  Counts out;
  const json overview = storage.overview(admin, now - 7 * 24 * hour, now, now);
  for (const auto& site : overview["sites"]) {
    const std::int64_t open = site.value("open", std::int64_t{0}), overdue = site.value("overdue", std::int64_t{0});
    if (open > 0 || overdue > 0) out[site["id"].get<std::string>()] = {open, overdue};
  }
  return out;
}

class Chain {
 public:
  Chain() : storage_(dir_ / "hub.db") {
    hub::HubConfig config;
    config.sla_hours = 24;
    config.sites = {{"north", "North", "Europe/Madrid", {"k-north-1", "k-north-2"}},
                    {"south", "South", "Europe/Lisbon", {"k-south"}}};
    storage_.apply_config(config);
  }

  // Complaints with contact details (open cases) every 37 minutes over about three days.
  void store_cases(int n) {
    static const std::vector<std::string> kiosks = {"k-north-1", "k-north-2", "k-south"};
    for (int i = 0; i < n; ++i) {
      Response r = sample_complaint(start + i * 37 * 60'000LL);
      r.urgent = i % 3 == 0;
      r.kiosk_id = kiosks[static_cast<std::size_t>(i) % kiosks.size()];
      cases_.push_back(r);
      storage_.store_feedback(r.kiosk_id, {}, {{r.id, r, ""}});
    }
  }

  void event(const Response& r, const std::string& status, bool from_head_office, Millis after = hour) {
    store::FollowupEvent e;
    e.id = make_uuid_v7();
    e.response_id = r.id;
    e.at = r.created_at + after;
    e.status = status;
    e.by = "Ana";
    if (from_head_office) storage_.add_hub_event(e, "");
    else storage_.store_events(r.kiosk_id, {}, {{e.id, e, ""}});
  }

  // Both ways of counting at moments around the cases' due times, exactly at one and after.
  void check_counts_agree() {
    store::Database db(dir_ / "hub.db");
    for (std::size_t i = 0; i < cases_.size(); i += 7) {
      for (const Millis now : {cases_[i].created_at + sla, cases_[i].created_at + sla + 1}) {
        INFO("now = case " << i << "'s due time + " << now - (cases_[i].created_at + sla));
        CHECK(overview_counts(storage_, now) == counted_by_hand(db, now));
      }
    }
  }

  store::Database db() { return store::Database(dir_ / "hub.db"); }
  const std::vector<Response>& cases() const { return cases_; }

 private:
  TempDir dir_;
  hub::SqliteHubStorage storage_;
  std::vector<Response> cases_;
};

}  // namespace

TEST_CASE("The overview's open and overdue counts equal counting every case", "[hub][overview][sqlite]") {
  Chain chain;
  chain.store_cases(120);
  chain.check_counts_agree();
  {
    store::Database db = chain.db();
    const auto all = counted_by_hand(db, start + 1000 * 24 * hour);
    REQUIRE(all.at("north").first == 80);  // not vacuous: every case is open at first
    REQUIRE(all.at("south").first == 40);
  }

  SECTION("after events contact, resolve, mark unreachable and reopen cases") {
    const auto& c = chain.cases();
    for (std::size_t i = 0; i < c.size(); i += 4) chain.event(c[i], "contacted", i % 8 == 0);
    for (std::size_t i = 1; i < c.size(); i += 5) chain.event(c[i], "resolved", i % 2 == 0);
    for (std::size_t i = 2; i < c.size(); i += 9) chain.event(c[i], "unreachable", false);
    chain.event(c[1], "contacted", true, 2 * hour);  // a later "contacted" opens a resolved case again
    chain.check_counts_agree();
    store::Database db = chain.db();
    CHECK(counted_by_hand(db, start + 1000 * 24 * hour).at("north").first < 80);
  }

  SECTION("after a kiosk's retention purge and responses deleted") {
    const auto& c = chain.cases();
    for (std::size_t i = 0; i < c.size(); i += 6) chain.event(c[i], "purged", false);
    chain.check_counts_agree();
    store::Database db = chain.db();
    db.exec("DELETE FROM responses WHERE created_at < " + std::to_string(c[30].created_at));
    chain.check_counts_agree();
    CHECK(counted_by_hand(db, start + 1000 * 24 * hour).at("south").first < 40);
  }
}
