#include "core/response_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>

#include "core/utf8.hpp"

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

namespace {

// The direct writer below emits byte for byte what to_json(r).dump() emits (the hub keeps a
// digest of that text for every record, so it must never change): keys in std::map order,
// empty text as null, strings escaped as nlohmann escapes valid UTF-8 without ensure_ascii.
// It is what every sync batch, export line and hub digest costs, and building the
// nlohmann object first was a third of a kiosk's CPU while sending a backlog.
class LineWriter {
 public:
  explicit LineWriter(std::string& out) : out_(out) {}

  // Appends "key": at the start of an object (first) or after a comma.
  LineWriter& key(const char* name, bool first = false) {
    if (!first) out_ += ',';
    out_ += '"';
    out_ += name;
    out_ += "\":";
    return *this;
  }
  void text(std::string_view s) {
    out_ += '"';
    for (const char c : s) escaped(c);
    out_ += '"';
  }
  void text_or_null(std::string_view s) { s.empty() ? void(out_ += "null") : text(s); }
  void number(long long n) { out_ += std::to_string(n); }
  void boolean(bool b) { out_ += b ? "true" : "false"; }
  void list(const std::vector<std::string>& items) {
    out_ += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_ += ',';
      text(items[i]);
    }
    out_ += ']';
  }

 private:
  void escaped(char c) {
    switch (c) {
      case '"':
        out_ += "\\\"";
        return;
      case '\\':
        out_ += "\\\\";
        return;
      case '\b':
        out_ += "\\b";
        return;
      case '\f':
        out_ += "\\f";
        return;
      case '\n':
        out_ += "\\n";
        return;
      case '\r':
        out_ += "\\r";
        return;
      case '\t':
        out_ += "\\t";
        return;
      default:
        break;
    }
    if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out_ += "\\u00";
      out_ += hex[(c >> 4) & 0xf];
      out_ += hex[c & 0xf];
      return;
    }
    out_ += c;
  }

  std::string& out_;
};

bool all_valid_utf8(const Response& r) {
  const auto valid = [](const std::string& s) { return utf8::is_valid(s); };
  const std::string* texts[] = {
      &r.id,           &r.kiosk_id,       &r.comment,       &r.desired_resolution, &r.staff,
      &r.contact.name, &r.contact.phone,  &r.contact.email, &r.contact.channel,    &r.consent.text_version,
      &r.language,     &r.survey_version, &r.app_version};
  for (const auto* t : texts)
    if (!valid(*t)) return false;
  return std::all_of(r.categories.begin(), r.categories.end(), valid) &&
         std::all_of(r.flags.begin(), r.flags.end(), valid);
}

// Keys in the order std::map sorts them, which is the order to_json(r).dump() writes them.
void write_line(std::string& out, const Response& r, ContactFields contact) {
  LineWriter w(out);
  out += '{';
  w.key("app_version", true).text_or_null(r.app_version);
  w.key("categories").list(r.categories);
  w.key("comment").text_or_null(r.comment);
  w.key("consent");
  out += '{';
  w.key("given", true).boolean(r.consent.given);
  w.key("text_version").text_or_null(r.consent.text_version);
  out += '}';
  w.key("contact");
  if (contact == ContactFields::include && !r.contact.empty()) {
    out += '{';
    w.key("channel", true).text_or_null(r.contact.channel);
    w.key("email").text_or_null(r.contact.email);
    w.key("name").text_or_null(r.contact.name);
    w.key("phone").text_or_null(r.contact.phone);
    out += '}';
  } else {
    out += "null";
  }
  w.key("created_at").text(format_iso8601(r.created_at));
  w.key("desired_resolution").text_or_null(r.desired_resolution);
  if (!r.flags.empty()) w.key("flags").list(r.flags);
  w.key("id").text(r.id);
  w.key("kind").text(to_string(r.kind));
  w.key("kiosk_id").text(r.kiosk_id);
  w.key("language").text_or_null(r.language);
  w.key("rating").number(r.rating);
  w.key("staff").text_or_null(r.staff);
  w.key("survey_version").text_or_null(r.survey_version);
  w.key("urgent").boolean(r.urgent);
  w.key("utc_offset_min").number(r.utc_offset_min);
  out += '}';
}

}  // namespace

std::string to_json_line(const Response& r, ContactFields contact) {
  // Invalid UTF-8 (a record must always be exportable) goes through nlohmann, which replaces
  // it; the direct writer handles only text that needs no replacing.
  if (!all_valid_utf8(r)) return to_json(r, contact).dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(512);
  write_line(out, r, contact);
  return out;
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
