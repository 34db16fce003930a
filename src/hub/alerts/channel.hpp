#pragma once
// A way out of the hub: one attempt at handing one delivery over. The outbox decides when
// to try and how often; a channel only says whether this attempt worked, and why not.
#include <atomic>
#include <optional>
#include <string>

#include "alert_store.hpp"

namespace heard::hub::alerts {

struct SendResult {
  bool ok = false;
  std::string error;  // for people and logs: never a message's content
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual SendResult send(const Delivery& delivery, Millis now_wall) = 0;
  // Connects (and for SMTP logs in) without sending: the hub's check at start.
  virtual SendResult probe() = 0;
};

// The signature header's value for a webhook body sent at `unix_seconds`:
// "t=SECONDS,v1=HEX" with HEX = HMAC-SHA256(secret, "SECONDS." + body).
std::string webhook_signature(const std::string& secret, long long unix_seconds, const std::string& body);

}  // namespace heard::hub::alerts
