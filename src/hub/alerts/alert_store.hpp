#pragma once
// Where alerts keep their outbox and their place in the stream of responses. Its own narrow
// interface, apart from HubStorage: the alerts read what ingest stored and write only their
// own tables (alert_* in hub_schema.cpp), so a storage backend and the alerts change apart.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace heard::hub::alerts {

// A notification as it will be sent, rendered for one channel.
struct NewDelivery {
  std::string id;       // the idempotency id (a UUIDv7), also inside a webhook's body
  std::string dedup;    // rule:subject:channel; the same key is never queued twice
  std::string channel;  // "webhook:NAME" or "email:PERSON"
  std::string rule;
  std::string site_id;
  std::string subject;
  std::string body;  // webhook: the JSON body; e-mail: the plain text
  std::string html;  // e-mail only
  // Set: held for its person (quiet hours, hourly limit) until at least then; see release().
  std::optional<Millis> hold_until;
};

// held: waiting for its person's quiet hours or hourly limit to end (never expires while
// held); merged: went out inside a summary of held ones instead.
enum class DeliveryState { queued, failing, sent, expired, held, merged };
const char* to_string(DeliveryState state);
// The inverse of to_string, as the column `state` stores it; anything else reads as queued.
DeliveryState delivery_state_from(std::string_view text);
// A response's categories as both stores keep them (a JSON array of ids); anything else: none.
std::vector<std::string> categories_from(std::string_view json_text);

// A delivery's columns in the order both stores read them into a Delivery (the same SQL
// on SQLite and PostgreSQL).
inline constexpr const char* delivery_columns =
    "id, channel, rule, coalesce(site_id, ''), subject, body, coalesce(html, ''), state, created_at, expires_at, "
    "next_at, sent_at, attempts, coalesce(last_error, '')";

struct Delivery {
  std::string id;  // the idempotency id: Idempotency-Key / Message-ID
  std::string channel, rule, site_id, subject, body, html;
  DeliveryState state = DeliveryState::queued;
  Millis created_at = 0, expires_at = 0, next_at = 0;
  std::optional<Millis> sent_at;
  int attempts = 0;
  std::string last_error;
};

// An urgent complaint as the rules see it: no contact details, no free text.
struct UrgentCase {
  std::int64_t seq = 0;
  std::string id, kiosk_id, site_id, site_name, kind;
  int rating = 0;
  std::vector<std::string> categories;
  Millis created_at = 0;
};

struct NewResponses {
  std::vector<UrgentCase> urgent;
  std::int64_t last_seq = 0;  // the cursor to commit once these are queued
};

// One site's responses within a window (by their own created_at).
struct SiteWindow {
  std::string site_id, site_name;
  int total = 0;
  int unhappy = 0;  // rated 1 or 2
};

// What a kiosk last reported in its heartbeat; received_at is the hub's wall clock.
struct KioskHealth {
  std::string kiosk_id, site_id, site_name;
  Millis received_at = 0;
  std::optional<Millis> oldest_unsynced_at;
};

// A follow-up case still new or contacted past its due instant; no contact details.
struct OverdueCase {
  std::string id, kiosk_id, site_id, site_name, status;
  bool urgent = false;
  Millis created_at = 0, due_at = 0;
};

// An alert that stays open until its condition ends (a bad spell at a site).
struct OpenAlert {
  std::string subject;  // the site id
  Millis opened_at = 0;
  bool told = false;  // its opening has been queued (after coalescing)
};

// What one pass of a lasting rule changes, committed with its deliveries in one transaction.
struct OpenAlertChanges {
  std::string rule;
  std::vector<OpenAlert> opened;
  std::vector<std::string> closed;  // subjects
  std::vector<std::string> told;    // subjects now told
};

// One site's figures over a period, for its digest: no contact details, no free text.
struct DigestFigures {
  int responses = 0;
  int happy = 0;                                                  // rated 4 or 5 (CSAT's numerator)
  int open_cases = 0;                                             // now, not in the period
  std::vector<std::pair<std::string, int>> complaint_categories;  // most frequent first
};

// A person's channel over the last hour: what joined the send queue, the oldest of those,
// and how many wait held.
struct PersonWindow {
  int queued = 0;
  Millis oldest = 0;
  int held = 0;
};

class AlertStore {
 public:
  virtual ~AlertStore() = default;

  // Rules' cursors over responses.seq. An unknown cursor starts at the newest response, so
  // a hub that gains alerts does not mail its whole history.
  virtual std::int64_t cursor(const std::string& name) = 0;
  virtual NewResponses responses_after(std::int64_t seq, int limit) = 0;

  virtual std::vector<SiteWindow> site_windows(Millis from, Millis until) = 0;  // sites with any response
  // Cases (urgent, or complaints with contact details) still new or contacted, created
  // before `created_before`, stored after response seq `after_seq`; oldest first.
  virtual std::vector<OverdueCase> open_cases(std::int64_t after_seq, Millis created_before, int limit) = 0;
  // Every kiosk that has sent a heartbeat and is not revoked.
  virtual std::vector<KioskHealth> kiosk_health() = 0;
  virtual std::vector<OpenAlert> open_alerts(const std::string& rule) = 0;
  virtual void apply(const OpenAlertChanges& changes, const std::vector<NewDelivery>& deliveries, Millis now_wall,
                     Millis expires_at) = 0;

  // Queues `deliveries` (those whose dedup key is new) and moves cursor `name` to `value`,
  // in one transaction: a crash between the two can neither lose nor double a notification.
  virtual void enqueue(const std::vector<NewDelivery>& deliveries, const std::string& cursor_name,
                       std::int64_t cursor_value, Millis now_wall, Millis expires_at) = 0;

  // The oldest due delivery, leased to this run (`run`) until `lease_until` on the steady
  // clock. A lease of another run (a hub that died mid-send) is void.
  virtual std::optional<Delivery> claim_due(const std::string& run, Now now, Millis lease_ms, Millis max_wait) = 0;
  virtual void mark_sent(const std::string& id, Millis at) = 0;
  virtual void mark_failed(const std::string& id, const std::string& error, Millis next_at) = 0;
  virtual int expire_overdue(Millis now_wall) = 0;  // returns how many expired
  // The earliest next_at of any queued or failing delivery.
  virtual std::optional<Millis> next_due() = 0;

  // Complete, unflagged responses of `site` created in [from, until); open cases now.
  virtual DigestFigures digest_figures(const std::string& site, Millis from, Millis until) = 0;
  virtual PersonWindow person_window(const std::string& channel, Millis since) = 0;
  // Channels with a held delivery whose earliest release has come.
  virtual std::vector<std::string> channels_with_held_due(Millis now_wall) = 0;
  virtual std::vector<Delivery> held(const std::string& channel) = 0;  // oldest first
  // Held deliveries `ids` join the send queue as they are, or, with `summary`, are marked
  // merged into it while it is queued: in one transaction.
  virtual void release(const std::vector<std::string>& ids, const std::optional<NewDelivery>& summary, Millis now_wall,
                       Millis expires_at) = 0;

  // Newest first; `state` empty: all.
  virtual std::vector<Delivery> deliveries(const std::string& state, int limit) = 0;

  // Settings changed in the console (JSON text), over those of hub.toml; empty: none.
  virtual std::string setting(const std::string& key) = 0;
  virtual void set_setting(const std::string& key, const std::string& value) = 0;
};

}  // namespace heard::hub::alerts
