#include "smtp_channel.hpp"

#include <sodium.h>

#include <cstring>
#include <ctime>

#include "curl_transfer.hpp"

namespace heard::hub::alerts {

namespace {

// RFC 2047 for a header with non-ASCII text (accents in site names).
std::string encoded_word(const std::string& text) {
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c >= 0x20 && c < 0x7f;
  if (ascii) return text;
  std::string out(sodium_base64_encoded_len(text.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // its NUL
  return "=?UTF-8?B?" + out + "?=";
}

// Bodies go as base64, 76 columns: any line length and any byte survive every relay.
std::string base64_lines(const std::string& text) {
  std::string all(sodium_base64_encoded_len(text.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(all.data(), all.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  all.resize(all.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < all.size(); i += 76) out += all.substr(i, 76) + "\r\n";
  return out;
}

std::string rfc5322_date(Millis at) {
  const std::time_t t = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return text;
}

std::string bare_address(const std::string& from) {
  const auto open = from.find('<');
  const auto close = from.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return from;
  return from.substr(open + 1, close - open - 1);
}

struct Upload {
  std::string data;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto& u = *static_cast<Upload*>(user);
  const std::size_t count = std::min(size * n, u.data.size() - u.at);
  std::memcpy(buffer, u.data.data() + u.at, count);
  u.at += count;
  return count;
}

}  // namespace

std::string mime_message(const SmtpSettings& smtp, const std::string& to, const Delivery& delivery, Millis now_wall) {
  const std::string boundary = "heard-" + delivery.id;
  const std::string domain = bare_address(smtp.from).substr(bare_address(smtp.from).find('@') + 1);
  std::string m;
  m += "From: " + smtp.from + "\r\n";
  m += "To: " + to + "\r\n";
  m += "Subject: " + encoded_word(delivery.subject) + "\r\n";
  m += "Date: " + rfc5322_date(now_wall) + "\r\n";
  m += "Message-ID: <" + delivery.id + "@" + domain + ">\r\n";
  m += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies to a robot
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(delivery.body);
  m += "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(delivery.html);
  m += "--" + boundary + "--\r\n";
  return m;
}

SmtpChannel::SmtpChannel(SmtpSettings settings, std::string to, int timeout_s, const std::atomic<bool>* stop)
    : settings_(std::move(settings)), to_(std::move(to)), timeout_s_(timeout_s), stop_(stop) {}

void SmtpChannel::common(void* curl, char* error_buffer) const {
  CURL* h = static_cast<CURL*>(curl);
  curl_easy_setopt(h, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   settings_.tls_required ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
  if (!settings_.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
  }
}

SendResult SmtpChannel::send(const Delivery& delivery, Millis now_wall) {
  CurlHandle h = new_transfer(timeout_s_, stop_);
  if (!h) return {false, "cannot start a transfer (out of memory?)"};
  char error_buffer[CURL_ERROR_SIZE] = {};
  common(h.get(), error_buffer);
  Upload upload{mime_message(settings_, to_, delivery, now_wall), 0};
  const std::string from = "<" + bare_address(settings_.from) + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to_ + ">").c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h.get(), CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h.get(), CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(h.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(upload.data.size()));
  const CURLcode code = curl_easy_perform(h.get());
  curl_slist_free_all(rcpt);
  if (code != CURLE_OK) {
    long reply = 0;
    curl_easy_getinfo(h.get(), CURLINFO_RESPONSE_CODE, &reply);
    return {false, describe_failure(code, error_buffer) + (reply ? " (SMTP " + std::to_string(reply) + ")" : "")};
  }
  return {true, ""};
}

SendResult SmtpChannel::probe() {
  CurlHandle h = new_transfer(timeout_s_, stop_);
  if (!h) return {false, "cannot start a transfer"};
  char error_buffer[CURL_ERROR_SIZE] = {};
  common(h.get(), error_buffer);
  curl_easy_setopt(h.get(), CURLOPT_CONNECT_ONLY, 1L);  // greeting, EHLO, STARTTLS and AUTH: no mail
  const CURLcode code = curl_easy_perform(h.get());
  if (code != CURLE_OK) return {false, describe_failure(code, error_buffer)};
  return {true, ""};
}

}  // namespace heard::hub::alerts
