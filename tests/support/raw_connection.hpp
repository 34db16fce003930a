#pragma once
// Raw TCP connections to a server on loopback, for tests that must misbehave in ways no HTTP
// client library allows: trickling bytes, endless headers, lying lengths, idling. Each one
// may come from its own loopback address (127.0.0.0/8), so per-address limits can be tested
// and an attacker's address kept apart from a well-behaved client's.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>
#include <string_view>

namespace heard::test {

class RawConnection {
 public:
  // Connects (blocking, so the handshake is done) from `from` to 127.0.0.1:port, then turns
  // non-blocking: send() never waits.
  // Never throws: a connection that could not be made reports itself gone (send() < 0).
  explicit RawConnection(int port, const std::string& from = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in source{};
    source.sin_family = AF_INET;
    ::inet_pton(AF_INET, from.c_str(), &source.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) return;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0;
    ::fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends what the socket takes now; returns the bytes sent, or -1 once the peer is gone.
  long send(std::string_view data) {
    if (!connected_) return -1;
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return n;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  }

  // Everything the server sent until it closed the connection or `timeout` passed; `closed`
  // tells which. Returns as soon as the server closes (waits on poll, never sleeps).
  std::string read_until_closed(std::chrono::milliseconds timeout, bool* closed = nullptr) {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool ended = !connected_;
    while (!ended) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) got.append(buffer, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EINTR)) ended = true;
    }
    if (closed) *closed = ended;
    return got;
  }

  // The status of the first reply line within `timeout` (0 when none came), reading on until
  // the whole reply head is in.
  int read_status(std::chrono::milliseconds timeout) {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (got.find("\r\n\r\n") == std::string::npos) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[4096];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0 && errno != EAGAIN && errno != EINTR) break;
      if (n > 0) got.append(buffer, static_cast<std::size_t>(n));
    }
    return got.starts_with("HTTP/1.") && got.size() >= 12 ? std::stoi(got.substr(9, 3)) : 0;
  }

  // True when the server has closed (or reset) the connection; never waits.
  bool closed_by_peer() {
    if (!connected_) return true;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n == 0) return true;
      if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
    }
  }

  bool connected() const { return connected_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

// Lets this process hold `n` descriptors (the attack tests open hundreds of sockets).
inline void allow_descriptors(rlim_t n) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < n) {
    limit.rlim_cur = std::min(n, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace heard::test
