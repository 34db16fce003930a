#pragma once
// What waits in the kiosk file for the hub, and the sync thread's whole view of that file:
// responses for /feedback and follow-up events for /events (src/sync/PROTOCOL.md), each one
// stream with the same operations, the batch in flight, and what the hub sends back down
// (follow-up events made elsewhere, the survey's categories check). Over a connection the
// caller owns: the UI's (ResponseStore::outbox()) or the sync thread's plain one.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"

namespace heard::store {

class NotFoundError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct FollowupEvent {
  std::string id;  // UUIDv7
  std::string response_id;
  Millis at = 0;
  std::string status;  // "contacted", "resolved", "unreachable"; "purged" from the retention purge
  std::string by;      // staff name
  std::string note;
  bool operator==(const FollowupEvent&) const = default;
};

// {"id":..,"response_id":..,"at":..,"status":..,"by":..,"note":..|null}, the /events record.
std::string to_json_line(const FollowupEvent& e);

enum class Stream { responses, events };
// The protocol's name for a stream ("feedback", "events"); also the in-flight log's key.
std::string_view stream_name(Stream stream);

// A record as it goes on the wire: its id and its JSON line.
struct WaitingRecord {
  std::string id;
  std::string line;
};

// A record the hub refused, and why (kept on the kiosk for staff).
struct RejectedRecord {
  std::string id;
  std::string reason;
};

// The batch on its way to the hub, kept in the file so that a restart mid-batch resends the
// same records under the same Idempotency-Key: the hub then replays its first answer.
struct InflightBatch {
  std::string idempotency_key;
  std::vector<std::string> ids;
};

class Outbox {
 public:
  explicit Outbox(Database& db) : db_(db) {}

  // Waiting records in sending order: urgent responses first, then oldest.
  std::vector<WaitingRecord> pending(Stream stream, std::size_t limit);
  // These records, in this order, if every one of them is still waiting; else nullopt.
  std::optional<std::vector<WaitingRecord>> still_pending(Stream stream, const std::vector<std::string>& ids);
  std::int64_t size(Stream stream);  // waiting, not counting rejected ones
  std::optional<Millis> oldest_unsynced_response();
  void mark_synced(Stream stream, const std::vector<std::string>& ids, Millis at);
  // Kept on the kiosk for staff; throws NotFoundError for an unknown id.
  void mark_rejected(Stream stream, std::string_view id, std::string_view reason);
  std::optional<std::string> rejection_of(Stream stream, std::string_view id);

  // What the hub's reply to the batch in flight settled, in one transaction: `synced` as
  // synced at `at`, `rejected` with their reasons, and no batch in flight any more. An id no
  // longer on the kiosk (purged meanwhile) needs no mark and is passed over.
  void settle(Stream stream, const std::vector<std::string>& synced, const std::vector<RejectedRecord>& rejected,
              Millis at);

  std::optional<InflightBatch> inflight(Stream stream);
  void set_inflight(Stream stream, const InflightBatch& batch);
  void clear_inflight(Stream stream);

  // Follow-up events made elsewhere (head office, another kiosk), pulled from the hub
  // (PROTOCOL 1.1), stored with `cursor` in one transaction: append-only, a known id is
  // skipped, an event about a response this kiosk does not have is skipped, and none goes
  // back to the hub. Returns how many were new.
  int store_pulled_events(const std::vector<FollowupEvent>& events, std::string_view cursor_name,
                          std::string_view cursor, Millis now);
  std::string sync_cursor(std::string_view name);  // empty: from the beginning
  // Every category id a saved response carries: a survey from the hub must still know them all.
  std::vector<std::string> used_categories();

 private:
  Database& db_;
};

}  // namespace heard::store
