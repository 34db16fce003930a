#pragma once
// What travels to the hub, one channel per endpoint: responses to /feedback and follow-up
// events to /events. The engine drives both the same way through this interface.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/response_store.hpp"
#include "sync/batch.hpp"

namespace heard::sync {

class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string_view name() const = 0;  // "feedback", "events"
  virtual std::string_view path() const = 0;  // the endpoint below /v1/kiosks/{id}
  // Waiting records in sending order (urgent first, then oldest).
  virtual std::vector<OutgoingRecord> pending(std::size_t limit) = 0;
  // These records, in this order, if every one of them is still waiting; else nullopt.
  virtual std::optional<std::vector<OutgoingRecord>> still_pending(const std::vector<std::string>& ids) = 0;
  virtual std::int64_t pending_count() = 0;
  virtual void mark_synced(const std::vector<std::string>& ids, Millis at) = 0;
  virtual void mark_rejected(const std::string& id, const std::string& reason) = 0;
};

class ResponseChannel : public Channel {
 public:
  explicit ResponseChannel(store::ResponseStore& store) : store_(store) {}
  std::string_view name() const override { return "feedback"; }
  std::string_view path() const override { return "/feedback"; }
  std::vector<OutgoingRecord> pending(std::size_t limit) override;
  std::optional<std::vector<OutgoingRecord>> still_pending(const std::vector<std::string>& ids) override;
  std::int64_t pending_count() override { return store_.outbox_size(); }
  void mark_synced(const std::vector<std::string>& ids, Millis at) override { store_.mark_synced(ids, at); }
  void mark_rejected(const std::string& id, const std::string& reason) override;

 private:
  store::ResponseStore& store_;
};

class EventChannel : public Channel {
 public:
  explicit EventChannel(store::ResponseStore& store) : store_(store) {}
  std::string_view name() const override { return "events"; }
  std::string_view path() const override { return "/events"; }
  std::vector<OutgoingRecord> pending(std::size_t limit) override;
  std::optional<std::vector<OutgoingRecord>> still_pending(const std::vector<std::string>& ids) override;
  std::int64_t pending_count() override;
  void mark_synced(const std::vector<std::string>& ids, Millis at) override { store_.mark_events_synced(ids, at); }
  void mark_rejected(const std::string& id, const std::string& reason) override;

 private:
  store::ResponseStore& store_;
};

// {"id":..,"response_id":..,"at":..,"status":..,"by":..,"note":..|null}
std::string to_json_line(const store::FollowupEvent& e);

}  // namespace heard::sync
