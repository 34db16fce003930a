#include "sync/event_pull.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "core/log.hpp"
#include "core/utf8.hpp"
#include "sync/protocol.hpp"

namespace heard::sync {

namespace {

using nlohmann::json;

constexpr std::size_t max_event_text_bytes = 2000;  // a staff note; the hub keeps them short too

std::string text_field(const json& e, const char* key, bool required) {
  const auto it = e.find(key);
  if (it == e.end() || it->is_null()) {
    if (required) throw std::runtime_error(std::string("an event without \"") + key + "\"");
    return {};
  }
  if (!it->is_string()) throw std::runtime_error(std::string("an event whose \"") + key + "\" is not text");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max_event_text_bytes || !utf8::is_valid(s))
    throw std::runtime_error(std::string("an event whose \"") + key + "\" is too long or not UTF-8");
  return s;
}

store::FollowupEvent event_from_json(const json& e) {
  if (!e.is_object()) throw std::runtime_error("an event that is not an object");
  store::FollowupEvent out;
  out.id = text_field(e, "id", true);
  out.response_id = text_field(e, "response_id", true);
  const auto at = parse_iso8601(text_field(e, "at", true));
  if (!at) throw std::runtime_error("an event whose \"at\" is not a time");
  out.at = *at;
  // Statuses this kiosk does not know ("assigned", "note") are kept as history.
  out.status = text_field(e, "status", true);
  out.by = text_field(e, "by", true);
  out.note = text_field(e, "note", false);
  if (out.id.empty() || out.response_id.empty() || out.status.empty() || out.by.empty())
    throw std::runtime_error("an event with an empty id, response_id, status or by");
  return out;
}

std::string query_escape(std::string_view text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  if (!escaped) throw std::bad_alloc();
  std::string out(escaped);
  curl_free(escaped);
  return out;
}

}  // namespace

EventPage parse_event_page(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("events") || !j["events"].is_array())
    throw std::runtime_error("not an events page");
  EventPage page;
  for (const auto& e : j["events"]) page.events.push_back(event_from_json(e));
  if (const auto c = j.find("cursor"); c != j.end() && !c->is_null()) {
    if (!c->is_string() || c->get_ref<const std::string&>().size() > 1000)
      throw std::runtime_error("an events page whose cursor is not short text");
    page.cursor = c->get<std::string>();
  }
  if (const auto m = j.find("more"); m != j.end() && !m->is_null()) {
    if (!m->is_boolean()) throw std::runtime_error("an events page whose \"more\" is not true or false");
    page.more = m->get<bool>();
  }
  if (page.more && page.cursor.empty()) throw std::runtime_error("an events page with more to come but no cursor");
  return page;
}

PullReport pull_events(HttpClient& http, std::string_view base, std::string_view kiosk_id, store::Outbox& outbox,
                       const std::atomic<bool>& stop, Millis now, std::optional<std::chrono::milliseconds> timeout) {
  PullReport report;
  // A hub that keeps saying "more" cannot hold the worker: 100 pages of 500 is plenty a round.
  for (bool more = true; more && report.pages < 100;) {
    const std::string cursor = outbox.sync_cursor(events_cursor_name);
    const std::string url = kiosk_endpoint(base, kiosk_id, events_path) + "?after=" + query_escape(cursor) +
                            "&limit=" + std::to_string(event_page_limit);
    const HttpResponse reply = http.get(url, {"Accept: application/json"}, stop, max_event_page_bytes, timeout);
    if (reply.interrupted) {
      report.outcome = PullReport::Outcome::interrupted;
      return report;
    }
    if (reply.status == 404) {
      report.outcome = PullReport::Outcome::not_offered;
      return report;
    }
    if (reply.status == 401 || reply.status == 403) {
      report.outcome = PullReport::Outcome::refused;
      return report;
    }
    if (reply.status != 200) {
      report.outcome = PullReport::Outcome::failed;
      report.error = reply.status
                         ? "the hub answered " + std::to_string(reply.status) + ": " + sanitize_hub_text(reply.body)
                         : reply.error;
      return report;
    }
    EventPage page;
    try {
      page = parse_event_page(reply.body);
    } catch (const std::exception& e) {
      report.outcome = PullReport::Outcome::failed;
      report.error = std::string("unusable events page from the hub: ") + sanitize_hub_text(e.what());
      return report;
    }
    ++report.pages;
    // Without a new cursor the hub could only send the same page again: keep the old one.
    report.stored +=
        outbox.store_pulled_events(page.events, events_cursor_name, page.cursor.empty() ? cursor : page.cursor, now);
    more = page.more;
  }
  return report;
}

}  // namespace heard::sync
