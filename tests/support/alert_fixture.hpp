#pragma once
// Alerts tests: a hub.toml with one site holding the test kiosks plus an [alerts] section,
// feedback uploaded as a kiosk does, and the hub's outbox read back from its database.
#include <fstream>

#include "core/response_json.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"

namespace heard::test {

inline const std::string webhook_secret = "whsec-0123456789abcdef";

// hub.toml: site "madrid-centro" (Madrid Centro) with both test kiosks, then `alerts`.
inline std::filesystem::path write_hub_config(const TempDir& dir, const std::string& alerts,
                                              const std::string& name = "hub.toml") {
  const auto file = dir / name;
  std::ofstream(file) << "[[sites]]\nid = \"madrid-centro\"\nname = \"Madrid Centro\"\ntime_zone = \"Europe/Madrid\"\n"
                      << "kiosks = [\"" << kiosk_id << "\", \"" << other_kiosk_id << "\"]\n\n"
                      << alerts;
  return file;
}

inline std::string webhook_alerts(const std::string& url, const std::string& extra = "") {
  return "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n" + extra +
         "\n[[alerts.webhooks]]\nname = \"ops\"\nurl = \"" + url + "\"\nsecret = \"" + webhook_secret + "\"\n";
}

// Uploads `responses` as kiosk_id would; returns the HTTP status.
inline long upload(const HubProcess& hub, const std::vector<Response>& responses) {
  std::string body;
  for (const auto& r : responses) body += to_json_line(r) + "\n";
  return http("POST", hub.url() + "/v1/kiosks/" + kiosk_id + "/feedback", kiosk_token, body,
              {"Content-Type: application/x-ndjson", "Idempotency-Key: " + make_uuid_v7()})
      .status;
}

struct OutboxRow {
  std::string id, channel, state, last_error;
  int attempts = 0;
};

// The outbox, oldest first, from the hub's database (SQLite or PostgreSQL).
inline std::vector<OutboxRow> outbox_rows(const std::filesystem::path& db) {
  const std::string sql =
      "SELECT id, channel, state, coalesce(last_error, ''), attempts FROM alert_deliveries ORDER BY created_at, id";
  std::vector<OutboxRow> out;
  if (is_pg(db)) {
    const auto r = hub::PgConnection(db.string()).query(sql);
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), static_cast<int>(r.int64(i, 4))});
    return out;
  }
  store::Database d(db, store::Database::Mode::read_only);
  d.exec("PRAGMA busy_timeout = 5000");
  store::Statement s(d, sql);
  while (s.step())
    out.push_back({s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_int(4)});
  return out;
}

}  // namespace heard::test

namespace heard::test {

// [alerts] with e-mail to Marta (madrid-centro) through the sink at `smtp_url`; `smtp_extra`
// adds [alerts.smtp] lines (user, password, tls).
inline std::string email_alerts(const std::string& smtp_url, const std::string& smtp_extra = "tls = \"optional\"\n") {
  return "[alerts]\nconsole_url = \"https://hub.example.com\"\nretry_min_ms = 50\nretry_max_s = 1\n"
         "send_timeout_s = 2\n\n[alerts.smtp]\nurl = \"" +
         smtp_url + "\"\nfrom = \"Heard <alerts@heard.example>\"\n" + smtp_extra +
         "\n[[alerts.people]]\nname = \"Marta\"\nemail = \"marta@example.com\"\nsites = [\"madrid-centro\"]\n";
}

}  // namespace heard::test
