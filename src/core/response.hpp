#pragma once
// One customer's visit at the kiosk: the fields of the sync protocol (shared/PROTOCOL.md).
// Empty strings stand for the protocol's null.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace heard {

enum class Kind { complaint, compliment, suggestion };

std::string_view to_string(Kind kind);
std::optional<Kind> kind_from_string(std::string_view text);

// A rating at or below the site's low threshold is a complaint, 4-5 a compliment,
// anything between a suggestion ("what could we do better?").
Kind kind_for_rating(int rating, int low_rating_threshold);

struct Contact {
  std::string name;
  std::string phone;
  std::string email;
  std::string channel;  // "phone", "sms" or "email"; empty when no contact is left

  bool empty() const { return name.empty() && phone.empty() && email.empty() && channel.empty(); }
  bool operator==(const Contact&) const = default;
};

struct Consent {
  bool given = false;
  std::string text_version;
  bool operator==(const Consent&) const = default;
};

struct Response {
  std::string id;  // UUIDv7, made when first saved, never changes
  std::string kiosk_id;
  Millis created_at = 0;
  int utc_offset_min = 0;
  int rating = 0;  // 1..5
  Kind kind = Kind::suggestion;
  std::vector<std::string> categories;
  std::string comment;
  std::string desired_resolution;
  std::string staff;
  Contact contact;
  Consent consent;
  std::string language;
  bool urgent = false;
  std::string survey_version;
  std::string app_version;
  // Why this response may not be a customer's own honest answer ("burst", "staff_present",
  // see core/flags.hpp). Flagged responses are kept and sent like any other, and insights
  // leave them out by default.
  std::vector<std::string> flags;

  bool operator==(const Response&) const = default;
};

}  // namespace heard
