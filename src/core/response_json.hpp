#pragma once
// A response as one protocol record (shared/PROTOCOL.md), used by exports, sync and the hub.
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>

#include "core/response.hpp"

namespace heard {

enum class ContactFields { include, omit };

// Empty strings become null, as the protocol asks. With ContactFields::omit,
// "contact" is null (exports without --include-contact).
nlohmann::json to_json(const Response& r, ContactFields contact = ContactFields::include);
std::string to_json_line(const Response& r, ContactFields contact = ContactFields::include);

// Strict reading of one record: wrong types and missing required fields throw
// RecordError with a reason fit for a "rejected" entry. Unknown fields are ignored.
class RecordError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};
Response response_from_json(const nlohmann::json& j);

}  // namespace heard
