#include "sqlite_fleet_store.hpp"

#include <stdexcept>

#include "core/logo.hpp"
#include "sqlite_file_lock.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr const char* publication_columns =
    "id, scope, target, survey, translations, published_at, published_by, rolled_back_at, logo_png";

Publication read_publication(store::Statement& s) {
  Publication p;
  p.id = s.column_int64(0);
  p.scope = fleet_scope_from_string(s.column_view(1)).value_or(FleetScope::chain);
  p.target = s.column_text(2);
  p.survey = s.column_text(3);
  p.translations = s.column_text(4);
  p.published_at = s.column_int64(5);
  p.published_by = s.column_text(6);
  if (!s.is_null(7)) p.rolled_back_at = s.column_int64(7);
  // Kept in base64, as it is served; a hand-edited row that is not reads as no logo.
  p.logo_png = base64_decode(s.column_view(8), max_logo_bytes).value_or("");
  return p;
}

}  // namespace

const char* to_string(FleetScope scope) {
  switch (scope) {
    case FleetScope::chain:
      return "chain";
    case FleetScope::site:
      return "site";
    case FleetScope::kiosk:
      return "kiosk";
  }
  return "chain";
}

std::optional<FleetScope> fleet_scope_from_string(std::string_view text) {
  if (text == "chain") return FleetScope::chain;
  if (text == "site") return FleetScope::site;
  if (text == "kiosk") return FleetScope::kiosk;
  return std::nullopt;
}

SqliteFleetStore::SqliteFleetStore(const std::filesystem::path& file)
    : file_lock_(sqlite_file_lock(file)), mutex_(*file_lock_), db_(file, store::Database::Mode::read_write) {
  db_.exec("PRAGMA busy_timeout = 5000");
  db_.exec("PRAGMA temp_store = MEMORY");  // as SqliteHubStorage's: statement journals stay in memory
}

Publication SqliteFleetStore::publish(const Publication& given) {
  std::lock_guard lock(mutex_);
  const char* known = given.scope == FleetScope::site    ? "SELECT count(*) FROM hub_sites WHERE id = ?"
                      : given.scope == FleetScope::kiosk ? "SELECT count(*) FROM hub_kiosks WHERE id = ?"
                                                         : nullptr;
  if (known) {
    store::Statement s(db_, known);
    s.bind(1, given.target).step();
    if (s.column_int64(0) == 0)
      throw std::invalid_argument(std::string("no ") + to_string(given.scope) + " '" + given.target + "' at this hub");
  }
  store::Statement s(db_,
                     "INSERT INTO hub_publications (scope, target, survey, translations, published_at, published_by, "
                     "logo_png) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, to_string(given.scope)).bind(2, given.target).bind(3, given.survey).bind(4, given.translations);
  s.bind(5, given.published_at).bind(6, given.published_by).bind(7, base64_encode(given.logo_png)).run();
  Publication p = given;
  p.id = db_.last_insert_rowid();
  p.rolled_back_at.reset();
  return p;
}

std::optional<Publication> SqliteFleetStore::newest_live(FleetScope scope, const std::string& target) {
  store::Statement s(db_, std::string("SELECT ") + publication_columns +
                              " FROM hub_publications WHERE scope = ? AND target = ? AND rolled_back_at IS NULL"
                              " ORDER BY id DESC LIMIT 1");
  s.bind(1, to_string(scope)).bind(2, target);
  if (!s.step()) return std::nullopt;
  return read_publication(s);
}

std::int64_t SqliteFleetStore::count_live(FleetScope scope, const std::string& target) {
  store::Statement s(db_,
                     "SELECT count(*) FROM hub_publications WHERE scope = ? AND target = ? "
                     "AND rolled_back_at IS NULL");
  s.bind(1, to_string(scope)).bind(2, target).step();
  return s.column_int64(0);
}

std::optional<Publication> SqliteFleetStore::roll_back(FleetScope scope, const std::string& target, Millis at) {
  std::lock_guard lock(mutex_);
  store::Transaction tx(db_);
  auto newest = newest_live(scope, target);
  if (!newest) return std::nullopt;
  // Kiosks keep running what they were given when the hub has nothing for them, so rolling
  // back the chain's last publication would change nothing on them while saying it did.
  if (scope == FleetScope::chain && count_live(scope, target) == 1)
    throw std::invalid_argument(newest->version() +
                                " is the chain's only publication: nothing earlier to go back to; "
                                "publish the survey you want instead");
  store::Statement s(db_, "UPDATE hub_publications SET rolled_back_at = ? WHERE id = ?");
  s.bind(1, at).bind(2, newest->id).run();
  tx.commit();
  newest->rolled_back_at = at;
  return newest;
}

std::vector<Publication> SqliteFleetStore::publications(int limit) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     std::string("SELECT ") + publication_columns + " FROM hub_publications ORDER BY id DESC LIMIT ?");
  s.bind(1, limit);
  std::vector<Publication> out;
  while (s.step()) out.push_back(read_publication(s));
  return out;
}

std::optional<Publication> SqliteFleetStore::wanted_by(const std::string& kiosk) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, std::string("SELECT ") + publication_columns + R"sql(
    FROM hub_publications WHERE rolled_back_at IS NULL AND (scope = 'chain'
      OR (scope = 'kiosk' AND target = ?1)
      OR (scope = 'site' AND target = (SELECT site_id FROM hub_kiosks WHERE id = ?1)))
    ORDER BY id DESC LIMIT 1)sql");
  s.bind(1, kiosk);
  if (!s.step()) return std::nullopt;
  return read_publication(s);
}

void SqliteFleetStore::note_report(const std::string& kiosk, const SurveyReport& report, Millis at) {
  std::lock_guard lock(mutex_);
  // A kiosk repeats its failure in every heartbeat until it runs something else: the failure's
  // time is the first beat that said it, and it is kept (as the last failure) once it is gone.
  store::Statement s(db_, R"sql(
    INSERT INTO hub_kiosk_surveys (kiosk_id, survey_version, config_error, reported_at, last_failure, failed_at)
    VALUES (?1, ?2, ?3, ?4, ?3, CASE WHEN ?3 IS NULL THEN NULL ELSE ?4 END)
    ON CONFLICT (kiosk_id) DO UPDATE SET survey_version = excluded.survey_version,
      config_error = excluded.config_error, reported_at = excluded.reported_at,
      failed_at = CASE WHEN excluded.config_error IS NULL THEN failed_at
                       WHEN last_failure IS excluded.config_error THEN failed_at ELSE excluded.reported_at END,
      last_failure = coalesce(excluded.config_error, last_failure))sql");
  s.bind(1, kiosk).bind_text_or_null(2, report.survey_version).bind_text_or_null(3, report.config_error);
  s.bind(4, at).run();
}

json SqliteFleetStore::fleet(bool every_site, const std::vector<std::string>& sites) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_, R"sql(
    SELECT k.id, k.site_id, (SELECT 'hub-' || p.id FROM hub_publications p WHERE p.rolled_back_at IS NULL
        AND (p.scope = 'chain' OR (p.scope = 'kiosk' AND p.target = k.id)
             OR (p.scope = 'site' AND p.target = k.site_id)) ORDER BY p.id DESC LIMIT 1),
      r.survey_version, r.config_error, r.reported_at, r.last_failure, r.failed_at
    FROM hub_kiosks k LEFT JOIN hub_kiosk_surveys r ON r.kiosk_id = k.id
    WHERE k.revoked_at IS NULL AND (?1 OR k.site_id IN (SELECT value FROM json_each(?2)))
    ORDER BY k.site_id, k.id)sql");
  s.bind(1, every_site ? 1 : 0).bind(2, json(sites).dump());
  json kiosks = json::array();
  const auto text_or_null = [&](int c) { return s.is_null(c) ? json(nullptr) : json(s.column_text(c)); };
  while (s.step()) {
    kiosks.push_back({{"id", s.column_text(0)},
                      {"site", text_or_null(1)},
                      {"wanted", text_or_null(2)},
                      {"running", text_or_null(3)},
                      {"error", text_or_null(4)},
                      {"reported_at", s.is_null(5) ? json(nullptr) : json(s.column_int64(5))},
                      {"last_failure", text_or_null(6)},
                      {"failed_at", s.is_null(7) ? json(nullptr) : json(s.column_int64(7))}});
  }
  return kiosks;
}

}  // namespace heard::hub
