#pragma once
// What staff mode keeps in the kiosk database: staff PINs (argon2id hashes only), the
// wrong-PIN lockout, the audit log of every staff action, the follow-up queue, and the
// purge of contact details after their retention period. Shares the kiosk's connection.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/response.hpp"
#include "core/sla.hpp"
#include "core/survey.hpp"
#include "store/response_store.hpp"
#include "store/usb_export.hpp"

namespace heard::store {

// A PIN that is not 4-12 digits, an empty name, or a PIN another member already uses.
class PinRejected : public std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes. A PIN check takes tens of
// milliseconds on the kiosk; an offline guesser pays the same for each of the 10^4+ PINs.
inline constexpr unsigned long long pin_hash_ops = 2;
inline constexpr std::size_t pin_hash_memory = 19u * 1024 * 1024;

// Five free tries, then 30 s, doubling with each further wrong PIN, at most an hour.
inline constexpr int free_pin_tries = 5;
Millis lockout_after(int failures);

struct Login {
  enum class Outcome { ok, wrong_pin, locked, no_pins } outcome = Outcome::wrong_pin;
  std::string name;         // who, when ok
  Millis locked_until = 0;  // when locked (also right after the try that locked it)
  int tries_left = 0;       // before the next lockout, after a wrong PIN
};

struct AuditEntry {
  Millis at = 0;
  std::string who, action, response_id, detail;
};

struct QueueItem {
  Response response;
  std::string status = "new";  // latest follow-up status: new, contacted
  Millis status_at = 0;
  SlaClock sla;
  int complaints_in_90_days = 0;  // 2+ marks a repeat complainant
  bool contact_purged = false;
};

// A record the hub refused, waiting for staff.
struct Rejected {
  std::string kind;  // "response" or "follow-up"
  std::string id;
  std::string reason;
};

struct PurgeRules {
  int retention_days = 90;    // after the follow-up is resolved or unreachable
  int hard_limit_days = 365;  // for every response, whatever its follow-up
};

struct PurgeReport {
  std::int64_t purged = 0;      // responses whose contact details were removed
  std::int64_t hub_events = 0;  // "purged" events queued for the hub (responses it already has)
  bool checkpointed = true;     // false when a reader kept old pages in the WAL for now
};

class StaffStore {
 public:
  explicit StaffStore(ResponseStore& store) : store_(store), db_(store.database()) {}

  // Sets (or replaces) `name`'s PIN. Throws PinRejected.
  void set_pin(std::string_view name, std::string_view pin, Millis now);
  bool has_pins();
  std::vector<std::string> staff_names();

  // Checks a PIN against every member's hash; counts failures and locks out, persistently.
  // Every outcome is in the audit log.
  Login login(std::string_view pin, Millis now);
  std::optional<Millis> locked_until(Millis now);
  // The lockout has lasted its length on the steady clock (staff mode timed it): a stored
  // end still ahead of `now` is from before the wall clock stepped back, so it ends now.
  void lockout_served(Millis now);

  void audit(std::string_view who, std::string_view action, std::string_view response_id, std::string_view detail,
             Millis now);
  // As audit(), for what must go on whatever the disk does: when storage refuses the write,
  // the journal says what the audit log could not.
  void audit_or_log(std::string_view who, std::string_view action, Millis now);
  std::vector<AuditEntry> audit_log(std::size_t limit);  // newest first
  std::vector<AuditEntry> audit_for(std::string_view response_id);

  // Open follow-ups (no resolved / unreachable / purged event yet), least time left first.
  std::vector<QueueItem> followup_queue(int sla_hours, Millis now, std::size_t limit);
  std::optional<QueueItem> followup(std::string_view response_id, int sla_hours, Millis now);

  // The contact details, for the member who asked to see them; the reveal is logged first.
  Contact reveal_contact(std::string_view who, std::string_view response_id, Millis now);
  // Appends a follow-up event (contacted, resolved, unreachable) and its audit entry together.
  FollowupEvent record_followup(std::string_view who, std::string_view response_id, std::string_view status,
                                std::string_view note, Millis now);

  // What the hub refused, newest first, responses and follow-up events together.
  std::vector<Rejected> rejected(std::size_t limit);

  // Staff's export to a USB stick (store/usb_export.hpp), read over the store's connection.
  UsbExport export_to_folder(const std::filesystem::path& folder, ExportFormat format, const ExportFilter& filter,
                             Millis now) {
    return store::export_to_folder(db_, folder, "", format, filter, now);
  }

  // Removes contact details that are past retention so that the bytes are gone from the
  // file (secure_delete, then a WAL checkpoint), and queues a "purged" event for the hub.
  PurgeReport purge(const PurgeRules& rules, std::string_view who, Millis now);

 private:
  std::string staff_with_pin(std::string_view pin);  // empty: no one's
  void record_login(const std::string& name, Millis now);
  Login record_wrong_pin(Millis now);

  ResponseStore& store_;
  Database& db_;
  // Wrong PINs that a full or read-only disk kept out of staff_lockout, and the lockout they
  // earned: they still count, or guesses would be free for as long as the disk is full.
  int unrecorded_failures_ = 0;
  Millis unrecorded_lock_until_ = 0;
};

}  // namespace heard::store
