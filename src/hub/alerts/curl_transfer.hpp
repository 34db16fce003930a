#pragma once
// What the webhook and SMTP channels share about a libcurl easy handle: timeouts, no
// signals, an abort when the hub stops, and an error text worth showing a person.
#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <string>

namespace heard::hub::alerts {

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

// A handle with the settings every channel wants; `stop` (may be null) aborts a transfer.
CurlHandle new_transfer(int timeout_s, const std::atomic<bool>* stop);

// "could not resolve host" style text for a failed transfer, with the server's status.
std::string describe_failure(CURLcode code, const char* error_buffer);

}  // namespace heard::hub::alerts
