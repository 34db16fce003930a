#pragma once
// The kiosk's durable record of every response: schema migrations, the outbox that sync
// drains, follow-up events and counts. Every write returns only after its transaction has
// committed (WAL, synchronous=FULL), so what the customer saw acknowledged is on disk.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/response.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "store/open.hpp"
#include "store/outbox.hpp"

namespace heard::store {

// A response that fails core validation never reaches the database.
class InvalidResponseError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A response is in progress while the customer is still at the kiosk; complete ones
// (Done pressed, walked away, or found in progress at start-up) go to the outbox.
enum class Stage { in_progress, complete };

struct Stats {
  std::int64_t total = 0;
  std::int64_t in_progress = 0;
  std::int64_t unsynced = 0;  // complete, not yet acknowledged by the hub
  std::int64_t rejected = 0;  // refused by the hub, waiting for staff
  std::array<std::int64_t, 5> by_rating{};
  double average_rating = 0;                                      // 0 when there are no responses
  double csat_percent = 0;                                        // share of 4-5 ratings
  std::vector<std::pair<std::string, std::int64_t>> by_category;  // most frequent first
};

class ResponseStore {
 public:
  static constexpr int schema_version = kiosk_schema_version;

  // Opens (creating folders and file as needed), checks integrity, moves a corrupt file
  // aside as "<name>.corrupt-<UTC timestamp>", migrates. Throws SchemaTooNewError,
  // StorageUnavailableError (read-only, disk full, no permission; unless `wait`),
  // SqliteError with a clear message. Every write throws StorageUnavailableError when the
  // storage refuses it, and the whole write is then undone.
  explicit ResponseStore(const std::filesystem::path& file, WhenUnavailable when = WhenUnavailable::fail);
  const std::filesystem::path& file() const { return file_; }
  ~ResponseStore();
  ResponseStore(const ResponseStore&) = delete;
  ResponseStore& operator=(const ResponseStore&) = delete;

  const OpenReport& open_report() const { return report_; }
  bool is_open() const { return db_.is_open(); }
  // Opened with `wait` on storage that refused writes: readable (frozen), every write throws
  // StorageUnavailableError; probe_write() opens it for writing once it can.
  bool is_read_only() const { return read_only_; }

  // Proves that a save would work now, by really writing: opens the database if it is not
  // open yet, then writes and deletes 32 KiB (more than any response) in one transaction.
  // Throws StorageUnavailableError (or SqliteError) when it would not.
  void probe_write();

  // The store reads no clock: `updated_at` is the caller's wall time (core/clock.hpp), and a
  // new response's is its created_at.
  // Inserts a new response; returns after commit. Throws InvalidResponseError, SqliteError.
  void save(const Response& r, Stage stage = Stage::complete);
  // Many responses in one transaction (seeding, imports).
  void save_all(const std::vector<Response>& rs);
  // Replaces the details of an existing response (same id); id, kiosk and time never change.
  void update(const Response& r, Stage stage, Millis now);
  // True when this call completed it; false when it already was.
  bool mark_complete(std::string_view id, Millis now);
  // At start-up: a response left in progress by a crash or power cut is complete as it is.
  int complete_all_in_progress(Millis now);

  std::optional<Response> find(std::string_view id);
  std::optional<Stage> stage_of(std::string_view id);

  // What waits for the hub (store/outbox.hpp), over this store's connection.
  Outbox outbox() { return Outbox(db_); }

  // Follow-up events are append-only.
  void append_event(const FollowupEvent& e);
  std::vector<FollowupEvent> events_for(std::string_view response_id);

  // What the hub rejected and staff have not yet sent again.
  struct RejectedCounts {
    std::int64_t responses = 0;
    std::int64_t events = 0;
    std::int64_t total() const { return responses + events; }
  };
  RejectedCounts rejected_counts();
  // Puts rejected responses and events (made at or after `since`, when given) back in the
  // outbox: the hub was wrong, or has been fixed. Returns how many of each.
  RejectedCounts resend_rejected(std::optional<Millis> since);

  Stats stats();

 private:
  // The connection stays inside the store: StaffStore is part of it, and the tests look at
  // the file through tests/support/store_inspector.hpp.
  friend class StaffStore;
  friend struct StoreInspector;
  Database& database() { return db_; }

  class Inserter;
  Inserter& inserter();

  std::filesystem::path file_;
  bool read_only_ = false;  // before db_: opening it sets this
  OpenReport report_;       // before db_: opening the database fills it in
  Database db_;
  std::unique_ptr<Inserter> inserter_;  // after db_: its statements go first
};

}  // namespace heard::store
