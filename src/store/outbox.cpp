#include "store/outbox.hpp"

#include <nlohmann/json.hpp>

#include "core/response_json.hpp"
#include "store/response_insert.hpp"

namespace heard::store {

namespace {

// Where each stream lives and how one of its rows becomes a line on the wire. Both streams
// share every operation; only these differ.
struct StreamTable {
  const char* table;
  const char* columns;
  const char* waiting;  // still to be sent: neither acknowledged nor rejected
  const char* order;
  const char* what;  // for NotFoundError
  std::string (*line)(const Statement& row);
};

constexpr const char* event_columns = "id, response_id, at, status, by, note";

FollowupEvent read_event(const Statement& s) {
  return {s.column_text(0), s.column_text(1), s.column_int64(2), s.column_text(3), s.column_text(4), s.column_text(5)};
}

const StreamTable& table_of(Stream stream) {
  static const StreamTable responses{"responses",
                                     response_columns,
                                     "complete = 1 AND synced_at IS NULL AND rejected_reason IS NULL",
                                     "urgent DESC, created_at, seq",
                                     "response",
                                     [](const Statement& row) { return heard::to_json_line(read_response(row)); }};
  static const StreamTable events{"followup_events",
                                  event_columns,
                                  "synced_at IS NULL AND rejected_reason IS NULL",
                                  "seq",
                                  "follow-up event",
                                  [](const Statement& row) { return to_json_line(read_event(row)); }};
  return stream == Stream::responses ? responses : events;
}

std::string select_waiting(const StreamTable& t, const std::string& also) {
  return std::string("SELECT ") + t.columns + " FROM " + t.table + " WHERE " + t.waiting + also;
}

}  // namespace

std::string to_json_line(const FollowupEvent& e) {
  using nlohmann::json;
  const json j = {{"id", e.id},
                  {"response_id", e.response_id},
                  {"at", format_iso8601(e.at)},
                  {"status", e.status},
                  {"by", e.by},
                  {"note", e.note.empty() ? json(nullptr) : json(e.note)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view stream_name(Stream stream) { return stream == Stream::responses ? "feedback" : "events"; }

std::vector<WaitingRecord> Outbox::pending(Stream stream, std::size_t limit) {
  const auto& t = table_of(stream);
  Statement s(db_, select_waiting(t, std::string(" ORDER BY ") + t.order + " LIMIT ?"));
  s.bind(1, static_cast<std::int64_t>(limit));
  std::vector<WaitingRecord> out;
  while (s.step()) out.push_back({s.column_text(0), t.line(s)});
  return out;
}

std::optional<std::vector<WaitingRecord>> Outbox::still_pending(Stream stream, const std::vector<std::string>& ids) {
  const auto& t = table_of(stream);
  Statement s(db_, select_waiting(t, " AND id = ?"));
  std::vector<WaitingRecord> out;
  for (const auto& id : ids) {
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    out.push_back({id, t.line(s)});
    s.reset();
  }
  return out;
}

std::int64_t Outbox::size(Stream stream) {
  const auto& t = table_of(stream);
  return db_.query_int(std::string("SELECT COUNT(*) FROM ") + t.table + " WHERE " + t.waiting);
}

std::optional<Millis> Outbox::oldest_unsynced_response() {
  // One MIN per urgency through the outbox index: O(log n). A plain MIN(created_at) would
  // walk the time index past every synced row first.
  const std::string lane = std::string(
                               "SELECT MIN(created_at) AS oldest FROM responses INDEXED BY responses_outbox "
                               "WHERE urgent = ? AND ") +
                           table_of(Stream::responses).waiting;
  Statement s(db_, "SELECT MIN(oldest) FROM (" + lane + " UNION ALL " + lane + ")");
  s.bind(1, 1).bind(2, 0);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.column_int64(0);
}

namespace {

void set_synced(Database& db, Stream stream, const std::vector<std::string>& ids, Millis at) {
  Statement s(
      db, std::string("UPDATE ") + table_of(stream).table + " SET synced_at = ? WHERE id = ? AND synced_at IS NULL");
  for (const auto& id : ids) {
    s.bind(1, at).bind(2, id).run();
    s.reset();
  }
}

// How many rows took the reason: 0 when no record has this id.
int set_rejected(Database& db, Stream stream, std::string_view id, std::string_view reason) {
  Statement s(db, std::string("UPDATE ") + table_of(stream).table + " SET rejected_reason = ? WHERE id = ?");
  s.bind(1, reason.empty() ? std::string_view("rejected without a reason") : reason).bind(2, id).run();
  return db.changes();
}

}  // namespace

void Outbox::mark_synced(Stream stream, const std::vector<std::string>& ids, Millis at) {
  Transaction tx(db_);
  set_synced(db_, stream, ids, at);
  tx.commit();
}

void Outbox::mark_rejected(Stream stream, std::string_view id, std::string_view reason) {
  if (set_rejected(db_, stream, id, reason) == 0)
    throw NotFoundError(std::string("no ") + table_of(stream).what + " with id " + std::string(id));
}

void Outbox::settle(Stream stream, const std::vector<std::string>& synced, const std::vector<RejectedRecord>& rejected,
                    Millis at) {
  Transaction tx(db_);
  set_synced(db_, stream, synced, at);
  for (const auto& r : rejected) set_rejected(db_, stream, r.id, r.reason);
  clear_inflight(stream);
  tx.commit();
}

std::optional<std::string> Outbox::rejection_of(Stream stream, std::string_view id) {
  Statement s(db_, std::string("SELECT rejected_reason FROM ") + table_of(stream).table + " WHERE id = ?");
  s.bind(1, id);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.column_text(0);
}

// The sync_inflight table comes from the store's migrations (schema version 4).
std::optional<InflightBatch> Outbox::inflight(Stream stream) {
  Statement s(db_, "SELECT idempotency_key, ids FROM sync_inflight WHERE channel = ?");
  s.bind(1, stream_name(stream));
  if (!s.step()) return std::nullopt;
  InflightBatch batch{s.column_text(0), {}};
  const auto ids = nlohmann::json::parse(s.column_view(1), nullptr, false);
  if (!ids.is_array()) return std::nullopt;
  for (const auto& id : ids)
    if (id.is_string()) batch.ids.push_back(id.get<std::string>());
  return batch;
}

void Outbox::set_inflight(Stream stream, const InflightBatch& batch) {
  Statement s(db_, "INSERT OR REPLACE INTO sync_inflight (channel, idempotency_key, ids) VALUES (?, ?, ?)");
  s.bind(1, stream_name(stream)).bind(2, batch.idempotency_key).bind(3, nlohmann::json(batch.ids).dump()).run();
}

void Outbox::clear_inflight(Stream stream) {
  Statement s(db_, "DELETE FROM sync_inflight WHERE channel = ?");
  s.bind(1, stream_name(stream)).run();
}

int Outbox::store_pulled_events(const std::vector<FollowupEvent>& events, std::string_view cursor_name,
                                std::string_view cursor, Millis now) {
  Transaction tx(db_);
  // synced_at set: it came from the hub, so it is never sent back.
  Statement add(db_,
                "INSERT INTO followup_events (id, response_id, at, status, by, note, synced_at) "
                "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS (SELECT 1 FROM responses WHERE id = ?2) "
                "ON CONFLICT (id) DO NOTHING");
  int added = 0;
  for (const auto& e : events) {
    add.bind(1, e.id).bind(2, e.response_id).bind(3, e.at).bind(4, e.status).bind(5, e.by);
    add.bind_text_or_null(6, e.note).bind(7, now).run();
    added += db_.changes();
    add.reset();
  }
  Statement put(db_,
                "INSERT INTO sync_cursors (name, cursor) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor");
  put.bind(1, cursor_name).bind(2, cursor).run();
  tx.commit();
  return added;
}

std::string Outbox::sync_cursor(std::string_view name) {
  Statement s(db_, "SELECT cursor FROM sync_cursors WHERE name = ?");
  s.bind(1, name);
  return s.step() ? s.column_text(0) : std::string();
}

std::vector<std::string> Outbox::used_categories() {
  Statement s(db_, "SELECT DISTINCT category FROM response_categories ORDER BY category");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.column_text(0));
  return out;
}

}  // namespace heard::store
