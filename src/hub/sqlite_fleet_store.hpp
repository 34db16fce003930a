#pragma once
// FleetStore on the hub's SQLite file, through a connection of its own (WAL lets it work
// beside SqliteHubStorage's). The tables come from the hub's migrations (hub_schema.cpp),
// so open the file with SqliteHubStorage first.
#include <filesystem>
#include <memory>
#include <mutex>

#include "fleet_store.hpp"
#include "store/database.hpp"

namespace heard::hub {

class SqliteFleetStore : public FleetStore {
 public:
  explicit SqliteFleetStore(const std::filesystem::path& file);

  Publication publish(const Publication& p) override;
  std::optional<Publication> roll_back(FleetScope scope, const std::string& target, Millis at) override;
  std::vector<Publication> publications(int limit) override;
  std::optional<Publication> wanted_by(const std::string& kiosk) override;
  void note_report(const std::string& kiosk, const SurveyReport& report, Millis at) override;
  nlohmann::json fleet(bool every_site, const std::vector<std::string>& sites) override;

 private:
  std::optional<Publication> newest_live(FleetScope scope, const std::string& target);
  std::int64_t count_live(FleetScope scope, const std::string& target);

  // Shared with SqliteHubStorage's connection to the same file (sqlite_file_lock.hpp).
  std::shared_ptr<std::mutex> file_lock_;
  std::mutex& mutex_;
  store::Database db_;
};

}  // namespace heard::hub
