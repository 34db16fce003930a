// PgHubStorage: what kiosks send (feedback, follow-up events, heartbeats) and the exports.
#include "pg_hub_storage.hpp"

#include <sodium.h>

#include <unordered_map>
#include <unordered_set>

#include "core/log.hpp"
#include "core/response_json.hpp"
#include "pg_schema.hpp"

namespace heard::hub {

namespace {

constexpr Millis idempotency_keep_ms = 7LL * 24 * 3600 * 1000;  // far beyond any kiosk's retry horizon
constexpr std::int64_t hub_events_lock = 0x4865617265;          // one writer of hub_events at a time

const std::string id_already_used = "id already used: the hub holds a different record with this id";

sync::BatchReply reply_from_text(std::string_view text) {
  const auto j = nlohmann::json::parse(text);
  sync::BatchReply r;
  r.accepted = j.at("accepted").get<std::vector<std::string>>();
  r.duplicates = j.at("duplicates").get<std::vector<std::string>>();
  for (const auto& x : j.at("rejected")) r.rejected.push_back({x.at("id"), x.at("reason")});
  return r;
}

// The record as the hub understood it (the same digest as the SQLite backend's).
std::string content_digest(const Response& r) {
  const std::string text = to_json_line(r);
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

// Claims the upload's key before any record: a second process with the same key and body
// waits on the key's row and then answers with the first reply. Nothing: go ahead.
std::optional<sync::BatchReply> claim_key(PgConnection& c, const std::string& kiosk_id, const UploadKey& key) {
  if (key.key.empty()) return std::nullopt;
  const auto claimed = c.query(
      "INSERT INTO hub_idempotency (kiosk_id, key, digest, reply, created_at) VALUES ($1, $2, $3, NULL, $4) "
      "ON CONFLICT (kiosk_id, key) DO NOTHING",
      PgParams().add(kiosk_id).add(key.key).add_bytes(key.digest).add(system_now_ms()));
  if (claimed.affected() == 1) return std::nullopt;
  const auto earlier = c.query("SELECT digest, reply FROM hub_idempotency WHERE kiosk_id = $1 AND key = $2",
                               PgParams().add(kiosk_id).add(key.key));
  if (earlier.bytes(0, 0) != key.digest) {
    log::warning("hub: kiosk " + kiosk_id + " reused Idempotency-Key " + key.key + " for a different body");
    throw IdempotencyKeyReused("Idempotency-Key " + key.key + " was used before for a different body");
  }
  return reply_from_text(earlier.view(0, 1));
}

void remember(PgConnection& c, const std::string& kiosk_id, const UploadKey& key, const sync::BatchReply& reply) {
  if (key.key.empty()) return;
  c.query("UPDATE hub_idempotency SET reply = $3 WHERE kiosk_id = $1 AND key = $2",
          PgParams().add(kiosk_id).add(key.key).add(sync::to_json_text(reply)));
}

// A batch travels as one JSON document per statement (jsonb_to_recordset), so storing 500
// records costs three round trips, not a thousand; values stay parameters all the same.
nlohmann::json null_if_empty(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

std::string hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) out += digits[b >> 4], out += digits[b & 15];
  return out;
}

nlohmann::json row_of(const Response& r, Millis now) {
  return {{"id", r.id},
          {"kiosk_id", r.kiosk_id},
          {"created_at", r.created_at},
          {"utc_offset_min", r.utc_offset_min},
          {"rating", r.rating},
          {"kind", to_string(r.kind)},
          {"categories", r.categories},
          {"comment", null_if_empty(r.comment)},
          {"desired_resolution", null_if_empty(r.desired_resolution)},
          {"staff", null_if_empty(r.staff)},
          {"contact_name", null_if_empty(r.contact.name)},
          {"contact_phone", null_if_empty(r.contact.phone)},
          {"contact_email", null_if_empty(r.contact.email)},
          {"contact_channel", null_if_empty(r.contact.channel)},
          {"consent_given", r.consent.given},
          {"consent_text_version", null_if_empty(r.consent.text_version)},
          {"language", null_if_empty(r.language)},
          {"urgent", r.urgent},
          {"survey_version", null_if_empty(r.survey_version)},
          {"app_version", null_if_empty(r.app_version)},
          {"flags", r.flags.empty() ? nlohmann::json() : nlohmann::json(nlohmann::json(r.flags).dump())},
          {"now", now}};
}

// Rows in id order: two processes inserting overlapping batches take the ids' locks in the
// same order, so they wait for each other rather than deadlock.
const std::string claim_ids_sql =
    "INSERT INTO response_ids (id, kiosk_id, created_at, digest) SELECT id, kiosk_id, created_at, "
    "decode(digest, 'hex') FROM jsonb_to_recordset($1::jsonb) AS x(id text, kiosk_id text, created_at bigint, "
    "digest text) ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING id";

const std::string insert_responses_sql =
    "INSERT INTO responses (id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, "
    "desired_resolution, staff, contact_name, contact_phone, contact_email, contact_channel, consent_given, "
    "consent_text_version, language, urgent, survey_version, app_version, flags, complete, updated_at, synced_at) "
    "SELECT id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, desired_resolution, staff, "
    "contact_name, contact_phone, contact_email, contact_channel, consent_given, consent_text_version, language, "
    "urgent, survey_version, app_version, flags, true, now, now FROM jsonb_to_recordset($1::jsonb) AS x(id text, "
    "kiosk_id text, created_at bigint, utc_offset_min integer, rating smallint, kind text, categories jsonb, "
    "comment text, desired_resolution text, staff text, contact_name text, contact_phone text, contact_email text, "
    "contact_channel text, consent_given boolean, consent_text_version text, language text, urgent boolean, "
    "survey_version text, app_version text, flags text, now bigint)";

// For ids already stored: who sent each, and the digest of what they sent.
const std::string stored_ids_sql =
    "SELECT id, kiosk_id, encode(digest, 'hex') FROM response_ids WHERE id IN "
    "(SELECT jsonb_array_elements_text($1::jsonb))";

Millis month_start(Millis at) {
  const std::time_t seconds = static_cast<std::time_t>((at >= 0 ? at : at - 999) / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  utc.tm_mday = 1;
  utc.tm_hour = utc.tm_min = utc.tm_sec = 0;
  return static_cast<Millis>(timegm(&utc)) * 1000;
}

}  // namespace

void lock_responses_for_insert(PgConnection& c) {
  c.query("SELECT pg_advisory_xact_lock_shared($1)", PgParams().add(responses_insert_lock));
}

void lock_hub_events(PgConnection& c) { c.query("SELECT pg_advisory_xact_lock($1)", PgParams().add(hub_events_lock)); }

PgHubStorage::PgHubStorage(const std::string& url, std::size_t connections) : pool_(url, connections) {
  auto c = pool_.lease();
  migrate_pg_hub(*c);
  c->query("DELETE FROM hub_idempotency WHERE created_at < $1", PgParams().add(system_now_ms() - idempotency_keep_ms));
}

void PgHubStorage::ensure_partitions(const std::vector<FeedbackEntry>& entries) {
  std::set<Millis> wanted;
  for (const auto& e : entries)
    if (e.record) wanted.insert(month_start(e.record->created_at));
  std::lock_guard lock(months_mutex_);
  for (const Millis month : wanted) {
    if (months_.contains(month)) continue;
    // Its own short transaction: creating a partition locks the parent table until commit.
    auto c = pool_.lease();
    c->query("SELECT heard_responses_partition($1)", PgParams().add(month));
    months_.insert(month);
  }
}

sync::BatchReply PgHubStorage::store_feedback(const std::string& kiosk_id, const UploadKey& key,
                                              const std::vector<FeedbackEntry>& entries) {
  ensure_partitions(entries);
  return in_transaction(pool_, [&](PgConnection& c) {
    if (auto earlier = claim_key(c, kiosk_id, key)) return *earlier;
    const Millis now = system_now_ms();
    // Valid records, once each (the same id twice in one batch is answered once).
    std::unordered_set<std::string> seen;
    std::vector<const FeedbackEntry*> batch;
    nlohmann::json claims = nlohmann::json::array();
    std::unordered_map<std::string, std::string> digests;
    for (const auto& e : entries) {
      if (!seen.insert(e.id).second || !e.record) continue;
      batch.push_back(&e);
      const std::string digest = hex(content_digest(*e.record));
      digests[e.id] = digest;
      claims.push_back(
          {{"id", e.id}, {"kiosk_id", e.record->kiosk_id}, {"created_at", e.record->created_at}, {"digest", digest}});
    }
    // The ids' unique key decides, whichever process gets there first.
    std::unordered_set<std::string> claimed;
    if (!batch.empty()) {
      const auto r = c.query(claim_ids_sql, PgParams().add(claims.dump()));
      for (int i = 0; i < r.rows(); ++i) claimed.insert(r.text(i, 0));
    }
    nlohmann::json rows = nlohmann::json::array(), others = nlohmann::json::array();
    for (const auto* e : batch) {
      if (claimed.contains(e->id)) rows.push_back(row_of(*e->record, now));
      else others.push_back(e->id);
    }
    if (!rows.empty()) {
      lock_responses_for_insert(c);
      c.query(insert_responses_sql, PgParams().add(rows.dump()));
    }
    std::unordered_map<std::string, std::pair<std::string, std::string>> stored;  // id -> kiosk, digest
    if (!others.empty()) {
      const auto r = c.query(stored_ids_sql, PgParams().add(others.dump()));
      for (int i = 0; i < r.rows(); ++i) stored[r.text(i, 0)] = {r.text(i, 1), r.text(i, 2)};
    }
    // The reply in the batch's order. A reused id must not pass as "duplicate": its sender
    // would mark as synced a record head office never stored.
    sync::BatchReply reply;
    seen.clear();
    for (const auto& e : entries) {
      if (!seen.insert(e.id).second) continue;
      if (!e.record) reply.rejected.push_back({e.id, e.reason});
      else if (claimed.contains(e.id)) reply.accepted.push_back(e.id);
      else if (const auto it = stored.find(e.id);
               it != stored.end() && it->second.first == kiosk_id && it->second.second == digests[e.id])
        reply.duplicates.push_back(e.id);
      else reply.rejected.push_back({e.id, id_already_used});
    }
    remember(c, kiosk_id, key, reply);
    return reply;
  });
}

sync::BatchReply PgHubStorage::store_events(const std::string& kiosk_id, const UploadKey& key,
                                            const std::vector<EventEntry>& entries) {
  return in_transaction(pool_, [&](PgConnection& c) {
    if (auto earlier = claim_key(c, kiosk_id, key)) return *earlier;
    lock_hub_events(c);
    const Millis now = system_now_ms();
    sync::BatchReply reply;
    std::unordered_set<std::string> seen;
    for (const auto& e : entries) {
      if (!seen.insert(e.id).second) continue;
      if (!e.event) {
        reply.rejected.push_back({e.id, e.reason});
        continue;
      }
      const auto& ev = *e.event;
      const auto sent = c.query("SELECT created_at FROM response_ids WHERE id = $1 AND kiosk_id = $2",
                                PgParams().add(ev.response_id).add(kiosk_id));
      if (sent.empty()) {
        // Events about another kiosk's responses would let one kiosk rewrite another's history.
        reply.rejected.push_back({ev.id, "response_id: this kiosk sent no response with this id"});
        continue;
      }
      const auto added = c.query(
          "INSERT INTO hub_events (id, kiosk_id, response_id, at, status, by, note, received_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
          PgParams()
              .add(ev.id)
              .add(kiosk_id)
              .add(ev.response_id)
              .add(ev.at)
              .add(ev.status)
              .add(ev.by)
              .add_or_null(ev.note)
              .add(now));
      if (added.affected() == 1) {
        if (ev.status == "purged") {
          // A kiosk's retention purge: head office removes the same contact details.
          c.query(
              "UPDATE responses SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, "
              "contact_channel = NULL, contact_purged_at = $1 WHERE created_at = $2 AND id = $3 AND kiosk_id = $4",
              PgParams().add(now).add(sent.int64(0, 0)).add(ev.response_id).add(kiosk_id));
        }
        reply.accepted.push_back(ev.id);
        continue;
      }
      const auto owner = c.query("SELECT kiosk_id FROM hub_events WHERE id = $1", PgParams().add(ev.id));
      if (!owner.empty() && owner.view(0, 0) == kiosk_id) reply.duplicates.push_back(ev.id);
      else reply.rejected.push_back({ev.id, "id already used: another kiosk sent an event with this id"});
    }
    remember(c, kiosk_id, key, reply);
    return reply;
  });
}

void PgHubStorage::store_heartbeat(const Heartbeat& h) {
  auto c = pool_.lease();
  c->query(
      "INSERT INTO hub_heartbeats (kiosk_id, at, received_at, app_version, outbox, oldest_unsynced_at, "
      "last_error) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (kiosk_id) DO UPDATE SET at = excluded.at, "
      "received_at = excluded.received_at, app_version = excluded.app_version, outbox = excluded.outbox, "
      "oldest_unsynced_at = excluded.oldest_unsynced_at, last_error = excluded.last_error",
      PgParams()
          .add(h.kiosk_id)
          .add(h.at)
          .add(system_now_ms())
          .add_or_null(h.app_version)
          .add(h.outbox)
          .add(h.oldest_unsynced_at)
          .add_or_null(h.last_error));
}

namespace {

// Export rows from a server-side cursor, a page at a time, so memory stays flat.
class CursorRows : public store::ExportRows {
 public:
  explicit CursorRows(PgConnection& c) : c_(c) {}
  bool step() override {
    if (++row_ < (page_ ? page_->rows() : 0)) return true;
    page_.emplace(c_.query("FETCH 2000 FROM heard_export"));
    row_ = 0;
    return page_->rows() > 0;
  }
  std::string_view column_view(int column) const override { return page_->view(row_, column); }
  std::int64_t column_int64(int column) const override { return page_->int64(row_, column); }
  bool is_null(int column) const override { return page_->is_null(row_, column); }

 private:
  PgConnection& c_;
  std::optional<PgResult> page_;
  int row_ = -1;
};

}  // namespace

namespace {

// The filters of store::ExportFilter, the console's included; comment_match is a tsquery here.
const std::string export_where =
    "($1::bigint IS NULL OR created_at >= $1) AND ($2::bigint IS NULL OR created_at < $2) "
    "AND ($3::text IS NULL OR kind = $3) AND ($4::int IS NULL OR rating <= $4) "
    "AND ($5::jsonb IS NULL OR kiosk_id IN (SELECT jsonb_array_elements_text($5::jsonb))) "
    "AND ($6::int IS NULL OR rating = $6) AND ($7::text IS NULL OR categories @> jsonb_build_array($7::text)) "
    "AND ($8::boolean IS NULL OR (flags IS NOT NULL) = $8) "
    "AND ($9::text IS NULL OR comment_words @@ to_tsquery('simple', $9)) AND (NOT $10::boolean OR complete)";

PgParams export_params(const store::ExportFilter& f) {
  const auto optional_int = [](const auto& v) { return v ? std::optional<std::int64_t>(*v) : std::nullopt; };
  PgParams p;
  p.add(optional_int(f.since)).add(optional_int(f.until));
  p.add_or_null(f.kind ? std::string(to_string(*f.kind)) : std::string());
  p.add(optional_int(f.max_rating));
  if (f.kiosks) p.add(nlohmann::json(*f.kiosks).dump());
  else p.add_null();
  p.add(optional_int(f.rating));
  if (f.category) p.add(*f.category);
  else p.add_null();
  if (f.flagged) p.add(*f.flagged);
  else p.add_null();
  if (f.comment_match) p.add(*f.comment_match);
  else p.add_null();
  p.add(f.complete_only);
  return p;
}

}  // namespace

std::int64_t PgHubStorage::export_feedback(const store::ExportFilter& filter, store::ExportFormat format,
                                           const store::ExportSink& sink) {
  auto c = pool_.lease();
  // REPEATABLE READ: one snapshot for the whole download, whatever kiosks upload meanwhile.
  c->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    std::string columns(store::export_columns);
    for (const char* boolean : {"consent_given", "urgent"}) {
      const auto at = columns.find(boolean);
      columns.replace(at, std::string(boolean).size(), std::string(boolean) + "::int");
    }
    // A cursor cannot be prepared; its filters are parameters of this DECLARE all the same.
    c->query_once("DECLARE heard_export NO SCROLL CURSOR FOR SELECT " + columns + " FROM responses WHERE " +
                      export_where + " ORDER BY created_at, seq",
                  export_params(filter));
    CursorRows rows(*c);
    const auto n = store::export_rows(rows, filter, format, sink);
    c->exec("COMMIT");
    return n;
  } catch (...) {
    c->rollback_quietly();
    throw;
  }
}

bool PgHubStorage::healthy() {
  try {
    auto c = pool_.lease();
    return c->query("SELECT 1").int64(0, 0) == 1;
  } catch (const std::exception& e) {
    log::warning(std::string("hub: PostgreSQL is unhealthy: ") + e.what());
    return false;
  }
}

int PgHubStorage::drop_responses_before(Millis before) {
  auto c = pool_.lease();
  const int dropped =
      static_cast<int>(c->query("SELECT heard_drop_responses_before($1)", PgParams().add(before)).int64(0, 0));
  std::lock_guard lock(months_mutex_);
  months_.clear();  // they may be made again
  return dropped;
}

PgParams params_from_json(const std::vector<nlohmann::json>& values) {
  PgParams p;
  for (const auto& v : values) {
    if (v.is_null()) p.add_null();
    else if (v.is_string()) p.add(v.get<std::string>());
    else if (v.is_number_integer()) p.add(v.get<std::int64_t>());
    else if (v.is_number()) p.add(std::to_string(v.get<double>()));
    else if (v.is_boolean()) p.add(v.get<bool>());
    else p.add(v.dump());
  }
  return p;
}

nlohmann::json PgHubStorage::query_json(const std::string& sql, const std::vector<nlohmann::json>& params) {
  auto c = pool_.lease();
  const auto r = c->query(sql, params_from_json(params));
  if (r.empty() || r.is_null(0, 0)) return nullptr;
  return nlohmann::json::parse(r.view(0, 0));
}

}  // namespace heard::hub
