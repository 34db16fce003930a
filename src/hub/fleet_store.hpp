#pragma once
// Where the hub keeps published surveys (issue 17) and what each kiosk says it runs. Its own
// narrow interface, apart from HubStorage: SQLite implements it on the hub's database
// (sqlite_fleet_store.hpp); another backend implements the same few calls.
//
// A publication is for the whole chain, one site or one kiosk (a canary). A kiosk is served
// the newest publication that is not rolled back among those for the chain, its site and
// itself. Publications are never deleted; rolling back marks the newest of a scope.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace heard::hub {

enum class FleetScope { chain, site, kiosk };
const char* to_string(FleetScope scope);
std::optional<FleetScope> fleet_scope_from_string(std::string_view text);

struct Publication {
  std::int64_t id = 0;
  FleetScope scope = FleetScope::chain;
  std::string target;        // the site or kiosk id; empty for the chain
  std::string survey;        // survey.json as published
  std::string translations;  // overrides as JSON text ("{}" when none)
  std::string logo_png;      // the logo file's bytes (a checked PNG); empty when none
  Millis published_at = 0;
  std::string published_by;
  std::optional<Millis> rolled_back_at;

  std::string version() const { return "hub-" + std::to_string(id); }
};

// What a kiosk reports in its heartbeat (PROTOCOL 1.1).
struct SurveyReport {
  std::string survey_version;
  std::string config_error;
};

class FleetStore {
 public:
  virtual ~FleetStore() = default;
  // Keeps `p` (id and rolled_back_at ignored) and returns it with its id. Throws
  // std::invalid_argument for a site or kiosk the hub does not know.
  virtual Publication publish(const Publication& p) = 0;
  // Rolls back the newest live publication of the scope and returns it; nothing when the
  // scope has none. Throws std::invalid_argument when that would leave a kiosk it serves with
  // nothing to run (a chain's only publication).
  virtual std::optional<Publication> roll_back(FleetScope scope, const std::string& target, Millis at) = 0;
  virtual std::vector<Publication> publications(int limit) = 0;  // newest first
  // The publication `kiosk` should run, if any.
  virtual std::optional<Publication> wanted_by(const std::string& kiosk) = 0;
  virtual void note_report(const std::string& kiosk, const SurveyReport& report, Millis at) = 0;
  // Per kiosk of the given sites (all when `every_site`): site, wanted and running version,
  // the failure its latest heartbeat reports (`error`, at `reported_at`), and the last failure
  // it ever reported (`last_failure`, first reported at `failed_at`), kept after it recovers.
  virtual nlohmann::json fleet(bool every_site, const std::vector<std::string>& sites) = 0;
};

}  // namespace heard::hub
