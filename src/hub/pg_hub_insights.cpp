// PgHubStorage: the console's download and insights. Both reuse the kiosk's own code: the
// download the store's export (store::export_rows, via export_feedback), the insights
// store::compute_insights, which reads SQL tables: it runs on an in-memory SQLite copy of
// just the rows it needs (the period, and the one before it for the categories' trend, of
// the kiosks in scope), so head office, the SQLite hub and the staff dashboard never disagree.
#include "console_rows.hpp"
#include "insights_json.hpp"
#include "pg_hub_storage.hpp"
#include "store/insights.hpp"

namespace heard::hub {

using nlohmann::json;

namespace {

// The columns and the index compute_insights reads, and nothing else.
constexpr const char* insights_schema = R"sql(
  CREATE TABLE responses (seq INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL, created_at INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL, rating INTEGER NOT NULL, kind TEXT NOT NULL, comment TEXT, language TEXT,
    flags TEXT);
  CREATE INDEX responses_created_at ON responses (created_at);
  CREATE TABLE response_categories (response_seq INTEGER NOT NULL, category TEXT NOT NULL);
)sql";

// Copies the rows of [from, to) of `kiosks` into `copy`, in pages so neither side holds them twice.
void copy_rows(PgConnection& c, store::Database& copy, const std::vector<std::string>& kiosks, Millis from, Millis to) {
  c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    c.query_once(
        "DECLARE heard_insights NO SCROLL CURSOR FOR SELECT seq, kiosk_id, created_at, utc_offset_min, "
        "rating, kind, comment, language, flags, categories::text FROM responses WHERE complete "
        "AND created_at >= $1::bigint AND created_at < $2::bigint "
        "AND kiosk_id IN (SELECT jsonb_array_elements_text($3::jsonb))",
        PgParams().add(from).add(to).add(json(kiosks).dump()));
    store::Transaction tx(copy);
    store::Statement row(copy, "INSERT INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    store::Statement category(copy, "INSERT INTO response_categories VALUES (?, ?)");
    for (;;) {
      const auto page = c.query("FETCH 5000 FROM heard_insights");
      if (page.rows() == 0) break;
      for (int i = 0; i < page.rows(); ++i) {
        const std::int64_t seq = page.int64(i, 0);
        row.bind(1, seq).bind(2, page.view(i, 1)).bind(3, page.int64(i, 2)).bind(4, page.int64(i, 3));
        row.bind(5, page.int64(i, 4)).bind(6, page.view(i, 5));
        for (int col = 6; col <= 8; ++col) {
          if (page.is_null(i, col)) row.bind(col + 1, nullptr);
          else row.bind(col + 1, page.view(i, col));
        }
        row.run();
        row.reset();
        for (const auto& name : json::parse(page.view(i, 9))) {
          category.bind(1, seq).bind(2, name.get<std::string>()).run();
          category.reset();
        }
      }
    }
    tx.commit();
    c.exec("COMMIT");
  } catch (...) {
    c.rollback_quietly();
    throw;
  }
}

}  // namespace

std::vector<std::string> PgHubStorage::kiosks_in_scope(const User& who, const json& site, const json& kiosk) {
  return query_json(
             "SELECT coalesce(json_agg(k.id ORDER BY k.id), '[]') FROM hub_kiosks k WHERE "
             "($1::jsonb IS NULL OR k.site_id IN (SELECT jsonb_array_elements_text($1::jsonb))) "
             "AND ($2::text IS NULL OR k.site_id = $2) AND ($3::text IS NULL OR k.id = $3)",
             {who.sees_every_site() ? json(nullptr) : json(who.sites), site, kiosk})
      .get<std::vector<std::string>>();
}

std::int64_t PgHubStorage::export_responses(const User& who, const json& f, store::ExportFormat format,
                                            const store::ExportSink& sink) {
  // The caller's scope and the site filter become the kiosks they hold, as on SQLite.
  store::ExportFilter filter =
      export_filter(f, kiosks_in_scope(who, f.value("site", json()), f.value("kiosk", json())));
  if (f.contains("text")) filter.comment_match = words_query(f["text"].get<std::string>());
  return export_feedback(filter, format, sink);
}

json PgHubStorage::insights(const User& who, const std::string& site, Millis from, Millis to, bool weekly) {
  const auto kiosks = kiosks_in_scope(who, site.empty() ? json() : json(site), json());
  store::Database copy(":memory:");
  copy.exec(insights_schema);
  {
    auto c = pool_.lease();
    copy_rows(*c, copy, kiosks, from - (to - from), to);  // the period before too: the categories' trend
  }
  using Trend = store::InsightsScope::Trend;
  const store::InsightsScope scope{nullptr, weekly ? Trend::week : Trend::day};  // the copy holds the scope only
  return insights_to_json(store::compute_insights(copy, from, to, insights_stop_words(), 5, 12, false, scope), weekly);
}

}  // namespace heard::hub
