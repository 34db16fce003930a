// The inbox and the overview's open and overdue counts read the open cases table
// (hub_open_cases on both backends: this file runs again as "pg: ..."), kept by triggers.
// After every change of a case's status (contacted, resolved, reopened, unreachable, purged,
// an event before its response, events out of order) and after retention, they must equal a
// naive computation made here, one response and one event at a time.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/uuid.hpp"
#include "hub/open_storage.hpp"
#include "hub/pg_hub_storage.hpp"
#include "store/database.hpp"
#include "support/hub_backend.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

constexpr Millis hour = 3'600'000;
constexpr Millis day = 24 * hour;
constexpr Millis jan = 1'767'225'600'000;  // 2026-01-01T00:00Z
constexpr Millis mar = 1'772'323'200'000;  // 2026-03-01T00:00Z
constexpr Millis now = mar + 20 * day;     // the clock the console is asked with
constexpr Millis sla = 24 * hour;

hub::HubConfig two_sites() {
  hub::HubConfig config;
  config.sla_hours = 24;
  config.sites = {{"north", "North", "Europe/Madrid", {"k-north"}}, {"south", "South", "Europe/Lisbon", {"k-south"}}};
  return config;
}

// What the test stored, and the cases that should be open, computed the naive way.
struct Model {
  struct Case {
    std::string kiosk;
    Millis created_at = 0;
    bool urgent = false, is_case = false;
    std::vector<std::pair<Millis, std::string>> events;  // (at, status) in arrival order
  };
  std::map<std::string, Case> cases;  // by response id; events may come before the response

  // The latest status-changing event by `at`, the later arrival on a tie; else "new".
  std::string status(const Case& c) const {
    std::string latest = "new";
    Millis at = 0;
    bool any = false;
    for (const auto& [when, status] : c.events) {
      if (status != "contacted" && status != "resolved" && status != "unreachable" && status != "purged") continue;
      if (!any || when >= at) latest = status, at = when, any = true;
    }
    return latest;
  }
  std::set<std::string> open(const std::string& site = "") const {
    std::set<std::string> out;
    for (const auto& [id, c] : cases) {
      const std::string s = status(c);
      if (c.is_case && (s == "new" || s == "contacted") && (site.empty() || c.kiosk == "k-" + site)) out.insert(id);
    }
    return out;
  }
};

class Chain {
 public:
  explicit Chain(hub::HubStorage& storage) : storage_(storage) {}

  // A response; a case when urgent, or a complaint with contact details.
  std::string respond(const std::string& kiosk, Millis at, int rating, bool contact, bool urgent,
                      const std::string& id = "") {
    Response r = sample_response(rating, at);
    if (!id.empty()) r.id = id;
    r.kiosk_id = kiosk;
    r.urgent = urgent;
    if (contact) r.contact = {"Ana", "+34 600 000 000", "", "phone"};
    storage_.store_feedback(kiosk, {}, {{r.id, r, ""}});
    auto& c = model.cases[r.id];
    c.kiosk = kiosk, c.created_at = at, c.urgent = urgent;
    c.is_case = urgent || (r.kind == Kind::complaint && contact);
    return r.id;
  }

  // An event from the response's kiosk, or from head office (`kiosk` empty).
  void event(const std::string& response_id, const std::string& status, Millis at, const std::string& kiosk = "") {
    store::FollowupEvent e{make_uuid_v7(), response_id, at, status, "Ana", ""};
    if (kiosk.empty()) storage_.add_hub_event(e, "");
    else REQUIRE(storage_.store_events(kiosk, {}, {{e.id, e, ""}}).accepted.size() == 1);
    auto& c = model.cases[response_id];
    c.events.emplace_back(at, status);
    if (status == "purged" && !c.urgent) c.is_case = false;  // its contact details are gone
  }

  Model model;

 private:
  hub::HubStorage& storage_;
};

std::set<std::string> ids_of(const json& inbox) {
  std::set<std::string> out;
  for (const auto& c : inbox) out.insert(c["id"].get<std::string>());
  return out;
}

// The inbox (for head office and for north's manager) and every site's counts against the model.
void check(hub::HubStorage& storage, const Model& model) {
  hub::User admin;
  admin.role = hub::Role::admin;
  const json inbox = storage.cases(admin, now);
  CHECK(ids_of(inbox) == model.open());
  for (std::size_t i = 1; i < inbox.size(); ++i) {  // urgent first, then oldest first
    const json &a = inbox[i - 1], &b = inbox[i];
    CHECK((a["urgent"].get<bool>() > b["urgent"].get<bool>() ||
           (a["urgent"] == b["urgent"] && a["created_at"].get<Millis>() <= b["created_at"].get<Millis>())));
  }
  for (const auto& c : inbox) {
    const auto& want = model.cases.at(c["id"].get<std::string>());
    CHECK(c["status"] == model.status(want));
    CHECK(c["overdue"] == (want.created_at + sla < now));
  }
  hub::User manager;
  manager.role = hub::Role::manager;
  manager.sites = {"north"};
  CHECK(ids_of(storage.cases(manager, now)) == model.open("north"));

  const json overview = storage.overview(admin, jan, now, now);
  REQUIRE(overview["sites"].size() == 2);
  for (const auto& site : overview["sites"]) {
    const std::string name = site["id"];
    std::int64_t open = 0, overdue = 0;
    for (const auto& id : model.open(name)) {
      ++open;
      overdue += model.cases.at(id).created_at + sla < now;
    }
    INFO("site " << name);
    CHECK(site.value("open", std::int64_t{0}) == open);
    CHECK(site.value("overdue", std::int64_t{0}) == overdue);
  }
}

}  // namespace

TEST_CASE("The inbox and the open and overdue counts follow every status change and retention", "[hub][cases][inbox]") {
  TempDir dir;
  std::shared_ptr<TestPgDatabase> pg;
  const auto db = hub_database(dir / "hub.db", pg);
  auto storage = hub::open_hub_storage(db.string());
  storage->apply_config(two_sites());
  Chain chain(*storage);

  // January and March: complaints with contact details, urgent ones, and responses that are no case.
  std::vector<std::string> jan_cases, mar_cases;
  for (int i = 0; i < 6; ++i) {
    const char* kiosk = i % 2 ? "k-north" : "k-south";
    jan_cases.push_back(chain.respond(kiosk, jan + i * 3 * day + i * hour, 1 + i % 2, true, i % 3 == 0));
    mar_cases.push_back(chain.respond(kiosk, mar + i * 3 * day + i * hour, 1 + i % 2, i != 4, i % 3 == 0 || i == 4));
    chain.respond(kiosk, jan + i * day + 5 * hour, 5, false, false);  // a compliment
    chain.respond(kiosk, mar + i * day + 7 * hour, 1, false, false);  // a complaint no one can follow up
  }
  const std::string recent = chain.respond("k-north", now - 2 * hour, 1, true, false);  // not yet overdue
  check(*storage, chain.model);
  REQUIRE(chain.model.open().size() == 13);  // not vacuous: every case open, and only they

  // Contacted stays open; resolved and unreachable close; a later "contacted" reopens.
  chain.event(mar_cases[0], "contacted", mar + 10 * day, "k-south");
  chain.event(mar_cases[1], "resolved", mar + 10 * day);
  chain.event(jan_cases[2], "unreachable", jan + 30 * day, "k-south");
  chain.event(recent, "assigned", now - hour);  // no status change
  check(*storage, chain.model);
  chain.event(mar_cases[1], "contacted", mar + 11 * day, "k-north");  // reopened
  chain.event(mar_cases[0], "resolved", mar + 9 * day);               // older than its "contacted": stays open
  chain.event(mar_cases[3], "resolved", mar + 12 * day, "k-north");
  chain.event(mar_cases[3], "contacted", mar + 12 * day);  // same instant, later arrival: reopened
  chain.event(jan_cases[1], "purged", jan + 40 * day, "k-north");
  check(*storage, chain.model);
  CHECK(chain.model.open().count(mar_cases[1]) == 1);
  CHECK(chain.model.open().count(mar_cases[3]) == 1);
  CHECK(chain.model.open().count(mar_cases[2]) == 1);

  // Head office resolves a case whose response has not arrived yet; then it arrives, closed.
  const std::string early = make_uuid_v7();
  chain.event(early, "resolved", mar + 15 * day);
  chain.respond("k-south", mar + 14 * day, 1, true, true, early);
  check(*storage, chain.model);
  CHECK(chain.model.open().count(early) == 0);

  // Retention removes January and February, whole, and their cases with them.
  if (is_pg(db)) {
    CHECK(dynamic_cast<hub::PgHubStorage&>(*storage).drop_responses_before(mar) == 1);  // January: February had none
  } else {
    store::Database raw(db);
    store::Statement s(raw, "DELETE FROM responses WHERE created_at < ?");
    s.bind(1, mar).run();
  }
  std::erase_if(chain.model.cases, [](const auto& c) { return c.second.created_at < mar; });
  check(*storage, chain.model);
  CHECK(chain.model.open().size() == 7);
}
