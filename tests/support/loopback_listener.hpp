#pragma once
// A TCP listener on 127.0.0.1 (a free port) for the tests' own servers (the fake hub, the
// SMTP sink): each connection is served on a thread of its own by the owner's function,
// then closed. Destroying it stops it: the acceptor and every connection's thread are
// joined, so the owner declares it last (destroyed first) and its serve function never
// outlives the state it uses. Serve functions poll stopping() to give up in time.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace heard::test {

class LoopbackListener {
 public:
  LoopbackListener(const std::string& who, int backlog, std::function<void(int fd)> serve) : serve_(std::move(serve)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, backlog) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      const std::string why = std::strerror(errno);
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error(who + ": cannot listen: " + why);
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_until_stopped(); });
  }

  ~LoopbackListener() {
    stopping_ = true;
    acceptor_.join();
    for (auto& t : connections_) t.join();
    ::close(fd_);
  }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  int port() const { return port_; }
  bool stopping() const { return stopping_; }

 private:
  void accept_until_stopped() {
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0)
        connections_.emplace_back([this, client] {
          serve_(client);
          ::close(client);
        });
    }
  }

  std::function<void(int)> serve_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // only the acceptor thread adds to it
};

}  // namespace heard::test
