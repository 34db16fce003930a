#pragma once
// Where the hub keeps what kiosks send. Narrow on purpose: SQLite (one file, WAL) serves a
// chain of a few hundred kiosks; a PostgreSQL backend for larger chains implements the
// same interface and the server does not change.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hub_config.hpp"
#include "ingest.hpp"
#include "people.hpp"
#include "sign_in_limiter.hpp"
#include "store/export.hpp"
#include "sync/protocol.hpp"

namespace heard::hub {

// The idempotency facts of one upload: the key the kiosk chose and a digest of the body.
struct UploadKey {
  std::string key;     // empty when the kiosk sent none
  std::string digest;  // of the body as received (decompressed)
};

class HubStorage {
 public:
  virtual ~HubStorage() = default;

  // Stores the new, valid records of one batch atomically and returns the protocol reply.
  // Ids already stored are reported as duplicates and never stored twice. When this kiosk
  // used the same key for the same body before, returns that first reply unchanged.
  virtual sync::BatchReply store_feedback(const std::string& kiosk_id, const UploadKey& key,
                                          const std::vector<FeedbackEntry>& entries) = 0;
  virtual sync::BatchReply store_events(const std::string& kiosk_id, const UploadKey& key,
                                        const std::vector<EventEntry>& entries) = 0;
  virtual void store_heartbeat(const Heartbeat& heartbeat) = 0;

  // Streams stored responses with the same filters and formats as `heardctl export`.
  virtual std::int64_t export_feedback(const store::ExportFilter& filter, store::ExportFormat format,
                                       const store::ExportSink& sink) = 0;
  virtual bool healthy() = 0;

  // --- Sites, kiosks and their tokens (kept only as digests, secrets.hpp) ---
  // Makes the stored sites and kiosks match the configuration file (kiosks keep their tokens).
  virtual void apply_config(const HubConfig& config) = 0;
  // Sets a kiosk's token digest (a new kiosk when unknown); `site` empty keeps its site.
  // Throws std::invalid_argument for an unknown site.
  virtual void set_kiosk_token(const std::string& kiosk, const std::string& site, const std::string& digest) = 0;
  virtual bool revoke_kiosk(const std::string& kiosk) = 0;  // false: no such kiosk
  virtual std::optional<std::string> kiosk_for_token(const std::string& digest) = 0;

  // --- People, sessions, audit ---
  virtual void add_user(const User& user) = 0;  // throws std::invalid_argument: name taken, unknown site
  virtual std::optional<User> find_user(const std::string& name) = 0;
  virtual bool set_password(const std::string& name, const std::string& hash) = 0;
  virtual bool disable_user(const std::string& name) = 0;  // also ends the person's sessions
  // Everyone, by name: [{"name", "role", "sites", "disabled", "created_at"}]; no password hashes.
  virtual nlohmann::json people() = 0;
  virtual void add_session(const std::string& digest, std::int64_t user_id, const std::string& csrf,
                           Millis expires_at) = 0;
  virtual std::optional<Session> find_session(const std::string& digest, Millis now) = 0;
  virtual void end_session(const std::string& digest) = 0;
  // A person's API token for scripts (its digest); false: no such person.
  virtual bool add_api_token(const std::string& name, const std::string& digest) = 0;
  virtual std::optional<User> user_for_api_token(const std::string& digest) = 0;  // enabled people only
  virtual void audit(const AuditEntry& entry) = 0;
  virtual nlohmann::json audit_log(std::int64_t limit) = 0;

  // --- The console's read models, as the JSON it shows, limited to what `who` may see ---
  virtual nlohmann::json overview(const User& who, Millis from, Millis until, Millis now) = 0;
  virtual nlohmann::json cases(const User& who, Millis now) = 0;  // open follow-ups, urgent then due
  virtual std::optional<nlohmann::json> find_case(const User& who, const std::string& id, Millis now) = 0;
  virtual std::optional<nlohmann::json> contact(const User& who, const std::string& id) = 0;
  // Filters: site, kiosk, since, until (ms), rating, kind, category, flagged (bool), text (words
  // in the comment), before_at/before_seq (the keyset cursor); newest first.
  virtual nlohmann::json responses(const User& who, const nlohmann::json& filter, int limit) = 0;
  // Every response `responses` would list with this filter (no cursor), as CSV or NDJSON,
  // oldest first, without contact details; returns how many.
  virtual std::int64_t export_responses(const User& who, const nlohmann::json& filter, store::ExportFormat format,
                                        const store::ExportSink& sink) = 0;
  // The kiosk's insights (store/insights) over the kiosks of `site` (empty: every site) that
  // `who` may see, with a trend by day or by week.
  virtual nlohmann::json insights(const User& who, const std::string& site, Millis from, Millis to, bool weekly) = 0;
  // A follow-up event made at head office (assigned, note, contacted, resolved, unreachable).
  virtual void add_hub_event(const store::FollowupEvent& event, const std::string& to) = 0;
  // Protocol 1.1: events about this kiosk's responses made elsewhere, after `cursor`.
  virtual nlohmann::json events_for_kiosk(const std::string& kiosk, std::int64_t cursor, int limit) = 0;

  // Sign-in failures counted where every hub process sees them; nullptr: each process
  // counts its own in memory (one process per database, as with SQLite).
  virtual SignInLimits* shared_sign_in_limits() { return nullptr; }
};

}  // namespace heard::hub
