#pragma once
// HTTP for the sync worker: one libcurl multi handle, driven with curl_multi_poll so that a
// transfer or a wait can be cut short from another thread with wake() (an urgent response
// was saved; the kiosk is shutting down). Connect timeout and a low-speed limit mean a
// stalled link fails instead of hanging the worker.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/batch.hpp"

typedef void CURLM;

namespace heard::sync {

using std::chrono::milliseconds;

struct TransportOptions {
  std::string token;              // sent as "Authorization: Bearer ..."; never logged
  std::string ca_file;            // empty: the system CA store
  std::string pinned_public_key;  // curl's "sha256//..." form, or empty
  milliseconds connect_timeout{10'000};
  std::chrono::seconds low_speed_time{30};
  long low_speed_limit = 64;  // bytes per second
  milliseconds total_timeout{std::chrono::minutes(5)};
};

struct HttpResponse {
  long status = 0;  // 0 when no HTTP reply arrived (see error)
  std::string body;
  std::string retry_after;   // the Retry-After header, if any
  std::string etag;          // the ETag header, if any (PROTOCOL 1.1's config pull)
  std::string error;         // connection, timeout or TLS problem, for logs and staff status
  bool interrupted = false;  // cut short by the stop flag
  // The hub's certificate or pinned key did not verify: a configuration problem that waiting
  // does not cure (the error says which check failed).
  bool untrusted = false;
};

class HttpClient {
 public:
  explicit HttpClient(TransportOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // POSTs `body` and waits for the reply, returning early (interrupted) once `stop` is set
  // and wake() called. `headers` are extra "Name: value" lines. The whole transfer takes at
  // most `timeout` (and never more than total_timeout): a hub trickling its reply slowly
  // enough to pass the low-speed limit still cannot hold a deadline.
  HttpResponse post(const std::string& url, std::string_view content_type, const Body& body,
                    const std::vector<std::string>& headers, const std::atomic<bool>& stop,
                    std::optional<milliseconds> timeout = std::nullopt);

  // GETs `url` (PROTOCOL 1.1's pulls), as post() in every other way; a reply over
  // `max_reply_bytes` fails the transfer.
  HttpResponse get(const std::string& url, const std::vector<std::string>& headers, const std::atomic<bool>& stop,
                   std::size_t max_reply_bytes, std::optional<milliseconds> timeout = std::nullopt);

  // Sleeps up to `timeout`; returns early when wake() is called (now or since the last wait).
  void wait(milliseconds timeout);

  // Thread-safe: interrupts post() or wait() in the worker thread.
  void wake();

 private:
  // Runs one prepared transfer on the multi handle: the options every request shares, then
  // waits for it, cut short by `stop`.
  HttpResponse perform(void* easy, void* header_list, const std::string& url, const std::atomic<bool>& stop,
                       std::size_t max_reply_bytes, std::optional<milliseconds> timeout);

  TransportOptions options_;
  CURLM* multi_ = nullptr;
};

}  // namespace heard::sync
