#pragma once
// E-mail through SMTP with libcurl: smtp:// with STARTTLS (required, or optional on
// loopback), smtps://, AUTH with user and password, the configured From. The message is
// multipart/alternative (plain text and HTML); its Message-ID carries the delivery id, the
// same on every attempt, so a mail system (or a person) can tell a repeat.
#include "alert_config.hpp"
#include "channel.hpp"

namespace heard::hub::alerts {

class SmtpChannel final : public Channel {
 public:
  SmtpChannel(SmtpSettings settings, std::string to, int timeout_s, const std::atomic<bool>* stop);
  SendResult send(const Delivery& delivery, Millis now_wall) override;
  SendResult probe() override;

 private:
  void common(void* curl, char* error_buffer) const;

  SmtpSettings settings_;
  std::string to_;
  int timeout_s_;
  const std::atomic<bool>* stop_;
};

// The whole message, headers and both parts, CRLF line ends (public for tests).
std::string mime_message(const SmtpSettings& smtp, const std::string& to, const Delivery& delivery, Millis now_wall);

}  // namespace heard::hub::alerts
