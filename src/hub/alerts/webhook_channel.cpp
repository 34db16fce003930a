#include "webhook_channel.hpp"

#include <sodium.h>

#include "curl_transfer.hpp"

namespace heard::hub::alerts {

namespace {

std::size_t keep_little(char* data, std::size_t size, std::size_t n, void* out) {
  auto& text = *static_cast<std::string*>(out);
  if (text.size() < 300) text.append(data, std::min(size * n, 300 - text.size()));  // for the error text only
  return size * n;
}

// Restricted to HTTP(S), no redirects: a webhook goes where it was configured, nowhere else.
void common(CURL* h, const std::string& url, char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
}

}  // namespace

std::string webhook_signature(const std::string& secret, long long unix_seconds, const std::string& body) {
  const std::string signed_text = std::to_string(unix_seconds) + "." + body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return "t=" + std::to_string(unix_seconds) + ",v1=" + hex;
}

WebhookChannel::WebhookChannel(WebhookSettings settings, int timeout_s, const std::atomic<bool>* stop)
    : settings_(std::move(settings)), timeout_s_(timeout_s), stop_(stop) {}

SendResult WebhookChannel::send(const Delivery& delivery, Millis now_wall) {
  CurlHandle h = new_transfer(timeout_s_, stop_);
  if (!h) return {false, "cannot start a transfer (out of memory?)"};
  char error_buffer[CURL_ERROR_SIZE] = {};
  common(h.get(), settings_.url, error_buffer);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("Idempotency-Key: " + delivery.id).c_str());
  const std::string signature = webhook_signature(settings_.secret, now_wall / 1000, delivery.body);
  headers = curl_slist_append(headers, ("X-Heard-Signature: " + signature).c_str());
  headers = curl_slist_append(headers, "User-Agent: heard-hub");
  headers = curl_slist_append(headers, "Expect:");
  std::string reply;
  curl_easy_setopt(h.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDS, delivery.body.c_str());
  curl_easy_setopt(h.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(delivery.body.size()));
  curl_easy_setopt(h.get(), CURLOPT_WRITEFUNCTION, keep_little);
  curl_easy_setopt(h.get(), CURLOPT_WRITEDATA, &reply);
  const CURLcode code = curl_easy_perform(h.get());
  curl_slist_free_all(headers);
  if (code != CURLE_OK) return {false, describe_failure(code, error_buffer)};
  long status = 0;
  curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return {true, ""};
  // The receiver's own words help whoever fixes it; a receiver echoes no alert content.
  for (char& c : reply)
    if (c == '\n' || c == '\r') c = ' ';
  return {false, "HTTP " + std::to_string(status) + (reply.empty() ? "" : ": " + reply)};
}

SendResult WebhookChannel::probe() {
  CurlHandle h = new_transfer(timeout_s_, stop_);
  if (!h) return {false, "cannot start a transfer"};
  char error_buffer[CURL_ERROR_SIZE] = {};
  common(h.get(), settings_.url, error_buffer);
  curl_easy_setopt(h.get(), CURLOPT_CONNECT_ONLY, 1L);
  const CURLcode code = curl_easy_perform(h.get());
  if (code != CURLE_OK) return {false, describe_failure(code, error_buffer)};
  return {true, ""};
}

}  // namespace heard::hub::alerts
