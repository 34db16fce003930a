#include "sync/channels.hpp"

#include "core/log.hpp"
#include "sync/protocol.hpp"

namespace heard::sync {

std::string_view Channel::path() const { return stream_ == store::Stream::responses ? feedback_path : events_path; }

void Channel::mark_rejected(const std::string& id, const std::string& reason) {
  outbox_.mark_rejected(stream_, id, reason);
  const char* what = stream_ == store::Stream::responses ? "response " : "follow-up event ";
  log::warning("sync: the hub rejected " + std::string(what) + id + ": " + reason + " (kept on the kiosk for staff)");
}

}  // namespace heard::sync
