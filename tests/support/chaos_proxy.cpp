#include "support/chaos_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <stdexcept>
#include <thread>

#include "core/log.hpp"

namespace heard::hub {

namespace {

constexpr std::pair<std::string_view, Fault> fault_names[] = {
    {"ok", Fault::none},
    {"drop", Fault::drop},
    {"lost-ack", Fault::lost_ack},
    {"stall", Fault::stall},
    {"400", Fault::status_400},
    {"401", Fault::status_401},
    {"413", Fault::status_413},
    {"429", Fault::status_429},
    {"500", Fault::status_500},
    {"503", Fault::status_503},
    {"503-date", Fault::status_503_date},
};

// The random mix: connection faults and every status of the protocol's table except 400
// (which would make the kiosk reject good records).
constexpr Fault random_faults[] = {Fault::drop,       Fault::lost_ack,   Fault::lost_ack,   Fault::stall,
                                   Fault::status_500, Fault::status_500, Fault::status_503, Fault::status_503_date,
                                   Fault::status_429, Fault::status_413, Fault::status_401};

constexpr std::size_t max_header_bytes = 64 * 1024;
constexpr int io_timeout_ms = 30'000;

bool read_some(int fd, std::string& into) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, io_timeout_ms) <= 0) return false;
  char buffer[65536];
  const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  if (n <= 0) return false;
  into.append(buffer, static_cast<std::size_t>(n));
  return true;
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Closes with a TCP reset rather than a clean FIN: what a crashed middlebox looks like.
void reset(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct HttpRequest {
  std::string head;  // request line and headers, without the blank line
  std::string body;
};

// Reads one request with a Content-Length body (all the kiosk sends).
bool read_request(int fd, HttpRequest& req, bool headers_only) {
  std::string data;
  std::size_t end;
  while ((end = data.find("\r\n\r\n")) == std::string::npos) {
    if (data.size() > max_header_bytes || !read_some(fd, data)) return false;
  }
  req.head = data.substr(0, end);
  req.body = data.substr(end + 4);
  if (headers_only) return true;
  std::size_t length = 0;
  const std::string head = lower(req.head);
  if (const auto at = head.find("\r\ncontent-length:"); at != std::string::npos)
    length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
  while (req.body.size() < length)
    if (!read_some(fd, req.body)) return false;
  return true;
}

// The request as sent upstream, on a connection used for this request only.
std::string upstream_bytes(const HttpRequest& req) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= req.head.size()) {
    auto end = req.head.find("\r\n", pos);
    if (end == std::string::npos) end = req.head.size();
    const auto line = std::string_view(req.head).substr(pos, end - pos);
    if (!lower(line).starts_with("connection:")) out.append(line).append("\r\n");
    pos = end + 2;
  }
  out += "Connection: close\r\n\r\n";
  out += req.body;
  return out;
}

int connect_upstream(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  return fd;
}

// Forwards the request and returns the hub's whole reply (it closes after one request).
bool forward(int port, const HttpRequest& req, std::string& reply) {
  const int up = connect_upstream(port);
  if (up < 0) return false;
  const bool ok = write_all(up, upstream_bytes(req));
  while (ok && read_some(up, reply)) {}
  ::close(up);
  return ok && !reply.empty();
}

std::string http_date(std::time_t at) {
  char text[64];
  std::tm tm{};
  gmtime_r(&at, &tm);
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

std::string canned(int status, const char* reason, const std::string& extra_header) {
  const std::string body = "{\"error\":\"injected by the chaos proxy\"}";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n" + extra_header +
         "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

Fault fault_from_string(std::string_view name) {
  for (const auto& [n, f] : fault_names)
    if (n == name) return f;
  throw std::invalid_argument("unknown fault '" + std::string(name) +
                              "' (expected ok, drop, lost-ack, stall, 400, 401, 413, 429, 500, 503 or 503-date)");
}

std::string_view to_string(Fault fault) {
  for (const auto& [n, f] : fault_names)
    if (f == fault) return n;
  return "?";
}

ChaosProxy::ChaosProxy(ChaosOptions options, int upstream_port)
    : options_(std::move(options)), upstream_port_(upstream_port), rng_(options_.seed) {}

ChaosProxy::~ChaosProxy() {
  stop();
  if (listener_ >= 0) ::close(listener_);
}

int ChaosProxy::bind(const std::string& host, int port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int yes = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error("--chaos listens on IPv4 addresses only, not '" + host + "'");
  socklen_t len = sizeof addr;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 64) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno));
  return ntohs(addr.sin_port);
}

void ChaosProxy::serve() {
  while (!stopping_.load()) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    ++active_;
    std::thread([this, client] {
      handle(client);
      --active_;
    }).detach();
  }
  while (active_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void ChaosProxy::stop() { stopping_ = true; }

Fault ChaosProxy::next_fault() {
  std::lock_guard lock(mutex_);
  const std::size_t n = served_++;
  if (n < options_.script.size()) return options_.script[n];
  std::uniform_real_distribution<double> chance(0.0, 1.0);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(random_faults) - 1);
  const double roll = chance(rng_);
  const std::size_t which = pick(rng_);  // drawn every time, so the sequence depends on the seed alone
  return roll < options_.rate ? random_faults[which] : Fault::none;
}

void ChaosProxy::handle(int client) {
  // Each connection carries one request; the kiosk opens a new one for the next.
  const Fault fault = next_fault();
  HttpRequest req;
  if (!read_request(client, req, fault == Fault::drop)) return reset(client);
  log::info("chaos: " + std::string(to_string(fault)) + " " + req.head.substr(0, req.head.find(" HTTP/")));
  std::string reply;
  switch (fault) {
    case Fault::drop:
      return reset(client);
    case Fault::lost_ack:
      forward(upstream_port_, req, reply);
      return reset(client);
    case Fault::stall: {
      // Hold the connection, reading nothing more, until the client's low-speed limit fires.
      for (int waited = 0; waited < io_timeout_ms && !stopping_.load(); waited += 100) {
        pollfd p{client, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) break;  // the client closed
      }
      return reset(client);
    }
    case Fault::status_400:
      reply = canned(400, "Bad Request", "");
      break;
    case Fault::status_401:
      reply = canned(401, "Unauthorized", "");
      break;
    case Fault::status_413:
      reply = canned(413, "Payload Too Large", "");
      break;
    case Fault::status_429:
      reply = canned(429, "Too Many Requests", "Retry-After: 1\r\n");
      break;
    case Fault::status_500:
      reply = canned(500, "Internal Server Error", "");
      break;
    case Fault::status_503:
      reply = canned(503, "Service Unavailable", "Retry-After: 1\r\n");
      break;
    case Fault::status_503_date:
      reply = canned(503, "Service Unavailable", "Retry-After: " + http_date(std::time(nullptr) + 1) + "\r\n");
      break;
    case Fault::none:
      if (!forward(upstream_port_, req, reply)) return reset(client);
      break;
  }
  write_all(client, reply);
  ::shutdown(client, SHUT_WR);
  ::close(client);
}

}  // namespace heard::hub
