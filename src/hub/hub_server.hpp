#pragma once
// The hub's HTTP side (shared/PROTOCOL.md, server half) on cpp-httplib: bearer tokens per
// kiosk, gzip bodies, size limits, record validation, idempotent replays, heartbeats,
// health, and the managers' CSV/NDJSON downloads. Every failure is an HTTP status with a
// JSON {"error": ...} body; nothing a client sends can crash it.
#include <cstddef>
#include <memory>
#include <string>

#include "hub_storage.hpp"
#include "tokens.hpp"

namespace httplib {
class Server;
}

namespace heard::hub {

struct ServerOptions {
  std::size_t max_body_bytes = 2u << 20;  // after decompression; kiosks send at most 1 MiB
  std::string cert_file;                  // both set: HTTPS
  std::string key_file;
};

class HubServer {
 public:
  HubServer(HubStorage& storage, Tokens tokens, const ServerOptions& options);
  ~HubServer();

  // Binds host:port (port 0: any free port) and returns the port; throws when it cannot.
  int bind(const std::string& host, int port);
  void serve();  // until stop()
  void stop();

 private:
  void routes();

  HubStorage& storage_;
  Tokens tokens_;
  ServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace heard::hub
