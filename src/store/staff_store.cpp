#include "store/staff_store.hpp"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

#include "core/log.hpp"
#include "core/uuid.hpp"
#include "store/contact_index.hpp"

namespace heard::store {

namespace {

constexpr Millis day_ms = 24LL * 3'600'000;

void require_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
}

bool pin_matches(const std::string& hash, std::string_view pin) {
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

bool is_closed(std::string_view status) {
  return status == "resolved" || status == "unreachable" || status == "purged";
}

// The latest follow-up event of the response in column `r` that says where the case stands:
// events pulled from the hub may also be "assigned" or "note" (PROTOCOL 1.1), history only.
#define HEARD_STATE_EVENTS                             \
  "FROM followup_events e WHERE e.response_id = r.id " \
  "AND e.status IN ('contacted', 'resolved', 'unreachable', 'purged') ORDER BY e.at DESC, e.seq DESC LIMIT 1)"
constexpr const char* latest_status = "(SELECT status " HEARD_STATE_EVENTS;
constexpr const char* latest_at = "(SELECT at " HEARD_STATE_EVENTS;
#undef HEARD_STATE_EVENTS

}  // namespace

Millis lockout_after(int failures) {
  if (failures < free_pin_tries) return 0;
  const int doublings = std::min(failures - free_pin_tries, 7);  // 30 s * 2^7 > 1 h
  return std::min<Millis>(30'000LL << doublings, 3'600'000);
}

void StaffStore::set_pin(std::string_view name, std::string_view pin, Millis now) {
  require_sodium();
  if (name.empty() || name.size() > 100) throw PinRejected("the staff name must be 1 to 100 characters");
  if (pin.size() < 4 || pin.size() > 12 || pin.find_first_not_of("0123456789") != std::string_view::npos)
    throw PinRejected("a PIN is 4 to 12 digits");
  Transaction tx(db_);
  // A PIN names who is logging in, so two members cannot share one.
  Statement others(db_, "SELECT name, pin_hash FROM staff_pins WHERE name <> ?");
  others.bind(1, name);
  while (others.step())
    if (pin_matches(others.column_text(1), pin))
      throw PinRejected("this PIN already belongs to " + others.column_text(0) + "; choose another");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, pin.data(), pin.size(), pin_hash_ops, pin_hash_memory) != 0)
    throw std::runtime_error("not enough memory to hash the PIN (argon2id needs 19 MiB)");
  Statement put(db_,
                "INSERT INTO staff_pins (name, pin_hash, set_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET pin_hash = excluded.pin_hash, set_at = excluded.set_at");
  put.bind(1, name).bind(2, std::string_view(hash)).bind(3, now).run();
  audit(name, "pin_set", {}, {}, now);
  tx.commit();
}

bool StaffStore::has_pins() { return db_.query_int("SELECT EXISTS (SELECT 1 FROM staff_pins)") != 0; }

std::vector<std::string> StaffStore::staff_names() {
  Statement s(db_, "SELECT name FROM staff_pins ORDER BY name");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.column_text(0));
  return out;
}

std::optional<Millis> StaffStore::locked_until(Millis now) {
  Statement s(db_, "SELECT locked_until, failures FROM staff_lockout WHERE id = 1 AND locked_until > ?");
  s.bind(1, now);
  std::optional<Millis> until;
  // A lockout is stored as a wall-clock instant so it outlives a restart; after the clock
  // stepped back (NTP on a board without a real-time clock) it still lasts no longer than
  // its own length from now.
  if (s.step()) until = std::min(s.column_int64(0), now + lockout_after(static_cast<int>(s.column_int64(1))));
  if (unrecorded_lock_until_ > now) until = std::max(until.value_or(0), unrecorded_lock_until_);
  return until;
}

void StaffStore::lockout_served(Millis now) {
  if (unrecorded_lock_until_ > now) unrecorded_lock_until_ = now;
  try {
    Statement s(db_, "UPDATE staff_lockout SET locked_until = ? WHERE id = 1 AND locked_until > ?");
    s.bind(1, now).bind(2, now).run();
  } catch (const StorageUnavailableError& e) {
    log::warning(std::string("staff mode: the end of a lockout could not be recorded: ") + e.what());
  }
}

Login StaffStore::login(std::string_view pin, Millis now) {
  require_sodium();
  Login result;
  if (!has_pins()) {
    result.outcome = Login::Outcome::no_pins;
    return result;
  }
  if (auto until = locked_until(now)) {
    result.outcome = Login::Outcome::locked;
    result.locked_until = *until;
    audit_or_log("unknown", "pin_while_locked", now);
    return result;
  }
  result.name = staff_with_pin(pin);
  if (result.name.empty()) return record_wrong_pin(now);
  result.outcome = Login::Outcome::ok;
  record_login(result.name, now);
  return result;
}

// Every PIN is checked, whichever matches, so the time taken says nothing about which did.
std::string StaffStore::staff_with_pin(std::string_view pin) {
  std::string name;
  Statement pins(db_, "SELECT name, pin_hash FROM staff_pins ORDER BY name");
  while (pins.step())
    if (pin_matches(pins.column_text(1), pin)) name = pins.column_text(0);
  return name;
}

void StaffStore::record_login(const std::string& name, Millis now) {
  unrecorded_failures_ = 0;  // a success starts the count again
  unrecorded_lock_until_ = 0;
  try {
    Transaction tx(db_);
    db_.exec("DELETE FROM staff_lockout");
    audit(name, "login", {}, {}, now);
    tx.commit();
  } catch (const StorageUnavailableError& e) {
    // A full disk is exactly when the kiosk sends for staff: the right PIN still opens
    // staff mode; the journal says what the audit log could not.
    log::warning(std::string("staff mode: a login could not be recorded: ") + e.what());
  }
}

Login StaffStore::record_wrong_pin(Millis now) {
  const auto recorded_failures = [this] {
    return static_cast<int>(db_.query_int("SELECT failures FROM staff_lockout WHERE id = 1"));
  };
  int failures = 0;
  Millis lock = 0;
  try {
    Transaction tx(db_);
    failures = recorded_failures() + unrecorded_failures_ + 1;
    lock = lockout_after(failures);
    Statement put(db_, "INSERT OR REPLACE INTO staff_lockout (id, failures, locked_until) VALUES (1, ?, ?)");
    put.bind(1, failures).bind(2, lock ? now + lock : 0).run();
    audit("unknown", "pin_wrong", {}, lock ? "locked for " + std::to_string(lock / 1000) + " s" : std::string(), now);
    tx.commit();
    unrecorded_failures_ = 0;  // all on disk now
    unrecorded_lock_until_ = 0;
  } catch (const StorageUnavailableError& e) {
    failures = recorded_failures() + ++unrecorded_failures_;
    lock = lockout_after(failures);
    unrecorded_lock_until_ = lock ? now + lock : 0;
    log::warning(std::string("staff mode: a wrong PIN could not be recorded, so it counts in memory until storage "
                             "is back: ") +
                 e.what());
  }
  Login result;
  if (lock) {
    log::warning("staff mode: " + std::to_string(failures) + " wrong PINs in a row; locked for " +
                 std::to_string(lock / 1000) + " s");
    result.outcome = Login::Outcome::locked;
    result.locked_until = now + lock;
  } else {
    result.outcome = Login::Outcome::wrong_pin;
    result.tries_left = free_pin_tries - failures;
  }
  return result;
}

void StaffStore::audit(std::string_view who, std::string_view action, std::string_view response_id,
                       std::string_view detail, Millis now) {
  Statement s(db_, "INSERT INTO audit_log (at, who, action, response_id, detail) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, now).bind(2, who.empty() ? std::string_view("unknown") : who).bind(3, action);
  s.bind_text_or_null(4, response_id).bind_text_or_null(5, detail).run();
}

void StaffStore::audit_or_log(std::string_view who, std::string_view action, Millis now) {
  try {
    audit(who, action, {}, {}, now);
  } catch (const StorageUnavailableError& e) {
    log::warning("staff mode: could not record " + std::string(action) + " in the audit log: " + e.what());
  }
}

namespace {
std::vector<AuditEntry> read_audit(Statement& s) {
  std::vector<AuditEntry> out;
  while (s.step())
    out.push_back({s.column_int64(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_text(4)});
  return out;
}
}  // namespace

std::vector<AuditEntry> StaffStore::audit_log(std::size_t limit) {
  Statement s(db_, "SELECT at, who, action, response_id, detail FROM audit_log ORDER BY seq DESC LIMIT ?");
  s.bind(1, static_cast<std::int64_t>(limit));
  return read_audit(s);
}

std::vector<AuditEntry> StaffStore::audit_for(std::string_view response_id) {
  Statement s(db_, "SELECT at, who, action, response_id, detail FROM audit_log WHERE response_id = ? ORDER BY seq");
  s.bind(1, response_id);
  return read_audit(s);
}

std::vector<QueueItem> StaffStore::followup_queue(int sla_hours, Millis now, std::size_t limit) {
  // Every item has the same SLA, so the least time left is the oldest: walk the partial
  // index in time order and skip what is closed, until `limit` open items are found.
  Statement s(db_, std::string("SELECT r.id, ") + latest_status + ", " + latest_at +
                       ", r.contact_purged_at IS NOT NULL FROM responses r INDEXED BY responses_followup "
                       "WHERE r.complete = 1 AND r.urgent = 1 ORDER BY r.created_at, r.seq");
  std::vector<QueueItem> out;
  while (out.size() < limit && s.step()) {
    const std::string status = s.column_text(1);
    if (is_closed(status)) continue;
    QueueItem item;
    item.response = *store_.find(s.column_view(0));
    if (!status.empty()) item.status = status;
    item.status_at = s.column_int64(2);
    item.contact_purged = s.column_int(3) != 0;
    item.sla = sla_clock(item.response.created_at, sla_hours, now);
    item.complaints_in_90_days = complaints_in_window(db_, item.response.id);
    out.push_back(std::move(item));
  }
  return out;
}

std::optional<QueueItem> StaffStore::followup(std::string_view response_id, int sla_hours, Millis now) {
  Statement s(db_, std::string("SELECT ") + latest_status + ", " + latest_at +
                       ", r.contact_purged_at IS NOT NULL FROM responses r WHERE r.id = ?");
  s.bind(1, response_id);
  if (!s.step()) return std::nullopt;
  QueueItem item;
  item.response = *store_.find(response_id);
  if (!s.is_null(0)) item.status = s.column_text(0);
  item.status_at = s.column_int64(1);
  item.contact_purged = s.column_int(2) != 0;
  item.sla = sla_clock(item.response.created_at, sla_hours, now);
  item.complaints_in_90_days = complaints_in_window(db_, item.response.id);
  return item;
}

Contact StaffStore::reveal_contact(std::string_view who, std::string_view response_id, Millis now) {
  auto r = store_.find(response_id);
  if (!r) throw NotFoundError("no response with id " + std::string(response_id));
  audit(who, "reveal_contact", response_id, {}, now);  // logged before anything is shown
  return r->contact;
}

FollowupEvent StaffStore::record_followup(std::string_view who, std::string_view response_id, std::string_view status,
                                          std::string_view note, Millis now) {
  FollowupEvent e{make_uuid_v7(),      std::string(response_id), now,
                  std::string(status), std::string(who),         std::string(note)};
  Transaction tx(db_);
  store_.append_event(e);
  audit(who, "followup_" + std::string(status), response_id, note, now);
  tx.commit();
  return e;
}

std::vector<Rejected> StaffStore::rejected(std::size_t limit) {
  std::vector<Rejected> out;
  for (const auto& [kind, table] : {std::pair{"response", "responses"}, std::pair{"follow-up", "followup_events"}}) {
    Statement s(db_, std::string("SELECT id, rejected_reason FROM ") + table +
                         " WHERE rejected_reason IS NOT NULL ORDER BY seq DESC LIMIT ?");
    s.bind(1, static_cast<std::int64_t>(limit));
    while (s.step()) out.push_back({kind, s.column_text(0), s.column_text(1)});
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

PurgeReport StaffStore::purge(const PurgeRules& rules, std::string_view who, Millis now) {
  if (rules.retention_days < 0 || rules.hard_limit_days < 0)
    throw std::invalid_argument("retention and hard limit must be zero or more days");
  PurgeReport report;
  // Freed bytes are overwritten with zeros instead of lingering in the file.
  db_.exec("PRAGMA secure_delete = ON");
  {
    Transaction tx(db_);
    Statement due(db_,
                  std::string("SELECT r.seq, r.id, r.synced_at IS NOT NULL, ") + latest_status + ", " + latest_at +
                      ", r.created_at FROM responses r INDEXED BY responses_with_contact WHERE r.complete = 1 AND "
                      "(r.contact_name IS NOT NULL OR r.contact_phone IS NOT NULL OR r.contact_email IS NOT NULL OR "
                      "r.contact_channel IS NOT NULL)");
    struct Due {
      std::int64_t seq;
      std::string id;
      bool synced;
      bool finished;  // else past the hard limit
    };
    std::vector<Due> found;
    while (due.step()) {
      const std::string status = due.column_text(3);
      const bool finished = (status == "resolved" || status == "unreachable") &&
                            due.column_int64(4) + rules.retention_days * day_ms <= now;
      const bool too_old = due.column_int64(5) + rules.hard_limit_days * day_ms <= now;
      if (finished || too_old)
        found.push_back({due.column_int64(0), due.column_text(1), due.column_int(2) != 0, finished});
    }
    Statement clear(db_,
                    "UPDATE responses SET contact_name = NULL, contact_phone = NULL, contact_email = NULL, "
                    "contact_channel = NULL, contact_purged_at = ? WHERE seq = ?");
    Statement unhash(db_, "DELETE FROM contact_hashes WHERE response_seq = ?");
    std::vector<FollowupEvent> events;
    for (const Due& d : found) {
      clear.bind(1, now).bind(2, d.seq).run();
      clear.reset();
      unhash.bind(1, d.seq).run();
      unhash.reset();
      // The hub only holds what was synced; an unsynced response leaves without contact.
      if (d.synced)
        events.push_back({make_uuid_v7(), d.id, now, "purged", std::string(who),
                          d.finished ? "follow-up closed over " + std::to_string(rules.retention_days) + " days ago"
                                     : "response older than " + std::to_string(rules.hard_limit_days) + " days"});
    }
    report.purged = static_cast<std::int64_t>(found.size());
    for (const auto& e : events) store_.append_event(e);
    report.hub_events = static_cast<std::int64_t>(events.size());
    if (report.purged) audit(who, "purge", {}, std::to_string(report.purged) + " responses", now);
    tx.commit();
  }
  // Old copies of the pages live on in the WAL until a checkpoint writes them back.
  Statement checkpoint(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
  if (checkpoint.step()) report.checkpointed = checkpoint.column_int(0) == 0;
  return report;
}

}  // namespace heard::store
