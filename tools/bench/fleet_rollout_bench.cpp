// How long a survey published at the hub takes to run on 40 kiosks (issue 17). A real hub
// (HubServer, SQLite, loopback HTTP) and 40 kiosks, each with the kiosk's own sync engine on
// its own thread (heartbeat, then GET .../config with If-None-Match, staged on disk) and the
// kiosk's own code for taking a staged survey at the Welcome screen (platform/
// fleet_surveys.cpp; the screen looks every 2 s, as Kiosk does). The kiosks' phases are
// spread over one heartbeat interval, as a fleet's are.
//
// Baseline, in the same run: the heartbeat interval itself, since no kiosk can hear of a
// publication sooner than its next heartbeat. Target: every kiosk runs it within 1.2
// intervals of the publication (one interval, plus the Welcome screen's look every 2 s).
//   bench_fleet_rollout [KIOSKS] [HEARTBEAT_SECONDS]     (default 40 kiosks, 20 s; kiosks
//   ship with 300 s)
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/survey.hpp"
#include "fleet_surveys.hpp"
#include "hub/fleet_publish.hpp"
#include "hub/hub_server.hpp"
#include "hub/secrets.hpp"
#include "hub/sqlite_fleet_store.hpp"
#include "hub/sqlite_hub_storage.hpp"
#include "store/response_store.hpp"
#include "sync/engine.hpp"

using namespace heard;
using BenchClock = std::chrono::steady_clock;

namespace {

// A survey for the whole chain, published by the bench.
hub::PublishRequest chain_wide(const std::string& survey_text) {
  hub::PublishRequest request;
  request.survey_text = survey_text;
  request.by = "bench";
  return request;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Waits `d` on the real clock, but starts late by `phase` once: kiosks do not boot together.
class PhasedTime : public sync::Timekeeper {
 public:
  PhasedTime(sync::HttpClient& http, std::chrono::milliseconds phase) : real_(http), phase_(phase) {}
  BenchClock::time_point now() override { return real_.now(); }
  void wait(std::chrono::milliseconds d) override { real_.wait(d); }
  void start() { real_.wait(phase_); }

 private:
  sync::RealTime real_;
  std::chrono::milliseconds phase_;
};

struct FleetKiosk {
  std::string id;
  std::filesystem::path db;
  std::string token;
};

}  // namespace

// One benchmark run, read top to bottom: a hub and 40 kiosks, the timed rollout, the figures.
// Long because splitting a script into functions would only hide its order.
int main(int argc, char** argv) {
  const int kiosks = argc > 1 ? std::stoi(argv[1]) : 40;
  const int heartbeat_s = argc > 2 ? std::stoi(argv[2]) : 20;
  const auto interval = std::chrono::milliseconds(heartbeat_s * 1000);
  char pattern[] = "/tmp/heard-bench-fleet-XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(pattern);

  // The hub, with the kiosks two to a site, as the demo chain.
  hub::SqliteHubStorage storage(dir / "hub.db");
  hub::HubConfig config;
  for (int s = 0; s < (kiosks + 1) / 2; ++s)
    config.sites.push_back({"site-" + std::to_string(s),
                            "Site " + std::to_string(s),
                            "Europe/Madrid",
                            {"kiosk-" + std::to_string(2 * s), "kiosk-" + std::to_string(2 * s + 1)}});
  storage.apply_config(config);
  hub::SqliteFleetStore fleet(dir / "hub.db");
  std::vector<FleetKiosk> fleet_kiosks;
  for (int k = 0; k < kiosks; ++k) {
    FleetKiosk fk{"kiosk-" + std::to_string(k), dir / ("kiosk-" + std::to_string(k) + ".db"), hub::random_token()};
    storage.set_kiosk_token(fk.id, "site-" + std::to_string(k / 2), hub::token_digest(fk.token));
    store::ResponseStore{fk.db};  // a kiosk's database, migrated
    fleet_kiosks.push_back(fk);
  }
  // Every simulated kiosk comes from 127.0.0.1: lift the per-address limit a real fleet never meets.
  hub::ServerOptions options;
  options.limits.max_connections_per_ip = 1000;
  hub::HubServer server(storage, options, &fleet);
  const int port = server.bind("127.0.0.1", 0);
  const std::string survey_text = read_text(std::filesystem::path(HEARD_ASSETS_DIR) / "survey.json");
  hub::publish_survey(fleet, chain_wide(survey_text), system_now_ms());

  // The kiosks: a sync engine each, and one "screen" thread taking staged surveys.
  std::atomic<bool> stop{false};
  std::vector<std::thread> engines;
  std::mt19937 random(20261206);
  for (const auto& fk : fleet_kiosks) {
    const auto phase = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, heartbeat_s * 1000 - 1)(random));
    engines.emplace_back([&, fk, phase] {
      sync::SyncConfig sc;
      sc.hub_url = "http://127.0.0.1:" + std::to_string(port);
      sc.kiosk_id = fk.id;
      sc.heartbeat_interval = interval;
      sync::HttpClient http(sync::transport_options(sc, fk.token));
      sync::StatusBoard status;
      PhasedTime time(http, phase);
      time.start();
      sync::SyncEngine engine(sc, fk.db, http, status, stop, &time);
      std::atomic<bool> urgent{false};
      engine.run(urgent);
    });
  }
  config::DeviceConfig device;
  device.assets = HEARD_ASSETS_DIR;
  const SurveyConfig local = load_survey(device.assets / "survey.json");
  std::vector<std::unique_ptr<kiosk::FleetSurveys>> screens;
  for (const auto& fk : fleet_kiosks)
    screens.push_back(
        std::make_unique<kiosk::FleetSurveys>(device, sync::ConfigFolder::beside(fk.db), local,
                                              ui::Translations::load(device.assets / "i18n", local.languages)));

  // Everyone runs hub-1 first, so that the measurement starts from a settled fleet.
  const auto runs = [&](const std::string& version) {
    int n = 0;
    for (auto& screen : screens) {
      if (auto next = screen->take_staged()) screen->applied(std::move(next));
      n += screen->running().version == version;
    }
    return n;
  };
  const auto settling = BenchClock::now();
  while (runs("hub-1") < kiosks) {
    if (BenchClock::now() - settling > 10 * interval) {
      std::fprintf(stderr, "bench_fleet_rollout: the fleet never ran hub-1\n");
      return 2;
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }

  std::string changed = survey_text;
  changed.replace(
      changed.find("\"categories\": ["), 15,
      "\"categories\": [\n    {\"id\": \"parking\", \"label\": {\"en\": \"Parking\", \"es\": \"Aparcamiento\", "
      "\"fr\": \"Parking\", \"de\": \"Parkplatz\"}},");
  const auto published = BenchClock::now();
  hub::publish_survey(fleet, chain_wide(changed), system_now_ms());
  std::vector<double> took;
  std::vector<bool> done(screens.size(), false);
  while (took.size() < screens.size() && BenchClock::now() - published < 10 * interval) {
    for (std::size_t i = 0; i < screens.size(); ++i) {
      if (done[i]) continue;
      if (auto next = screens[i]->take_staged()) screens[i]->applied(std::move(next));
      if (screens[i]->running().version == "hub-2") {
        done[i] = true;
        took.push_back(std::chrono::duration<double>(BenchClock::now() - published).count());
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // the Welcome screen's look
  }
  // And when head office sees it: the heartbeats after.
  const auto all_reported = [&] {
    const auto k = fleet.fleet(true, {});
    return std::all_of(k.begin(), k.end(), [](const auto& x) { return x["running"] == "hub-2"; });
  };
  while (!all_reported() && BenchClock::now() - published < 12 * interval)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const double seen = std::chrono::duration<double>(BenchClock::now() - published).count();
  stop = true;
  server.stop();
  for (auto& t : engines) t.join();
  std::filesystem::remove_all(dir);

  std::sort(took.begin(), took.end());
  const double baseline = heartbeat_s;
  const double last = took.empty() ? 1e9 : took.back();
  std::printf("rollout of a new survey to %d kiosks, heartbeat every %d s:\n", kiosks, heartbeat_s);
  std::printf("  running on %zu of %d kiosks; first after %.1f s, half after %.1f s, all after %.1f s\n", took.size(),
              kiosks, took.empty() ? 0 : took.front(), took.empty() ? 0 : took[took.size() / 2], last);
  std::printf("  head office saw every kiosk report it after %.1f s (their next heartbeat)\n", seen);
  std::printf("  baseline (one heartbeat interval): %.1f s; ratio %.2f (target <= 1.2)\n", baseline, last / baseline);
  return static_cast<int>(took.size()) == kiosks && last / baseline <= 1.2 ? 0 : 1;
}
