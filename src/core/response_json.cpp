#include "core/response_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace heard {

using nlohmann::json;

namespace {

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string optional_text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (!it->is_string()) throw RecordError(std::string(key) + ": expected a string or null");
  return it->get<std::string>();
}

std::string required_text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) throw RecordError(std::string(key) + ": expected a string");
  return it->get<std::string>();
}

}  // namespace

json to_json(const Response& r, ContactFields contact) {
  json j = {
      {"id", r.id},
      {"kiosk_id", r.kiosk_id},
      {"created_at", format_iso8601(r.created_at)},
      {"utc_offset_min", r.utc_offset_min},
      {"rating", r.rating},
      {"kind", to_string(r.kind)},
      {"categories", r.categories},
      {"comment", text_or_null(r.comment)},
      {"desired_resolution", text_or_null(r.desired_resolution)},
      {"staff", text_or_null(r.staff)},
  };
  if (contact == ContactFields::include && !r.contact.empty()) {
    j["contact"] = {{"name", text_or_null(r.contact.name)},
                    {"phone", text_or_null(r.contact.phone)},
                    {"email", text_or_null(r.contact.email)},
                    {"channel", text_or_null(r.contact.channel)}};
  } else {
    j["contact"] = nullptr;
  }
  j["consent"] = {{"given", r.consent.given}, {"text_version", text_or_null(r.consent.text_version)}};
  j["language"] = text_or_null(r.language);
  j["urgent"] = r.urgent;
  j["survey_version"] = text_or_null(r.survey_version);
  j["app_version"] = text_or_null(r.app_version);
  if (!r.flags.empty()) j["flags"] = r.flags;  // protocol 1.1; hubs before it ignore the key
  return j;
}

std::string to_json_line(const Response& r, ContactFields contact) {
  // Replace rather than throw on invalid UTF-8: a stored record must always be exportable.
  return to_json(r, contact).dump(-1, ' ', false, json::error_handler_t::replace);
}

Response response_from_json(const json& j) {
  if (!j.is_object()) throw RecordError("record: expected a JSON object");
  Response r;
  r.id = required_text(j, "id");
  r.kiosk_id = required_text(j, "kiosk_id");
  const auto created = parse_iso8601(required_text(j, "created_at"));
  if (!created) throw RecordError("created_at: expected an ISO 8601 timestamp like 2026-11-23T14:05:09.123Z");
  r.created_at = *created;
  if (auto it = j.find("utc_offset_min"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw RecordError("utc_offset_min: expected an integer");
    // Read wide and range-check before narrowing: 4294967356 must not wrap round to 60.
    const bool in_range = it->is_number_unsigned()
                              ? it->get<std::uint64_t>() <= 14 * 60
                              : it->get<long long>() >= -14 * 60 && it->get<long long>() <= 14 * 60;
    if (!in_range) throw RecordError("utc_offset_min: must be within -840..840");
    r.utc_offset_min = static_cast<int>(it->get<long long>());
  }
  auto rating = j.find("rating");
  if (rating == j.end() || !rating->is_number_integer()) throw RecordError("rating: expected an integer 1-5");
  r.rating = static_cast<int>(std::clamp<long long>(rating->get<long long>(), -1, 99));
  const auto kind = kind_from_string(required_text(j, "kind"));
  if (!kind) throw RecordError("kind: expected complaint, compliment or suggestion");
  r.kind = *kind;
  if (auto it = j.find("categories"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) throw RecordError("categories: expected a list of strings");
    for (const auto& c : *it) {
      if (!c.is_string()) throw RecordError("categories: expected a list of strings");
      r.categories.push_back(c.get<std::string>());
    }
  }
  r.comment = optional_text(j, "comment");
  r.desired_resolution = optional_text(j, "desired_resolution");
  r.staff = optional_text(j, "staff");
  if (auto it = j.find("contact"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) throw RecordError("contact: expected an object or null");
    r.contact.name = optional_text(*it, "name");
    r.contact.phone = optional_text(*it, "phone");
    r.contact.email = optional_text(*it, "email");
    r.contact.channel = optional_text(*it, "channel");
  }
  if (auto it = j.find("consent"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) throw RecordError("consent: expected an object or null");
    if (auto g = it->find("given"); g != it->end() && !g->is_null()) {
      if (!g->is_boolean()) throw RecordError("consent.given: expected true or false");
      r.consent.given = g->get<bool>();
    }
    r.consent.text_version = optional_text(*it, "text_version");
  }
  r.language = optional_text(j, "language");
  if (auto it = j.find("urgent"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) throw RecordError("urgent: expected true or false");
    r.urgent = it->get<bool>();
  }
  r.survey_version = optional_text(j, "survey_version");
  r.app_version = optional_text(j, "app_version");
  if (auto it = j.find("flags"); it != j.end() && !it->is_null()) {
    if (!it->is_array() || it->size() > 8) throw RecordError("flags: expected a list of at most 8 strings");
    for (const auto& f : *it) {
      if (!f.is_string() || f.get_ref<const std::string&>().size() > 32)
        throw RecordError("flags: expected a list of short strings");
      r.flags.push_back(f.get<std::string>());
    }
  }
  return r;
}

}  // namespace heard
