#include "pg_fleet_store.hpp"

#include <stdexcept>

#include "core/logo.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

constexpr const char* publication_columns =
    "id, scope, target, survey, translations, published_at, published_by, rolled_back_at, logo_png";

Publication read_publication(const PgResult& r, int row) {
  Publication p;
  p.id = r.int64(row, 0);
  p.scope = fleet_scope_from_string(r.view(row, 1)).value_or(FleetScope::chain);
  p.target = r.text(row, 2);
  p.survey = r.text(row, 3);
  p.translations = r.text(row, 4);
  p.published_at = r.int64(row, 5);
  p.published_by = r.text(row, 6);
  if (!r.is_null(row, 7)) p.rolled_back_at = r.int64(row, 7);
  p.logo_png = base64_decode(r.view(row, 8), max_logo_bytes).value_or("");  // as SqliteFleetStore
  return p;
}

std::optional<Publication> first(const PgResult& r) {
  if (r.empty()) return std::nullopt;
  return read_publication(r, 0);
}

}  // namespace

PgFleetStore::PgFleetStore(const std::string& url) : pool_(url, 2) {}

Publication PgFleetStore::publish(const Publication& given) {
  auto c = pool_.lease();
  const char* known = given.scope == FleetScope::site    ? "SELECT 1 FROM hub_sites WHERE id = $1"
                      : given.scope == FleetScope::kiosk ? "SELECT 1 FROM hub_kiosks WHERE id = $1"
                                                         : nullptr;
  if (known && c->query(known, PgParams().add(given.target)).empty())
    throw std::invalid_argument(std::string("no ") + to_string(given.scope) + " '" + given.target + "' at this hub");
  const auto r = c->query(
      "INSERT INTO hub_publications (scope, target, survey, translations, published_at, published_by, logo_png) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      PgParams()
          .add(to_string(given.scope))
          .add(given.target)
          .add(given.survey)
          .add(given.translations)
          .add(given.published_at)
          .add(given.published_by)
          .add(base64_encode(given.logo_png)));
  Publication p = given;
  p.id = r.int64(0, 0);
  p.rolled_back_at.reset();
  return p;
}

std::optional<Publication> PgFleetStore::roll_back(FleetScope scope, const std::string& target, Millis at) {
  return in_transaction(pool_, [&](PgConnection& c) -> std::optional<Publication> {
    // Locks the scope's live publications: two rollbacks at once go back two steps, one each,
    // and never leave the chain with none.
    const auto live = c.query(std::string("SELECT ") + publication_columns +
                                  " FROM hub_publications WHERE scope = $1 AND target = $2 "
                                  "AND rolled_back_at IS NULL ORDER BY id DESC FOR UPDATE",
                              PgParams().add(to_string(scope)).add(target));
    auto newest = first(live);
    if (!newest) return std::nullopt;
    // As SqliteFleetStore: rolling back the chain's only publication would change nothing.
    if (scope == FleetScope::chain && live.rows() == 1)
      throw std::invalid_argument(newest->version() +
                                  " is the chain's only publication: nothing earlier to go back to; "
                                  "publish the survey you want instead");
    c.query("UPDATE hub_publications SET rolled_back_at = $1 WHERE id = $2", PgParams().add(at).add(newest->id));
    newest->rolled_back_at = at;
    return newest;
  });
}

std::vector<Publication> PgFleetStore::publications(int limit) {
  auto c = pool_.lease();
  const auto r =
      c->query(std::string("SELECT ") + publication_columns + " FROM hub_publications ORDER BY id DESC LIMIT $1",
               PgParams().add(limit));
  std::vector<Publication> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_publication(r, i));
  return out;
}

std::optional<Publication> PgFleetStore::wanted_by(const std::string& kiosk) {
  auto c = pool_.lease();
  return first(c->query(std::string("SELECT ") + publication_columns + R"sql(
    FROM hub_publications WHERE rolled_back_at IS NULL AND (scope = 'chain'
      OR (scope = 'kiosk' AND target = $1)
      OR (scope = 'site' AND target = (SELECT site_id FROM hub_kiosks WHERE id = $1)))
    ORDER BY id DESC LIMIT 1)sql",
                        PgParams().add(kiosk)));
}

void PgFleetStore::note_report(const std::string& kiosk, const SurveyReport& report, Millis at) {
  auto c = pool_.lease();
  // As SqliteFleetStore::note_report: the failure's time is the first beat that said it, and
  // it is kept (as the last failure) once it is gone.
  c->query(R"sql(
    INSERT INTO hub_kiosk_surveys AS k (kiosk_id, survey_version, config_error, reported_at, last_failure, failed_at)
    VALUES ($1, $2, $3, $4, $3, CASE WHEN $3::text IS NULL THEN NULL ELSE $4::bigint END)
    ON CONFLICT (kiosk_id) DO UPDATE SET survey_version = excluded.survey_version,
      config_error = excluded.config_error, reported_at = excluded.reported_at,
      failed_at = CASE WHEN excluded.config_error IS NULL THEN k.failed_at
                       WHEN k.last_failure IS NOT DISTINCT FROM excluded.config_error THEN k.failed_at
                       ELSE excluded.reported_at END,
      last_failure = coalesce(excluded.config_error, k.last_failure))sql",
           PgParams().add(kiosk).add_or_null(report.survey_version).add_or_null(report.config_error).add(at));
}

json PgFleetStore::fleet(bool every_site, const std::vector<std::string>& sites) {
  auto c = pool_.lease();
  const auto r = c->query(R"sql(
    SELECT k.id, k.site_id, (SELECT 'hub-' || p.id FROM hub_publications p WHERE p.rolled_back_at IS NULL
        AND (p.scope = 'chain' OR (p.scope = 'kiosk' AND p.target = k.id)
             OR (p.scope = 'site' AND p.target = k.site_id)) ORDER BY p.id DESC LIMIT 1),
      r.survey_version, r.config_error, r.reported_at, r.last_failure, r.failed_at
    FROM hub_kiosks k LEFT JOIN hub_kiosk_surveys r ON r.kiosk_id = k.id
    WHERE k.revoked_at IS NULL AND ($1 OR k.site_id IN (SELECT jsonb_array_elements_text($2::jsonb)))
    ORDER BY k.site_id COLLATE "C" NULLS FIRST, k.id COLLATE "C")sql",  // SQLite's order
                          PgParams().add(every_site).add(json(sites).dump()));
  json kiosks = json::array();
  const auto text_or_null = [&](int i, int col) { return r.is_null(i, col) ? json(nullptr) : json(r.text(i, col)); };
  for (int i = 0; i < r.rows(); ++i)
    kiosks.push_back({{"id", r.text(i, 0)},
                      {"site", text_or_null(i, 1)},
                      {"wanted", text_or_null(i, 2)},
                      {"running", text_or_null(i, 3)},
                      {"error", text_or_null(i, 4)},
                      {"reported_at", r.is_null(i, 5) ? json(nullptr) : json(r.int64(i, 5))},
                      {"last_failure", text_or_null(i, 6)},
                      {"failed_at", r.is_null(i, 7) ? json(nullptr) : json(r.int64(i, 7))}});
  return kiosks;
}

}  // namespace heard::hub
