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

}  // namespace heard::store
