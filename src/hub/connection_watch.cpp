#include "connection_watch.hpp"

#include <sys/socket.h>

namespace heard::hub {

namespace {

// Often enough that a deadline is kept to within a quarter of a second; cheap enough to be
// invisible (one pass over a few hundred pointers).
constexpr auto sweep_interval = std::chrono::milliseconds(250);

}  // namespace

ConnectionWatch::ConnectionWatch(Clock::duration head_deadline, Clock::duration request_deadline)
    : head_deadline_(head_deadline), request_deadline_(request_deadline), sweeper_([this] { sweep_until_stopped(); }) {}

ConnectionWatch::~ConnectionWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  sweeper_.join();
  for (auto* c : connections_) delete c;
}

WatchedConnection* ConnectionWatch::watch(int fd) {
  auto* c = new WatchedConnection{fd, WatchedConnection::Phase::awaiting_head, Clock::now()};
  std::lock_guard lock(mutex_);
  connections_.insert(c);
  return c;
}

void ConnectionWatch::enter(WatchedConnection* c, WatchedConnection::Phase phase) {
  if (!c) return;
  std::lock_guard lock(mutex_);
  c->phase = phase;
  c->since = Clock::now();
}

void ConnectionWatch::forget(WatchedConnection* c) {
  if (!c) return;
  {
    std::lock_guard lock(mutex_);
    connections_.erase(c);
  }
  delete c;
}

void ConnectionWatch::sweep_until_stopped() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, sweep_interval);
    if (!stopping_) sweep_once();
  }
}

void ConnectionWatch::sweep_once() {
  const auto now = Clock::now();
  for (auto* c : connections_) {
    using Phase = WatchedConnection::Phase;
    const bool late = (c->phase == Phase::awaiting_head && now - c->since > head_deadline_) ||
                      (c->phase == Phase::in_request && now - c->since > request_deadline_);
    if (late) {
      ::shutdown(c->fd, SHUT_RDWR);
      c->phase = Phase::replying;  // once is enough; the event loop closes it now
    }
  }
}

}  // namespace heard::hub
