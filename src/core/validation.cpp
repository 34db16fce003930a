#include "core/validation.hpp"

#include <algorithm>

#include "core/utf8.hpp"
#include "core/uuid.hpp"

namespace heard {

namespace {

void check_text(std::vector<FieldError>& out, const std::string& field, std::string_view text, std::size_t max,
                bool allow_newlines) {
  if (!utf8::is_valid(text)) {
    out.push_back({field, "invalid_utf8", field + " is not valid UTF-8"});
    return;
  }
  if (const auto at = utf8::find_control_character(text)) {
    out.push_back({field, "control_character", field + " contains a control character at byte " + std::to_string(*at)});
    return;
  }
  if (!allow_newlines && text.find('\n') != std::string_view::npos) {
    out.push_back({field, "control_character", field + " must be a single line"});
    return;
  }
  const std::size_t n = utf8::count_code_points(text);
  if (n > max)
    out.push_back({field, "too_long",
                   field + " has " + std::to_string(n) + " characters; at most " + std::to_string(max) + " allowed"});
}

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<FieldError> check_email(std::string_view e) {
  const auto bad = [](std::string why) { return FieldError{"contact.email", "invalid_email", std::move(why)}; };
  if (e.size() > 254) return bad("e-mail address is longer than 254 characters");
  const auto at = e.find('@');
  if (at == std::string_view::npos || e.find('@', at + 1) != std::string_view::npos)
    return bad("e-mail address needs exactly one '@'");
  const auto local = e.substr(0, at);
  const auto domain = e.substr(at + 1);
  if (local.empty() || local.size() > 64) return bad("the part before '@' must be 1 to 64 characters");
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return bad("the part before '@' has a misplaced dot");
  for (char c : local)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' ||
        c == '<' || c == '>' || c == '[' || c == ']' || c == '\\')
      return bad("the part before '@' contains a character e-mail does not allow");
  const auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return bad("the domain after '@' needs a dot, like example.com");
  std::size_t label_len = 0;
  for (std::size_t i = 0; i <= domain.size(); ++i) {
    const bool end = i == domain.size() || domain[i] == '.';
    if (end) {
      if (label_len == 0 || label_len > 63) return bad("the domain after '@' has an empty or overlong part");
      if (domain[i - 1] == '-' || domain[i - label_len] == '-')
        return bad("a domain part cannot start or end with '-'");
      label_len = 0;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(domain[i]);
    if (!(is_ascii_alnum(static_cast<char>(c)) || c == '-' || c >= 0x80))
      return bad("the domain after '@' contains a character domains do not allow");
    ++label_len;
  }
  if (domain.size() - dot - 1 < 2) return bad("the domain ending must have at least two letters");
  return std::nullopt;
}

std::optional<FieldError> check_phone(std::string_view p) {
  const auto bad = [](std::string why) { return FieldError{"contact.phone", "invalid_phone", std::move(why)}; };
  std::size_t digits = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return bad("'+' may only start a phone number");
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/') {
      return bad("a phone number may contain digits, spaces and + - ( ) . / only");
    }
  }
  // E.164 allows at most 15 digits; fewer than 6 cannot be dialled anywhere.
  if (digits < 6 || digits > 15) return bad("a phone number has 6 to 15 digits");
  return std::nullopt;
}

std::vector<FieldError> validate_record(const Response& r) {
  std::vector<FieldError> out;
  if (!is_uuid(r.id)) out.push_back({"id", "invalid_id", "id must be a lowercase UUID"});
  if (r.kiosk_id.empty()) out.push_back({"kiosk_id", "required", "kiosk_id is required"});
  check_text(out, "kiosk_id", r.kiosk_id, 100, false);
  if (r.created_at <= 0) out.push_back({"created_at", "required", "created_at is required"});
  if (r.utc_offset_min < -14 * 60 || r.utc_offset_min > 14 * 60)
    out.push_back({"utc_offset_min", "out_of_range", "utc_offset_min must be within -840..840"});
  if (r.rating < 1 || r.rating > 5)
    out.push_back({"rating", "out_of_range", "rating must be 1 to 5, got " + std::to_string(r.rating)});

  check_text(out, "comment", r.comment, max_comment_code_points, true);
  for (std::size_t i = 0; i < r.categories.size(); ++i)
    check_text(out, "categories[" + std::to_string(i) + "]", r.categories[i], 100, false);
  check_text(out, "desired_resolution", r.desired_resolution, 100, false);
  check_text(out, "staff", r.staff, 100, false);
  check_text(out, "language", r.language, 16, false);
  check_text(out, "survey_version", r.survey_version, 100, false);
  check_text(out, "app_version", r.app_version, 100, false);

  const Contact& c = r.contact;
  check_text(out, "contact.name", c.name, max_short_text_code_points, false);
  if (!c.email.empty())
    if (auto e = check_email(c.email)) out.push_back(*e);
  if (!c.phone.empty())
    if (auto e = check_phone(c.phone)) out.push_back(*e);
  if (!c.channel.empty() && c.channel != "phone" && c.channel != "sms" && c.channel != "email")
    out.push_back({"contact.channel", "invalid_channel", "channel must be phone, sms or email"});
  if ((c.channel == "phone" || c.channel == "sms") && c.phone.empty())
    out.push_back({"contact.phone", "required", "a phone number is needed to be reached by " + c.channel});
  if (c.channel == "email" && c.email.empty())
    out.push_back({"contact.email", "required", "an e-mail address is needed to be reached by e-mail"});
  if (!c.name.empty() && c.phone.empty() && c.email.empty())
    out.push_back({"contact", "unreachable", "a name alone cannot be contacted; add a phone number or e-mail"});
  if (!c.empty() && !r.consent.given)
    out.push_back({"consent", "consent_required", "contact details may only be kept with the customer's consent"});
  if (r.consent.given && r.consent.text_version.empty())
    out.push_back({"consent.text_version", "required", "consent needs the version of the text that was shown"});
  return out;
}

std::vector<FieldError> validate(const Response& r, const SurveyConfig& survey) {
  std::vector<FieldError> out = validate_record(r);
  const auto& allowed = survey.chips_for(r.kind);
  for (std::size_t i = 0; i < r.categories.size(); ++i) {
    const auto& id = r.categories[i];
    if (std::none_of(allowed.begin(), allowed.end(), [&](const Choice& c) { return c.id == id; }))
      out.push_back({"categories[" + std::to_string(i) + "]", "unknown_category",
                     "category '" + id + "' is not configured for a " + std::string(to_string(r.kind))});
    if (std::count(r.categories.begin(), r.categories.end(), id) > 1)
      out.push_back({"categories[" + std::to_string(i) + "]", "duplicate", "category '" + id + "' is chosen twice"});
  }
  if (!r.desired_resolution.empty()) {
    const Resolution* res = survey.find_resolution(r.desired_resolution);
    if (!res)
      out.push_back(
          {"desired_resolution", "unknown_resolution", "resolution '" + r.desired_resolution + "' is not configured"});
    else if (res->needs_contact && r.contact.phone.empty() && r.contact.email.empty())
      out.push_back({"contact", "contact_needed", "'" + res->id + "' needs a phone number or e-mail"});
  }
  if (!r.staff.empty() && !survey.has_staff(r.staff))
    out.push_back({"staff", "unknown_staff", "staff '" + r.staff + "' is not configured"});
  if (!r.language.empty() && !survey.has_language(r.language))
    out.push_back({"language", "unknown_language", "language '" + r.language + "' is not configured"});
  return out;
}

std::string describe(const std::vector<FieldError>& errors) {
  std::string s;
  for (const auto& e : errors) {
    if (!s.empty()) s += "; ";
    s += e.message;
  }
  return s;
}

}  // namespace heard
