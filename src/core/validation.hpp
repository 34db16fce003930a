#pragma once
// Checks a response before it is saved or accepted. Each problem names the field, a stable
// code (the kiosk maps codes to friendly translated text) and a precise English message.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/response.hpp"
#include "core/survey.hpp"

namespace heard {

inline constexpr std::size_t max_comment_code_points = 2000;
inline constexpr std::size_t max_short_text_code_points = 200;

struct FieldError {
  std::string field;    // "comment", "contact.email", "categories[1]"
  std::string code;     // "too_long", "invalid_email", ...
  std::string message;  // for logs, staff and the hub's "rejected" reasons
};

// Rules that hold for any record, whatever site it came from (the hub uses these).
std::vector<FieldError> validate_record(const Response& r);

// validate_record plus: chosen categories, resolution and staff exist in this site's survey.
std::vector<FieldError> validate(const Response& r, const SurveyConfig& survey);

std::optional<FieldError> check_email(std::string_view email);
std::optional<FieldError> check_phone(std::string_view phone);

// "comment: too_long: ...; contact.email: invalid_email: ..." for exceptions and logs.
std::string describe(const std::vector<FieldError>& errors);

}  // namespace heard
