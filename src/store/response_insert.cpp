#include "store/response_insert.hpp"

#include <nlohmann/json.hpp>

namespace heard::store {

const char* const detail_columns =
    "rating, kind, categories, comment, desired_resolution, staff, contact_name, contact_phone, contact_email, "
    "contact_channel, consent_given, consent_text_version, language, urgent, survey_version, app_version, flags";

int bind_details(Statement& s, int i, const Response& r) {
  s.bind(i++, r.rating);
  s.bind(i++, to_string(r.kind));
  s.bind(i++, nlohmann::json(r.categories).dump());
  s.bind_text_or_null(i++, r.comment);
  s.bind_text_or_null(i++, r.desired_resolution);
  s.bind_text_or_null(i++, r.staff);
  s.bind_text_or_null(i++, r.contact.name);
  s.bind_text_or_null(i++, r.contact.phone);
  s.bind_text_or_null(i++, r.contact.email);
  s.bind_text_or_null(i++, r.contact.channel);
  s.bind(i++, r.consent.given ? 1 : 0);
  s.bind_text_or_null(i++, r.consent.text_version);
  s.bind_text_or_null(i++, r.language);
  s.bind(i++, r.urgent ? 1 : 0);
  s.bind_text_or_null(i++, r.survey_version);
  s.bind_text_or_null(i++, r.app_version);
  // NULL for nearly every response, so counting the unflagged ones is a cheap test.
  s.bind_text_or_null(i++, r.flags.empty() ? std::string() : nlohmann::json(r.flags).dump());
  return i;
}

CategoryWriter::CategoryWriter(Database& db)
    : clear_(db, "DELETE FROM response_categories WHERE response_seq = ?"),
      add_(db, "INSERT OR IGNORE INTO response_categories (response_seq, category) VALUES (?, ?)") {}

void CategoryWriter::add(std::int64_t seq, const std::vector<std::string>& categories) {
  for (const auto& c : categories) {
    add_.bind(1, seq).bind(2, c).run();
    add_.reset();
  }
}

void CategoryWriter::replace(std::int64_t seq, const std::vector<std::string>& categories) {
  clear_.bind(1, seq).run();
  clear_.reset();
  add(seq, categories);
}

namespace {

std::string insert_sql(ResponseInsert::OnRepeatedId on_repeat) {
  return std::string("INSERT INTO responses (id, kiosk_id, created_at, utc_offset_min, ") + detail_columns +
         ", complete, updated_at, synced_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" +
         (on_repeat == ResponseInsert::OnRepeatedId::keep_first ? " ON CONFLICT (id) DO NOTHING" : "") +
         " RETURNING seq";
}

}  // namespace

ResponseInsert::ResponseInsert(Database& db, OnRepeatedId on_repeat)
    : insert_(db, insert_sql(on_repeat)), categories_(db) {}

std::optional<std::int64_t> ResponseInsert::insert(const Response& r, bool complete, Millis updated_at,
                                                   std::optional<Millis> synced_at) {
  insert_.bind(1, r.id).bind(2, r.kiosk_id).bind(3, r.created_at).bind(4, r.utc_offset_min);
  const int next = bind_details(insert_, 5, r);
  insert_.bind(next, complete ? 1 : 0).bind(next + 1, updated_at);
  if (synced_at) insert_.bind(next + 2, *synced_at);
  else insert_.bind(next + 2, nullptr);
  const bool stored = insert_.step();
  const std::int64_t seq = stored ? insert_.column_int64(0) : 0;
  insert_.reset();
  if (!stored) return std::nullopt;
  categories_.add(seq, r.categories);
  return seq;
}

const char* const response_columns =
    "id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, desired_resolution, staff, "
    "contact_name, contact_phone, contact_email, contact_channel, consent_given, consent_text_version, language, "
    "urgent, survey_version, app_version, flags";

Response read_response(const Statement& s) {
  Response r;
  r.id = s.column_text(0);
  r.kiosk_id = s.column_text(1);
  r.created_at = s.column_int64(2);
  r.utc_offset_min = s.column_int(3);
  r.rating = s.column_int(4);
  r.kind = kind_from_string(s.column_view(5)).value_or(Kind::suggestion);
  r.categories = nlohmann::json::parse(s.column_view(6)).get<std::vector<std::string>>();
  r.comment = s.column_text(7);
  r.desired_resolution = s.column_text(8);
  r.staff = s.column_text(9);
  r.contact = {s.column_text(10), s.column_text(11), s.column_text(12), s.column_text(13)};
  r.consent = {s.column_int(14) != 0, s.column_text(15)};
  r.language = s.column_text(16);
  r.urgent = s.column_int(17) != 0;
  r.survey_version = s.column_text(18);
  r.app_version = s.column_text(19);
  if (const auto flags = s.column_view(20); !flags.empty())
    r.flags = nlohmann::json::parse(flags).get<std::vector<std::string>>();
  return r;
}

}  // namespace heard::store
