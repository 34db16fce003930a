// heard-hub demo --dir DIR: a chain to look at and test against. 20 sites with two kiosks
// each, 90 days of responses from heardctl's synthetic generator (some sites better than
// others, one with only a handful of responses, so the ranking's shrinkage shows), old cases
// resolved at the kiosks, two kiosks that never sent a heartbeat, one stuck, and three
// people with new random passwords, printed once as "user: NAME  password: PW".
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "core/time.hpp"
#include "core/uuid.hpp"
#include "hub/secrets.hpp"
#include "hub/sqlite_hub_storage.hpp"
#include "synthetic.hpp"

namespace heard::hub {

namespace {

struct DemoSite {
  const char* name;
  const char* time_zone;
};

constexpr DemoSite demo_sites[20] = {
    {"Madrid Centro", "Europe/Madrid"},       {"Barcelona Gràcia", "Europe/Madrid"},
    {"Valencia Ruzafa", "Europe/Madrid"},     {"Sevilla Triana", "Europe/Madrid"},
    {"Bilbao Abando", "Europe/Madrid"},       {"Lisboa Baixa", "Europe/Lisbon"},
    {"Porto Ribeira", "Europe/Lisbon"},       {"Paris Marais", "Europe/Paris"},
    {"Lyon Part-Dieu", "Europe/Paris"},       {"Marseille Vieux-Port", "Europe/Paris"},
    {"Toulouse Capitole", "Europe/Paris"},    {"Berlin Mitte", "Europe/Berlin"},
    {"Hamburg Altona", "Europe/Berlin"},      {"München Schwabing", "Europe/Berlin"},
    {"Köln Ehrenfeld", "Europe/Berlin"},      {"Frankfurt Sachsenhausen", "Europe/Berlin"},
    {"Wien Neubau", "Europe/Vienna"},         {"Zürich West", "Europe/Zurich"},
    {"Bruxelles Ixelles", "Europe/Brussels"}, {"Genève Plainpalais", "Europe/Zurich"},
};

std::string site_id(int i) {
  char id[16];
  std::snprintf(id, sizeof id, "site-%02d", i + 1);
  return id;
}

std::string write_config(const std::filesystem::path& dir) {
  std::ofstream out(dir / "hub.toml");
  out << "# The demo chain of `heard-hub demo`.\n[hub]\nsla_hours = 24\noffline_after_min = 30\n";
  for (int i = 0; i < 20; ++i)
    out << "\n[[sites]]\nid = \"" << site_id(i) << "\"\nname = \"" << demo_sites[i].name << "\"\ntime_zone = \""
        << demo_sites[i].time_zone << "\"\nkiosks = [\"" << site_id(i) << "-door\", \"" << site_id(i) << "-till\"]\n";
  return (dir / "hub.toml").string();
}

// Keeps a site's character: good sites lose some complaints, poor ones some compliments.
bool keep(const Response& r, int site, std::uint64_t n) {
  const int quality = (site * 7) % 10;  // 0..9, fixed per site
  const bool drop = (n * 2654435761u) % 10 < static_cast<std::uint64_t>(quality < 5 ? 5 - quality : quality - 4);
  if (quality >= 5) return !(drop && r.rating <= 2);
  return !(drop && r.rating >= 4);
}

void seed_kiosk(SqliteHubStorage& storage, const SurveyConfig& survey, int site, const std::string& kiosk, int count,
                Millis now) {
  ctl::SyntheticPlan plan;
  plan.seed = static_cast<std::uint64_t>(kiosk.size() * 1000 + site * 10 + (kiosk.ends_with("till") ? 1 : 0));
  plan.count = count;
  plan.kiosk_id = kiosk;
  plan.until = now;
  plan.from = now - 90 * 86'400'000LL;
  plan.app_version = "1.0.0";
  ctl::SyntheticResponses source(survey, plan);
  std::vector<FeedbackEntry> batch;
  std::vector<EventEntry> events;
  for (std::uint64_t n = 0; !source.done(); ++n) {
    Response r = source.next();
    if (!keep(r, site, n)) continue;
    // A few presses the kiosk thought doubtful, so the console shows flags and sets them aside.
    if (n % 97 == 5) r.flags = {"burst"};
    else if (n % 131 == 7) r.flags = {"staff_present"};
    // Cases older than three days were handled at the kiosk, half of the last days' too.
    const Millis age = now - r.created_at;
    const bool is_case = r.urgent || (r.kind == Kind::complaint && !r.contact.empty());
    if (is_case && (age > 3 * 86'400'000LL || (age > 86'400'000LL && n % 2 == 0)))
      events.push_back({"",
                        store::FollowupEvent{make_uuid_v7(), r.id, r.created_at + 3'600'000,
                                             n % 5 ? "resolved" : "unreachable", "kiosk staff", ""},
                        ""});
    batch.push_back({r.id, std::move(r), ""});
  }
  for (auto& e : events) e.id = e.event->id;
  storage.store_feedback(kiosk, {}, batch);
  storage.store_events(kiosk, {}, events);
}

}  // namespace

int run_demo(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir / "hub.db");
  std::filesystem::remove(dir / "hub.db-wal");
  std::filesystem::remove(dir / "hub.db-shm");
  const auto config_file = write_config(dir);
  SqliteHubStorage storage(dir / "hub.db");
  storage.apply_config(load_hub_config(config_file));
  const SurveyConfig survey = load_survey(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  const Millis now = system_now_ms();
  std::ofstream tokens(dir / "kiosk-tokens.txt");
  ::chmod((dir / "kiosk-tokens.txt").c_str(), 0600);
  for (int s = 0; s < 20; ++s) {
    for (const char* where : {"-door", "-till"}) {
      const std::string kiosk = site_id(s) + where;
      const std::string token = random_token();
      storage.set_kiosk_token(kiosk, site_id(s), token_digest(token));
      tokens << kiosk << " " << token << "\n";
      // Site 20 opened last week: a handful of responses, all happy.
      seed_kiosk(storage, survey, s, kiosk, s == 19 ? 3 : 150 + (s * 37) % 200, now);
      // Two kiosks have gone quiet; one cannot get its last five hours through.
      if (kiosk == "site-05-till")
        storage.store_heartbeat({kiosk, now, "1.0.0", 37, now - 5 * 3'600'000LL, "HTTP 503"});
      else if (kiosk != "site-07-till" && kiosk != "site-13-door")
        storage.store_heartbeat({kiosk, now, "1.0.0", 0, std::nullopt, ""});
    }
  }
  struct Person {
    const char* name;
    Role role;
    std::vector<std::string> sites;
  };
  const Person people[] = {
      {"ana", Role::admin, {}}, {"maria", Role::manager, {"site-01", "site-02"}}, {"victor", Role::viewer, {}}};
  for (const auto& p : people) {
    const std::string password = random_token().substr(0, 16);
    storage.add_user(User{0, p.name, p.role, false, hash_password(password), p.sites});
    std::printf("user: %s  password: %s  (%s%s)\n", p.name, password.c_str(), to_string(p.role),
                p.sites.empty() ? ", every site" : ", sites site-01 and site-02");
  }
  std::printf("config: %s\ndatabase: %s\n", config_file.c_str(), (dir / "hub.db").c_str());
  return 0;
}

}  // namespace heard::hub
