#pragma once
// What travels to the hub, one channel per endpoint: responses to /feedback and follow-up
// events to /events. Both are streams of the same outbox (store/outbox.hpp); the engine
// drives them the same way through this class.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/outbox.hpp"
#include "sync/batch.hpp"

namespace heard::sync {

class Channel {
 public:
  Channel(store::Outbox& outbox, store::Stream stream) : outbox_(outbox), stream_(stream) {}
  store::Stream stream() const { return stream_; }
  std::string_view name() const { return store::stream_name(stream_); }  // "feedback", "events"
  std::string_view path() const;                                         // the endpoint below /v1/kiosks/{id}
  // Waiting records in sending order (urgent first, then oldest).
  std::vector<OutgoingRecord> pending(std::size_t limit) { return outbox_.pending(stream_, limit); }
  // These records, in this order, if every one of them is still waiting; else nullopt.
  std::optional<std::vector<OutgoingRecord>> still_pending(const std::vector<std::string>& ids) {
    return outbox_.still_pending(stream_, ids);
  }
  std::int64_t pending_count() { return outbox_.size(stream_); }
  // Kept on the kiosk for staff, and said in the log.
  void mark_rejected(const std::string& id, const std::string& reason);
  // The hub's reply to the batch in flight, stored in one transaction (Outbox::settle); each
  // rejection said in the log as mark_rejected does.
  void settle(const std::vector<std::string>& synced, const std::vector<store::RejectedRecord>& rejected, Millis at);

 private:
  store::Outbox& outbox_;
  store::Stream stream_;
};

}  // namespace heard::sync
