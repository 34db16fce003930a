#pragma once
// An SMTP server on loopback for the alerts tests, speaking enough of RFC 5321 for libcurl:
// EHLO/HELO, AUTH PLAIN (when given credentials), MAIL, RCPT, DATA, RSET, NOOP, QUIT. No
// STARTTLS, so a hub that requires TLS must refuse it. It can also misbehave on purpose:
// refuse recipients, refuse (451) the first N messages, stall without a greeting, or drop
// the connection after the message without answering. Messages are kept, with their
// text and HTML parts decoded, for tests to read (waiting on events, never sleeping).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/loopback_listener.hpp"

namespace heard::test {

struct SinkMessage {
  std::string from;
  std::vector<std::string> to;
  std::string data;  // as received, dot-unstuffed
  std::string header(const std::string& name) const {
    const auto at = data.find("\r\n" + name + ": ");
    const auto start = data.starts_with(name + ": ")
                           ? name.size() + 2
                           : (at == std::string::npos ? std::string::npos : at + name.size() + 4);
    if (start == std::string::npos) return {};
    return data.substr(start, data.find("\r\n", start) - start);
  }
  // The decoded body of the part with this Content-Type ("text/plain", "text/html").
  std::string part(const std::string& type) const {
    const auto at = data.find("Content-Type: " + type);
    if (at == std::string::npos) return {};
    const auto body = data.find("\r\n\r\n", at) + 4;
    const auto end = data.find("\r\n--", body);
    const std::string b64 = data.substr(body, end - body);
    std::string out(b64.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), b64.data(), b64.size(), "\r\n",
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
      return "(not base64)";
    out.resize(len);
    return out;
  }
};

struct SinkBehaviour {
  std::string user, password;  // set: AUTH PLAIN is offered and required
  int refuse_first = 0;        // answer 451 to the first N messages' DATA
  bool refuse_recipients = false;
  bool stall = false;  // accept connections and say nothing
  bool drop_after_data = false;
};

class SmtpSink {
 public:
  explicit SmtpSink(SinkBehaviour behaviour = {}) : behaviour_(std::move(behaviour)) {}

  int port() const { return listener_.port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(listener_.port()); }

  std::vector<SinkMessage> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
  }
  int sessions() const {
    std::lock_guard lock(mutex_);
    return sessions_;
  }
  void set(SinkBehaviour b) {
    std::lock_guard lock(mutex_);
    behaviour_ = std::move(b);
  }

 private:
  // One CRLF-terminated line into `line`; false on close or the sink stopping.
  bool read_line(int fd, std::string& buffer, std::string& line) {
    for (;;) {
      if (const auto end = buffer.find("\r\n"); end != std::string::npos) {
        line = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        return true;
      }
      if (listener_.stopping()) return false;
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, 50);
      if (ready < 0) return false;
      if (ready == 0) continue;
      char chunk[8192];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  static void say(int fd, const std::string& text) {
    std::string_view data = text;
    while (!data.empty()) {
      const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  static std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  bool credentials_ok(const SinkBehaviour& b, const std::string& b64) {
    std::string raw(b64.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), b64.data(), b64.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
      return false;
    raw.resize(len);
    return raw == std::string("\0", 1) + b.user + std::string("\0", 1) + b.password ||
           raw == b.user + std::string("\0", 1) + b.user + std::string("\0", 1) + b.password;
  }

  void session(int fd) {
    SinkBehaviour b;
    {
      std::lock_guard lock(mutex_);
      b = behaviour_;
      ++sessions_;
    }
    if (b.stall) {
      while (!listener_.stopping()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return;
    }
    const bool auth = !b.user.empty();
    bool authed = !auth;
    say(fd, "220 sink.test ESMTP ready\r\n");
    std::string buffer, line;
    SinkMessage m;
    while (read_line(fd, buffer, line)) {
      const std::string verb = upper(line.substr(0, line.find(' ')));
      if (verb == "EHLO") {
        say(fd, std::string("250-sink.test\r\n") + (auth ? "250-AUTH PLAIN\r\n" : "") + "250 8BITMIME\r\n");
      } else if (verb == "HELO" || verb == "NOOP" || verb == "RSET") {
        m = {};
        say(fd, "250 OK\r\n");
      } else if (verb == "AUTH") {
        std::string response = line.size() > 11 ? line.substr(11) : "";
        if (response.empty()) {
          say(fd, "334 \r\n");
          if (!read_line(fd, buffer, response)) return;
        }
        authed = auth && credentials_ok(b, response);
        say(fd,
            authed ? "235 2.7.0 Authentication successful\r\n" : "535 5.7.8 Authentication credentials invalid\r\n");
      } else if (verb == "MAIL") {
        if (!authed) {
          say(fd, "530 5.7.0 Authentication required\r\n");
          continue;
        }
        m.from = line.substr(line.find(':') + 1);
        say(fd, "250 OK\r\n");
      } else if (verb == "RCPT") {
        if (b.refuse_recipients) {
          say(fd, "550 5.1.1 No such mailbox here\r\n");
          continue;
        }
        m.to.push_back(line.substr(line.find(':') + 1));
        say(fd, "250 OK\r\n");
      } else if (verb == "DATA") {
        say(fd, "354 End data with <CR><LF>.<CR><LF>\r\n");
        while (read_line(fd, buffer, line) && line != ".")
          m.data += (line.starts_with("..") ? line.substr(1) : line) + "\r\n";
        if (b.drop_after_data) return;
        bool refuse = false;
        {
          std::lock_guard lock(mutex_);
          refuse = behaviour_.refuse_first > 0 && behaviour_.refuse_first-- > 0;
          if (!refuse) messages_.push_back(m);
          changed_.notify_all();
        }
        say(fd, refuse ? "451 4.3.0 Try again later\r\n" : "250 2.0.0 Queued\r\n");
        m = {};
      } else if (verb == "QUIT") {
        say(fd, "221 Bye\r\n");
        return;
      } else {
        say(fd, "502 5.5.2 Command not recognised\r\n");
      }
    }
  }

  SinkBehaviour behaviour_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<SinkMessage> messages_;
  int sessions_ = 0;
  LoopbackListener listener_{"smtp sink", 256, [this](int fd) { session(fd); }};  // last: stopped first
};

}  // namespace heard::test
