#pragma once
// A webhook: the delivery's JSON body POSTed to an https:// URL (http:// to loopback), with
// Idempotency-Key (the delivery id, the same on every attempt) and X-Heard-Signature, so the
// receiver can check where it came from, refuse replays and drop repeats. Success is a 2xx.
#include "alert_config.hpp"
#include "channel.hpp"

namespace heard::hub::alerts {

class WebhookChannel final : public Channel {
 public:
  WebhookChannel(WebhookSettings settings, int timeout_s, const std::atomic<bool>* stop);
  SendResult send(const Delivery& delivery, Millis now_wall) override;
  SendResult probe() override;

 private:
  WebhookSettings settings_;
  int timeout_s_;
  const std::atomic<bool>* stop_;
};

}  // namespace heard::hub::alerts
