#include "ingest.hpp"

#include <nlohmann/json.hpp>

#include "core/response_json.hpp"
#include "core/utf8.hpp"
#include "core/uuid.hpp"
#include "core/validation.hpp"

namespace heard::hub {

namespace {

using nlohmann::json;

// Nesting depth of a JSON text, counted before parsing so that hostile input like
// "[[[[..." cannot exhaust the stack of a recursive parser or destructor.
int json_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// Calls `each(line_number, object)` for every non-empty line; throws for unreadable ones.
template <typename Each>
void for_each_line(std::string_view body, Each&& each) {
  std::size_t count = 0;
  int number = 0;
  while (!body.empty()) {
    ++number;
    const auto end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = "line " + std::to_string(number);
    // JSON never holds a raw NUL; C-string handling further on would cut the line there.
    if (line.find('\0') != std::string_view::npos) throw UnreadableBatch(where + " contains a NUL byte");
    if (++count > max_records_per_batch)
      throw BatchTooLarge("more than " + std::to_string(max_records_per_batch) + " records in one batch");
    if (line.size() > max_line_bytes)
      throw UnreadableBatch(where + " is longer than " + std::to_string(max_line_bytes) + " bytes");
    if (json_depth(line) > max_json_depth) throw UnreadableBatch(where + " nests JSON too deeply");
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception& e) {
      throw UnreadableBatch(where + " is not valid JSON (" + std::string(e.what()) + ")");
    }
    const auto id = j.is_object() ? j.find("id") : j.end();
    if (!j.is_object() || id == j.end() || !id->is_string())
      throw UnreadableBatch(where + " is not a JSON object with a string \"id\"");
    each(id->get<std::string>(), j);
  }
  if (count == 0) throw UnreadableBatch("the batch has no records");
}

std::string text_field(const json& j, const char* key, bool required) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) throw RecordError(std::string(key) + ": required");
    return {};
  }
  if (!it->is_string()) throw RecordError(std::string(key) + ": expected a string");
  return it->get<std::string>();
}

void check_text(const std::string& key, const std::string& value, std::size_t max_code_points) {
  if (!utf8::is_valid(value)) throw RecordError(key + ": not valid UTF-8");
  if (utf8::count_code_points(value) > max_code_points)
    throw RecordError(key + ": longer than " + std::to_string(max_code_points) + " characters");
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

int digits_at(std::string_view text, std::size_t at, std::size_t count) {
  int n = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

// parse_iso8601 rolls impossible dates over (2026-02-31 becomes 3 March), so the calendar
// date is checked on the text first. Years outside 2000..2100 are a broken clock, not a visit.
void check_calendar_date(const std::string& key, std::string_view text) {
  const std::string expected = key + ": expected an ISO 8601 timestamp like 2026-11-23T14:05:09.123Z";
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') throw RecordError(expected);
  const int y = digits_at(text, 0, 4), m = digits_at(text, 5, 2), d = digits_at(text, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) throw RecordError(expected);
  if (d > days_in_month(y, m)) throw RecordError(key + ": " + std::string(text.substr(0, 10)) + " is not a date");
  if (y < 2000 || y > 2100) throw RecordError(key + ": the year " + std::to_string(y) + " is not plausible");
}

Millis time_field(const json& j, const char* key) {
  const auto t = parse_iso8601(text_field(j, key, true));
  if (!t) throw RecordError(std::string(key) + ": expected an ISO 8601 timestamp");
  return *t;
}

// A record's own time, stored for good: a real calendar date too. (Heartbeats keep the
// lenient time_field: a kiosk whose clock is wrong must still be seen at head office.)
Millis record_time_field(const json& j, const char* key) {
  check_calendar_date(key, text_field(j, key, true));
  return time_field(j, key);
}

// Record ids are UUIDv7 (version 7, RFC 9562 variant): the nil UUID and other versions are
// not ids a kiosk makes.
bool is_uuid_v7(std::string_view id) {
  return is_uuid(id) && id[14] == '7' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

}  // namespace

std::vector<FeedbackEntry> read_feedback_batch(std::string_view body, std::string_view kiosk_id) {
  std::vector<FeedbackEntry> out;
  for_each_line(body, [&](std::string id, const json& j) {
    FeedbackEntry entry{std::move(id), std::nullopt, {}};
    try {
      if (!is_uuid_v7(entry.id)) throw RecordError("id: expected a UUIDv7");
      if (const auto created = j.find("created_at"); created != j.end() && created->is_string())
        check_calendar_date("created_at", created->get_ref<const std::string&>());
      Response r = response_from_json(j);
      if (const auto errors = validate_record(r); !errors.empty()) {
        entry.reason = describe(errors);
      } else if (r.kiosk_id != kiosk_id) {
        entry.reason =
            "kiosk_id '" + r.kiosk_id + "' does not match the kiosk '" + std::string(kiosk_id) + "' that sent it";
      } else {
        entry.record = std::move(r);
      }
    } catch (const RecordError& e) {
      entry.reason = e.what();
    }
    out.push_back(std::move(entry));
  });
  return out;
}

std::vector<EventEntry> read_event_batch(std::string_view body) {
  std::vector<EventEntry> out;
  for_each_line(body, [&](std::string id, const json& j) {
    EventEntry entry{std::move(id), std::nullopt, {}};
    try {
      store::FollowupEvent e;
      e.id = entry.id;
      if (!is_uuid_v7(e.id)) throw RecordError("id: expected a UUIDv7");
      e.response_id = text_field(j, "response_id", true);
      if (!is_uuid_v7(e.response_id)) throw RecordError("response_id: expected a UUIDv7");
      e.at = record_time_field(j, "at");
      e.status = text_field(j, "status", true);
      // "purged": the kiosk removed the contact details after retention; the hub does the same.
      if (e.status != "contacted" && e.status != "resolved" && e.status != "unreachable" && e.status != "purged")
        throw RecordError("status: expected contacted, resolved, unreachable or purged");
      e.by = text_field(j, "by", true);
      check_text("by", e.by, 200);
      if (e.by.empty()) throw RecordError("by: required");
      e.note = text_field(j, "note", false);
      check_text("note", e.note, 2000);
      entry.event = std::move(e);
    } catch (const RecordError& e) {
      entry.reason = e.what();
    }
    out.push_back(std::move(entry));
  });
  return out;
}

Heartbeat read_heartbeat(std::string_view body, std::string_view kiosk_id) {
  if (body.size() > max_line_bytes || json_depth(body) > max_json_depth)
    throw UnreadableBatch("the heartbeat is too large or nested too deeply");
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw UnreadableBatch("the heartbeat is not a JSON object");
  Heartbeat h;
  h.kiosk_id = std::string(kiosk_id);
  try {
    h.at = time_field(j, "at");
    h.app_version = text_field(j, "app_version", false);
    check_text("app_version", h.app_version, 200);
    if (const auto it = j.find("outbox"); it != j.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 0) throw RecordError("outbox: expected a whole number");
      h.outbox = it->get<std::int64_t>();
    }
    if (!text_field(j, "oldest_unsynced_at", false).empty()) h.oldest_unsynced_at = time_field(j, "oldest_unsynced_at");
    h.last_error = text_field(j, "last_error", false);
    check_text("last_error", h.last_error, 2000);
  } catch (const RecordError& e) {
    throw UnreadableBatch(std::string("heartbeat: ") + e.what());
  }
  return h;
}

}  // namespace heard::hub
