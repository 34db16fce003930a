#pragma once
// FleetStore in PostgreSQL (pg_schema.cpp's step 3), the same answers as SqliteFleetStore:
// any hub process publishes, rolls back and serves the config endpoint from the same rows.
#include "fleet_store.hpp"
#include "pg_connection.hpp"

namespace heard::hub {

class PgFleetStore : public FleetStore {
 public:
  explicit PgFleetStore(const std::string& url);  // the schema is PgHubStorage's: open that first

  Publication publish(const Publication& p) override;
  std::optional<Publication> roll_back(FleetScope scope, const std::string& target, Millis at) override;
  std::vector<Publication> publications(int limit) override;
  std::optional<Publication> wanted_by(const std::string& kiosk) override;
  void note_report(const std::string& kiosk, const SurveyReport& report, Millis at) override;
  nlohmann::json fleet(bool every_site, const std::vector<std::string>& sites) override;

 private:
  PgPool pool_;
};

}  // namespace heard::hub
