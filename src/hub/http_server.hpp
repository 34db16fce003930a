#pragma once
// The hub's HTTP layer, on GNU libmicrohttpd. Chosen because it is event-driven (epoll: an
// idle or slow socket costs a few kilobytes, never a thread), has the limits a server facing
// the Internet needs built in (memory per connection, connections overall and per address),
// serves TLS through GnuTLS, is packaged by Debian, and runs in production behind
// systemd-journal-remote and Kodi. What it lacks, a deadline for a whole request head, is
// ConnectionWatch. Every limit is here, in one place; see README.md "Sync to head office".
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http_types.hpp"

namespace heard::hub {

struct HttpLimits {
  std::size_t max_body_bytes = 2u << 20;      // after decompression; kiosks send at most 1 MiB
  std::size_t connection_memory = 32 * 1024;  // request line + headers must fit: else 431
  unsigned max_headers = 64;                  // more header lines: 431
  unsigned max_connections = 1000;
  unsigned max_connections_per_ip = 32;       // a site's kiosks behind one NAT address stay well under
  std::chrono::seconds head_deadline{10};     // from accept (or the previous reply) to the end of the head
  std::chrono::seconds request_deadline{60};  // from the end of the head to the end of the body
  unsigned idle_timeout_s = 30;               // no byte either way for this long: closed
  unsigned threads = 4;                       // event loops; handlers run on them
};

struct TlsFiles {
  std::string cert_file;  // both set: HTTPS only
  std::string key_file;
};

class HttpServer {
 public:
  HttpServer(HttpApp& app, HttpLimits limits, TlsFiles tls);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on host:port (port 0: any free port), serves on background threads, and returns
  // the port. Throws std::runtime_error when it cannot.
  int start(const std::string& host, int port);
  // Stops accepting, drops every connection and waits for handlers running now; takes well
  // under a second whatever clients do.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace heard::hub
