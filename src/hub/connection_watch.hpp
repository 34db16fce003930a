#pragma once
// Deadlines for whole phases of a connection, which libmicrohttpd lacks: its own timeout is
// for inactivity and every byte renews it, so a client sending one header byte a second
// would keep a connection forever. Each connection is registered here with the time its
// current phase began; a sweeper thread shuts down (shutdown(2)) the socket of any
// connection past its deadline, and the event loop then closes it as it closes any
// connection the peer hung up.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace heard::hub {

struct WatchedConnection {
  enum class Phase {
    awaiting_head,  // from accept (TLS handshake included) or the end of the previous request
    in_request,     // head in, body arriving
    replying,       // a reply is queued: only the inactivity timeout applies
  };
  int fd = -1;
  Phase phase = Phase::awaiting_head;
  std::chrono::steady_clock::time_point since;
};

class ConnectionWatch {
 public:
  using Clock = std::chrono::steady_clock;

  ConnectionWatch(Clock::duration head_deadline, Clock::duration request_deadline);
  ~ConnectionWatch();  // stops the sweeper
  ConnectionWatch(const ConnectionWatch&) = delete;
  ConnectionWatch& operator=(const ConnectionWatch&) = delete;

  // The event loop calls these; `forget` must come before the socket is closed, so the
  // sweeper never shuts down a descriptor number that was reused.
  WatchedConnection* watch(int fd);
  void enter(WatchedConnection* c, WatchedConnection::Phase phase);
  void forget(WatchedConnection* c);

 private:
  void sweep_until_stopped();
  void sweep_once();

  const Clock::duration head_deadline_;
  const Clock::duration request_deadline_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::unordered_set<WatchedConnection*> connections_;
  std::thread sweeper_;
};

}  // namespace heard::hub
