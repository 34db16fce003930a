#pragma once
// A scripted hub on loopback, for tests of how the kiosk treats a hub that lies, refuses or
// trickles: a real HTTP/1.1 server (one request per connection) whose replies a test
// function decides, with a log of every request that tests wait on instead of sleeping.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.hpp"
#include "sync/batch.hpp"
#include "sync/engine.hpp"

namespace heard::test {

struct FakeRequest {
  std::string method;
  std::string path;
  std::string head;  // request line and headers
  std::string body;
};

struct FakeReply {
  FakeReply() = default;
  FakeReply(int status_code, std::string text, std::vector<std::string> extra_headers = {})
      : status(status_code), body(std::move(text)), headers(std::move(extra_headers)) {}

  int status = 200;
  std::string body;
  std::vector<std::string> headers;  // extra "Name: value" lines
  // When set, the body is sent this many bytes at a time with a pause between, and the
  // Content-Length announced is `announced_length` (so a trickle can outlast any client).
  std::size_t trickle_bytes = 0;
  std::chrono::milliseconds trickle_pause{0};
  std::size_t announced_length = 0;
  bool stall = false;  // say nothing until the client gives up (or the hub stops)
};

// The ids of an NDJSON batch, in order.
inline std::vector<std::string> batch_ids(const std::string& ndjson) {
  std::vector<std::string> ids;
  std::istringstream lines(ndjson);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) ids.push_back(nlohmann::json::parse(line).at("id").get<std::string>());
  return ids;
}

// A well-behaved reply: every record of the batch accepted.
inline FakeReply accept_all(const FakeRequest& r) {
  if (r.path.ends_with("/heartbeat")) return {204, ""};
  if (r.method == "GET") return {404, ""};  // a hub without PROTOCOL 1.1's pulls
  return {200, nlohmann::json{{"accepted", batch_ids(r.body)},
                              {"duplicates", nlohmann::json::array()},
                              {"rejected", nlohmann::json::array()}}
                   .dump()};
}

class FakeHub {
 public:
  using Answer = std::function<FakeReply(const FakeRequest&)>;

  explicit FakeHub(Answer answer) : answer_(std::move(answer)) {}

  std::string url() const { return "http://127.0.0.1:" + std::to_string(listener_.port()); }

  std::vector<FakeRequest> requests() const {
    std::lock_guard lock(mutex_);
    return log_;
  }

  // Requests whose path ends with `suffix` ("/feedback", "/events", "/heartbeat").
  std::size_t count(std::string_view suffix = "") const {
    std::lock_guard lock(mutex_);
    return count_locked(suffix);
  }

  // Waits (on the request log, not a sleep) until `n` such requests have arrived.
  bool wait_for(std::size_t n, std::string_view suffix, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return count_locked(suffix) >= n; });
  }

  // Waits until a client has closed a connection the hub was still answering.
  bool wait_for_hang_up(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [&] { return hang_ups_ > 0; });
  }

 private:
  std::size_t count_locked(std::string_view suffix) const {
    std::size_t n = 0;
    for (const auto& r : log_) n += r.path.ends_with(suffix);
    return n;
  }

  // Reads from `fd` into `data`; false on close, error or the hub stopping.
  bool read_more(int fd, std::string& data) {
    while (!listener_.stopping()) {
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, 50);
      if (ready < 0) return false;
      if (ready == 0) continue;
      char buffer[65536];
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      data.append(buffer, static_cast<std::size_t>(n));
      return true;
    }
    return false;
  }

  bool read_request(int fd, FakeRequest& req) {
    std::string data;
    std::size_t end;
    while ((end = data.find("\r\n\r\n")) == std::string::npos)
      if (!read_more(fd, data)) return false;
    req.head = data.substr(0, end);
    req.body = data.substr(end + 4);
    std::istringstream line(req.head);
    line >> req.method >> req.path;
    std::string lower = req.head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t length = 0;
    if (const auto at = lower.find("\r\ncontent-length:"); at != std::string::npos)
      length = std::strtoull(lower.c_str() + at + 17, nullptr, 10);
    while (req.body.size() < length)
      if (!read_more(fd, req.body)) return false;
    if (lower.find("\r\ncontent-encoding: gzip") != std::string::npos) req.body = sync::gunzip(req.body, 64 << 20);
    return true;
  }

  static bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // True when the client closed its end (it gave up on us).
  static bool client_gone(int fd) {
    pollfd p{fd, POLLIN, 0};
    char c;
    return ::poll(&p, 1, 0) > 0 && ::recv(fd, &c, 1, MSG_PEEK) <= 0;
  }

  void hung_up() {
    std::lock_guard lock(mutex_);
    ++hang_ups_;
    arrived_.notify_all();
  }

  // Pauses for `d` unless the hub stops or the client leaves; false when it left.
  bool pause(int fd, std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (!listener_.stopping() && std::chrono::steady_clock::now() < until) {
      if (client_gone(fd)) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  void serve(int fd) {
    FakeRequest req;
    if (read_request(fd, req)) {
      const FakeReply reply = answer_(req);
      {
        std::lock_guard lock(mutex_);
        log_.push_back(req);
        arrived_.notify_all();
      }
      respond(fd, reply);
    }
  }

  void respond(int fd, const FakeReply& reply) {
    if (reply.stall) {
      while (!listener_.stopping())
        if (!pause(fd, std::chrono::milliseconds(50))) return hung_up();
      return;
    }
    std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " Fake\r\nConnection: close\r\n";
    for (const auto& h : reply.headers) head += h + "\r\n";
    if (reply.status != 204 && reply.status != 304)
      head += "Content-Length: " + std::to_string(reply.trickle_bytes ? reply.announced_length : reply.body.size()) +
              "\r\n";
    head += "\r\n";
    if (!reply.trickle_bytes) {
      send_all(fd, head + reply.body);
      return;
    }
    if (!send_all(fd, head)) return hung_up();
    for (std::size_t sent = 0; sent < reply.announced_length && !listener_.stopping(); sent += reply.trickle_bytes) {
      if (!send_all(fd, std::string(reply.trickle_bytes, ' ')) || !pause(fd, reply.trickle_pause)) return hung_up();
    }
  }

  Answer answer_;
  mutable std::mutex mutex_;
  mutable std::condition_variable arrived_;
  std::vector<FakeRequest> log_;
  int hang_ups_ = 0;
  LoopbackListener listener_{"fake hub", 64, [this](int fd) { serve(fd); }};  // last: stopped first
};

// Simulated time for a SyncEngine: waits return at once and move the clock forward, so a
// test can run "ten minutes against a failing hub" in milliseconds and count what the hub
// got, whatever the machine's load.
class SimulatedTime : public sync::Timekeeper {
 public:
  Clock::time_point now() override { return now_; }
  void wait(std::chrono::milliseconds d) override {
    if (d.count() > 0) {
      now_ += d;
      ++waits_;
    }
  }
  int waits() const { return waits_; }

 private:
  Clock::time_point now_ = Clock::now();
  int waits_ = 0;
};

}  // namespace heard::test
