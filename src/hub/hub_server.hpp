#pragma once
// The hub's API (shared/PROTOCOL.md, server half): bearer tokens per kiosk (digests in storage), record
// validation, idempotent replays, heartbeats, health, and the managers' CSV/NDJSON downloads.
// Every failure is an HTTP status with a JSON {"error": ...} body; nothing a client sends can
// crash it. Paths of the console (/, /console/, /api/) go to ConsoleApi. The HTTP layer and its defences are
// HttpServer's; this decides what each request means.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "console_api.hpp"
#include "export_stream.hpp"
#include "fleet_store.hpp"
#include "http_server.hpp"
#include "hub_storage.hpp"

namespace heard::hub {

struct ServerOptions {
  HttpLimits limits;
  std::string cert_file;  // both set: HTTPS
  std::string key_file;
  ConsoleOptions console;
  // Called after a feedback batch stored new records (the alerts' cheap wake-up); may be empty.
  std::function<void()> on_feedback;
};

class HubServer : public HttpApp {
 public:
  // Without `fleet` the hub publishes no surveys: GET .../config is 404, as on an old hub.
  HubServer(HubStorage& storage, const ServerOptions& options, FleetStore* fleet = nullptr);
  ~HubServer() override;

  // Listens on host:port (port 0: any free port) and returns the port; throws when it cannot.
  // Requests are served from then on, on the HTTP layer's threads.
  int bind(const std::string& host, int port);
  void serve();  // waits until stop()
  void stop();   // safe from any thread; returns within a second or so whatever clients do

  std::optional<HttpReply> on_head(const RequestHead& head) override;
  HttpReply on_body(const RequestHead& head, std::string body) override;

 private:
  std::optional<std::string> token_owner(const RequestHead& head);
  std::optional<HttpReply> authorise(const RequestHead& head, const std::string& kiosk);
  HttpReply events_since(const RequestHead& head, const std::string& kiosk);
  HttpReply download(const RequestHead& head, store::ExportFormat format, const char* content_type);
  HttpReply upload(const RequestHead& head, const std::string& kiosk, const std::string& what, std::string body);

  HubStorage& storage_;
  FleetStore* fleet_;
  ExportStreams exports_;  // before console_ and http_: outlives the connections reading from it
  std::function<void()> on_feedback_;
  ConsoleApi console_;
  HttpServer http_;
  std::mutex mutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
};

}  // namespace heard::hub
