#include "sync/channels.hpp"

#include "core/log.hpp"
#include "sync/protocol.hpp"

namespace heard::sync {

std::string_view Channel::path() const { return stream_ == store::Stream::responses ? feedback_path : events_path; }

namespace {

void log_rejection(store::Stream stream, const std::string& id, const std::string& reason) {
  const char* what = stream == store::Stream::responses ? "response " : "follow-up event ";
  log::warning("sync: the hub rejected " + std::string(what) + id + ": " + reason + " (kept on the kiosk for staff)");
}

}  // namespace

void Channel::mark_rejected(const std::string& id, const std::string& reason) {
  outbox_.mark_rejected(stream_, id, reason);
  log_rejection(stream_, id, reason);
}

void Channel::settle(const std::vector<std::string>& synced, const std::vector<store::RejectedRecord>& rejected,
                     Millis at) {
  outbox_.settle(stream_, synced, rejected, at);
  for (const auto& r : rejected) log_rejection(stream_, r.id, r.reason);
}

}  // namespace heard::sync
