#include "sqlite_hub_storage.hpp"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_set>

#include "core/log.hpp"
#include "core/response_json.hpp"
#include "hub_schema.hpp"
#include "sqlite_file_lock.hpp"
#include "store/response_insert.hpp"

namespace heard::hub {

namespace {

constexpr Millis idempotency_keep_ms = 7LL * 24 * 3600 * 1000;  // far beyond any kiosk's retry horizon

sync::BatchReply reply_from_text(std::string_view text) {
  const auto j = nlohmann::json::parse(text);
  sync::BatchReply r;
  r.accepted = j.at("accepted").get<std::vector<std::string>>();
  r.duplicates = j.at("duplicates").get<std::vector<std::string>>();
  for (const auto& x : j.at("rejected")) r.rejected.push_back({x.at("id"), x.at("reason")});
  return r;
}

std::string digest_of(std::string_view text) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

// The record as the hub understood it, whatever the spacing or field order on the wire.
std::string content_digest(const Response& r) { return digest_of(to_json_line(r)); }

// The database holds contact details: created readable by the hub's user only. SQLite gives
// its -wal and -shm files the same permissions.
const std::filesystem::path& created_owner_only(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the hub database " + file.string() + ": " + std::strerror(errno));
  ::close(fd);
  return file;
}

const std::string id_already_used = "id already used: the hub holds a different record with this id";

}  // namespace

SqliteHubStorage::SqliteHubStorage(const std::filesystem::path& file)
    : file_(file),
      file_lock_(sqlite_file_lock(file)),
      mutex_(*file_lock_),
      db_(store::open_checked(created_owner_only(file), opened_)) {
  auto& db = db_;
  migrate_hub(db);
  // Every response insert fires triggers (daily ratings, open cases), so SQLite keeps a
  // statement journal of each page it touches, and with the default temp_store that journal
  // spills to a file in /var/tmp: some 3,000 page writes per 500-record batch, most of the
  // ingest time. In memory it costs a copy. Durability is untouched: the statement journal
  // only undoes a failed statement inside the open transaction; commits go to the WAL.
  db.exec("PRAGMA temp_store = MEMORY");
  store::Statement prune(db, "DELETE FROM hub_idempotency WHERE created_at < ?");
  prune.bind(1, system_now_ms() - idempotency_keep_ms).run();
}

std::optional<sync::BatchReply> SqliteHubStorage::replay(const std::string& kiosk_id, const UploadKey& key) {
  if (key.key.empty()) return std::nullopt;
  store::Statement s(db_, "SELECT digest, reply FROM hub_idempotency WHERE kiosk_id = ? AND key = ?");
  s.bind(1, kiosk_id).bind(2, key.key);
  if (!s.step()) return std::nullopt;
  if (s.column_view(0) != key.digest) {
    // Storing this batch and its reply under the key would break "same key, same body, same
    // result" for the first body; the kiosk sends again under a new key.
    log::warning("hub: kiosk " + kiosk_id + " reused Idempotency-Key " + key.key + " for a different body");
    throw IdempotencyKeyReused("Idempotency-Key " + key.key + " was used before for a different body");
  }
  return reply_from_text(s.column_view(1));
}

void SqliteHubStorage::remember(const std::string& kiosk_id, const UploadKey& key, const sync::BatchReply& reply) {
  if (key.key.empty()) return;
  store::Statement s(db_,
                     "INSERT INTO hub_idempotency (kiosk_id, key, digest, reply, created_at) "
                     "VALUES (?, ?, ?, ?, ?)");
  s.bind(1, kiosk_id).bind(2, key.key).bind(3, key.digest).bind(4, sync::to_json_text(reply)).bind(5, system_now_ms());
  s.run();
}

sync::BatchReply SqliteHubStorage::store_feedback(const std::string& kiosk_id, const UploadKey& key,
                                                  const std::vector<FeedbackEntry>& entries) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Transaction tx(db);
  if (auto earlier = replay(kiosk_id, key)) return *earlier;

  // The kiosk's own insert (store/response_insert): the hub keeps the first copy of an id.
  store::ResponseInsert insert(db, store::ResponseInsert::OnRepeatedId::keep_first);
  store::Statement remember_digest(db, "INSERT OR REPLACE INTO hub_record_digests (id, digest) VALUES (?, ?)");
  const Millis now = system_now_ms();
  sync::BatchReply reply;
  std::unordered_set<std::string> seen;
  std::int64_t first_seq = 0, last_seq = 0;
  for (const auto& e : entries) {
    if (!seen.insert(e.id).second) continue;  // the same id twice in one batch: answer once
    if (!e.record) {
      reply.rejected.push_back({e.id, e.reason});
      continue;
    }
    const Response& r = *e.record;
    const std::string digest = content_digest(r);
    if (const auto seq = insert.insert(r, true, now, now)) {  // synced_at: when the hub received it
      if (first_seq == 0) first_seq = *seq;
      last_seq = *seq;
      remember_digest.bind(1, r.id).bind(2, digest).run();
      remember_digest.reset();
      reply.accepted.push_back(r.id);
    } else {
      if (same_record_stored(kiosk_id, r.id, digest)) reply.duplicates.push_back(r.id);
      else reply.rejected.push_back({r.id, id_already_used});
    }
  }
  if (first_seq != 0) index_comments(first_seq, last_seq);
  remember(kiosk_id, key, reply);
  tx.commit();
  return reply;
}

sync::BatchReply SqliteHubStorage::store_events(const std::string& kiosk_id, const UploadKey& key,
                                                const std::vector<EventEntry>& entries) {
  std::lock_guard lock(mutex_);
  auto& db = db_;
  store::Transaction tx(db);
  if (auto earlier = replay(kiosk_id, key)) return *earlier;
  store::Statement insert(db,
                          "INSERT INTO hub_events (id, kiosk_id, response_id, at, status, by, note, received_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
  // A kiosk's retention purge: head office removes the same contact details, bytes included.
  db.exec("PRAGMA secure_delete = ON");
  store::Statement purge(db,
                         "UPDATE responses SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, "
                         "contact_channel = NULL, contact_purged_at = ? WHERE id = ? AND kiosk_id = ?");
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
    if (!sent_by(kiosk_id, ev.response_id)) {
      // Events about another kiosk's responses, or about none at all, would let one kiosk
      // rewrite another's follow-up history.
      reply.rejected.push_back({ev.id, "response_id: this kiosk sent no response with this id"});
      continue;
    }
    insert.bind(1, ev.id).bind(2, kiosk_id).bind(3, ev.response_id).bind(4, ev.at).bind(5, ev.status);
    insert.bind(6, ev.by).bind_text_or_null(7, ev.note).bind(8, now).run();
    insert.reset();
    const bool added = db.changes() > 0;
    if (added && ev.status == "purged") {
      purge.bind(1, now).bind(2, ev.response_id).bind(3, kiosk_id).run();
      purge.reset();
    }
    if (added) reply.accepted.push_back(ev.id);
    else if (event_kiosk(ev.id) == kiosk_id) reply.duplicates.push_back(ev.id);
    else reply.rejected.push_back({ev.id, "id already used: another kiosk sent an event with this id"});
  }
  remember(kiosk_id, key, reply);
  tx.commit();
  return reply;
}

// One statement for the whole batch, so FTS5 writes one index segment per batch, not one
// per response. The batch's rows are first_seq..last_seq: seq is the rowid, this is the
// only writer (mutex_), and all are in one transaction.
void SqliteHubStorage::index_comments(std::int64_t first_seq, std::int64_t last_seq) {
  store::Statement s(db_,
                     "INSERT INTO responses_fts (rowid, comment) SELECT seq, comment FROM responses "
                     "WHERE seq BETWEEN ? AND ? AND comment IS NOT NULL");
  s.bind(1, first_seq).bind(2, last_seq).run();
}

bool SqliteHubStorage::same_record_stored(const std::string& kiosk_id, const std::string& id,
                                          const std::string& digest) {
  // A reused id must not pass as "duplicate": its sender would mark as synced a record
  // head office never stored. Same kiosk and same content: the same record again (a lost
  // acknowledgement). Records stored before digests were kept are judged by kiosk alone.
  store::Statement s(db_,
                     "SELECT r.kiosk_id, d.digest FROM responses r LEFT JOIN hub_record_digests d ON d.id = r.id "
                     "WHERE r.id = ?");
  s.bind(1, id);
  if (!s.step() || s.column_text(0) != kiosk_id) return false;
  return s.is_null(1) || s.column_view(1) == digest;
}

bool SqliteHubStorage::sent_by(const std::string& kiosk_id, const std::string& response_id) {
  store::Statement s(db_, "SELECT 1 FROM responses WHERE id = ? AND kiosk_id = ?");
  s.bind(1, response_id).bind(2, kiosk_id);
  return s.step();
}

std::string SqliteHubStorage::event_kiosk(const std::string& event_id) {
  store::Statement s(db_, "SELECT kiosk_id FROM hub_events WHERE id = ?");
  s.bind(1, event_id);
  return s.step() ? s.column_text(0) : std::string();
}

void SqliteHubStorage::store_heartbeat(const Heartbeat& h) {
  std::lock_guard lock(mutex_);
  store::Statement s(db_,
                     "INSERT OR REPLACE INTO hub_heartbeats (kiosk_id, at, received_at, app_version, outbox, "
                     "oldest_unsynced_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.bind(1, h.kiosk_id).bind(2, h.at).bind(3, system_now_ms()).bind_text_or_null(4, h.app_version).bind(5, h.outbox);
  if (h.oldest_unsynced_at) s.bind(6, *h.oldest_unsynced_at);
  else s.bind(6, nullptr);
  s.bind_text_or_null(7, h.last_error).run();
}

std::int64_t SqliteHubStorage::export_feedback(const store::ExportFilter& filter, store::ExportFormat format,
                                               const store::ExportSink& sink) {
  store::Database reader(file_, store::Database::Mode::read_only);
  reader.exec("PRAGMA busy_timeout = 5000");
  return store::export_responses(reader, filter, format, sink);
}

bool SqliteHubStorage::healthy() {
  std::lock_guard lock(mutex_);
  return db_.query_int("SELECT 1") == 1;
}

}  // namespace heard::hub
