#include "curl_transfer.hpp"

namespace heard::hub::alerts {

namespace {

int abort_when_stopping(void* stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return stop && static_cast<const std::atomic<bool>*>(stop)->load() ? 1 : 0;
}

}  // namespace

CurlHandle new_transfer(int timeout_s, const std::atomic<bool>* stop) {
  CurlHandle h(curl_easy_init());
  if (!h) return h;
  curl_easy_setopt(h.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.get(), CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(timeout_s, 10)));
  curl_easy_setopt(h.get(), CURLOPT_TIMEOUT, static_cast<long>(timeout_s));
  curl_easy_setopt(h.get(), CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h.get(), CURLOPT_XFERINFOFUNCTION, abort_when_stopping);
  curl_easy_setopt(h.get(), CURLOPT_XFERINFODATA, const_cast<std::atomic<bool>*>(stop));
  return h;
}

std::string describe_failure(CURLcode code, const char* error_buffer) {
  // The code's text, then the buffer's details, unless the buffer already says it
  // ("Failed to connect to host port 25 after 3 ms: Couldn't connect to server").
  const std::string general = curl_easy_strerror(code);
  const std::string details = error_buffer ? error_buffer : "";
  std::string text = details.empty()                              ? general
                     : details.find(general) != std::string::npos ? details
                                                                  : general + ": " + details;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace heard::hub::alerts
