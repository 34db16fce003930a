#pragma once
// Where the hub keeps what kiosks send. Narrow on purpose: SQLite (one file, WAL) serves a
// chain of a few hundred kiosks; a PostgreSQL backend for larger chains implements the
// same interface and the server does not change.
#include <cstdint>
#include <string>
#include <vector>

#include "ingest.hpp"
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
};

}  // namespace heard::hub
