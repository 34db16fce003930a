#include "store/response_store.hpp"

#include <nlohmann/json.hpp>

#include <limits>

#include "core/log.hpp"
#include "core/validation.hpp"
#include "store/contact_index.hpp"
#include "store/response_insert.hpp"

namespace heard::store {

namespace fs = std::filesystem;

namespace {

void require_valid(const Response& r) {
  if (auto errors = validate_record(r); !errors.empty())
    throw InvalidResponseError("response " + r.id + " not saved: " + describe(errors));
}

}  // namespace

// Prepared once per store: saving is the kiosk's hot path and seeding inserts millions.
class ResponseStore::Inserter {
 public:
  explicit Inserter(Database& db) : insert_(db, ResponseInsert::OnRepeatedId::fail), contacts_(db) {}

  void insert(const Response& r, Stage stage, Millis now) {
    require_valid(r);
    const auto seq = insert_.insert(r, stage == Stage::complete, now);
    if (seq && !r.contact.empty()) contacts_.replace(*seq, r);
  }

  ContactIndex& contacts() { return contacts_; }

 private:
  ResponseInsert insert_;
  ContactIndex contacts_;  // keyed hashes for recognising repeat complainants
};

ResponseStore::~ResponseStore() = default;

ResponseStore::Inserter& ResponseStore::inserter() {
  if (!inserter_) inserter_ = std::make_unique<Inserter>(db_);
  return *inserter_;
}

ResponseStore::ResponseStore(const fs::path& file, WhenUnavailable when)
    : file_(file), db_(open_checked_or_wait(file, report_, when, read_only_)) {}

void ResponseStore::probe_write() {
  if (!db_.is_open() || read_only_) {
    db_ = open_checked(file_, report_);  // the same object: StaffStore's reference stays good
    inserter_.reset();
    read_only_ = false;
    log::info("database " + file_.string() + " is open again");
  }
  Transaction tx(db_);
  db_.exec("INSERT INTO write_probe (filler) VALUES (randomblob(32768)); DELETE FROM write_probe");
  tx.commit();
}

void ResponseStore::save(const Response& r, Stage stage) {
  Transaction tx(db_);
  inserter().insert(r, stage, r.created_at);
  tx.commit();
  // Ids carry no personal data; the crash test of the installed package reads these lines.
  if (log::enabled(log::Level::debug)) log::debug("saved response " + r.id);
}

void ResponseStore::save_all(const std::vector<Response>& rs) {
  Transaction tx(db_);
  for (const auto& r : rs) inserter().insert(r, Stage::complete, r.created_at);
  tx.commit();
}

void ResponseStore::update(const Response& r, Stage stage, Millis now) {
  require_valid(r);
  Transaction tx(db_);
  // Only responses still in progress change: a complete one may already be on its way to
  // the hub, and the hub keeps the first copy of an id.
  Statement s(db_,
              "UPDATE responses SET rating = ?, kind = ?, categories = ?, comment = ?, desired_resolution = ?, "
              "staff = ?, contact_name = ?, contact_phone = ?, contact_email = ?, contact_channel = ?, "
              "consent_given = ?, consent_text_version = ?, language = ?, urgent = ?, survey_version = ?, "
              "app_version = ?, flags = ?, complete = ?, updated_at = ? WHERE id = ? AND complete = 0 RETURNING seq");
  const int next = bind_details(s, 1, r);
  s.bind(next, stage == Stage::complete ? 1 : 0).bind(next + 1, now).bind(next + 2, r.id);
  if (!s.step()) {
    if (!stage_of(r.id)) throw NotFoundError("no response with id " + r.id);
    throw std::logic_error("response " + r.id + " is already complete and can no longer change");
  }
  const std::int64_t seq = s.column_int64(0);
  s.reset();
  CategoryWriter(db_).replace(seq, r.categories);
  inserter().contacts().replace(seq, r);
  tx.commit();
}

bool ResponseStore::mark_complete(std::string_view id, Millis now) {
  Statement s(db_, "UPDATE responses SET complete = 1, updated_at = ? WHERE id = ? AND complete = 0");
  s.bind(1, now).bind(2, id).run();
  if (db_.changes() > 0) return true;
  if (!stage_of(id)) throw NotFoundError("no response with id " + std::string(id));
  return false;
}

int ResponseStore::complete_all_in_progress(Millis now) {
  Statement s(db_, "UPDATE responses SET complete = 1, updated_at = ? WHERE complete = 0");
  s.bind(1, now).run();
  return db_.changes();
}

std::optional<Response> ResponseStore::find(std::string_view id) {
  Statement s(db_, std::string("SELECT ") + response_columns + " FROM responses WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_response(s);
}

std::optional<Stage> ResponseStore::stage_of(std::string_view id) {
  Statement s(db_, "SELECT complete FROM responses WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return s.column_int(0) ? Stage::complete : Stage::in_progress;
}

void ResponseStore::append_event(const FollowupEvent& e) {
  // "purged" is written by the retention purge (StaffStore::purge), never chosen by staff.
  if (e.status != "contacted" && e.status != "resolved" && e.status != "unreachable" && e.status != "purged")
    throw std::invalid_argument("follow-up status must be contacted, resolved or unreachable, not '" + e.status + "'");
  if (e.by.empty()) throw std::invalid_argument("a follow-up event must say who made it");
  Statement s(db_, "INSERT INTO followup_events (id, response_id, at, status, by, note) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, e.id).bind(2, e.response_id).bind(3, e.at).bind(4, e.status).bind(5, e.by).bind_text_or_null(6, e.note);
  s.run();
}

namespace {
std::vector<FollowupEvent> read_events(Statement& s) {
  std::vector<FollowupEvent> out;
  while (s.step())
    out.push_back(
        {s.column_text(0), s.column_text(1), s.column_int64(2), s.column_text(3), s.column_text(4), s.column_text(5)});
  return out;
}
}  // namespace

std::vector<FollowupEvent> ResponseStore::events_for(std::string_view response_id) {
  Statement s(
      db_, "SELECT id, response_id, at, status, by, note FROM followup_events WHERE response_id = ? ORDER BY at, seq");
  s.bind(1, response_id);
  return read_events(s);
}

ResponseStore::RejectedCounts ResponseStore::rejected_counts() {
  return {
      db_.query_int("SELECT COUNT(*) FROM responses WHERE rejected_reason IS NOT NULL AND synced_at IS NULL"),
      db_.query_int("SELECT COUNT(*) FROM followup_events WHERE rejected_reason IS NOT NULL AND synced_at IS NULL")};
}

ResponseStore::RejectedCounts ResponseStore::resend_rejected(std::optional<Millis> since) {
  const Millis from = since.value_or(std::numeric_limits<Millis>::min());
  Transaction tx(db_);
  RejectedCounts cleared;
  Statement responses(db_,
                      "UPDATE responses SET rejected_reason = NULL "
                      "WHERE rejected_reason IS NOT NULL AND synced_at IS NULL AND created_at >= ?");
  responses.bind(1, from).run();
  cleared.responses = db_.changes();
  Statement events(db_,
                   "UPDATE followup_events SET rejected_reason = NULL "
                   "WHERE rejected_reason IS NOT NULL AND synced_at IS NULL AND at >= ?");
  events.bind(1, from).run();
  cleared.events = db_.changes();
  tx.commit();
  return cleared;
}

Stats ResponseStore::stats() {
  Stats st;
  {
    Statement s(db_,
                "SELECT COUNT(*), TOTAL(complete = 0), TOTAL(rejected_reason IS NOT NULL), AVG(rating), "
                "TOTAL(rating >= 4) FROM responses");
    s.step();
    st.total = s.column_int64(0);
    st.in_progress = s.column_int64(1);
    st.rejected = s.column_int64(2);
    st.average_rating = s.is_null(3) ? 0.0 : s.column_double(3);
    st.csat_percent = st.total ? 100.0 * s.column_double(4) / static_cast<double>(st.total) : 0.0;
  }
  st.unsynced = outbox().size(Stream::responses);
  Statement by_rating(db_, "SELECT rating, COUNT(*) FROM responses GROUP BY rating");
  while (by_rating.step())
    st.by_rating.at(static_cast<std::size_t>(by_rating.column_int(0) - 1)) = by_rating.column_int64(1);
  Statement by_category(db_, "SELECT category, COUNT(*) FROM response_categories GROUP BY category ORDER BY 2 DESC, 1");
  while (by_category.step()) st.by_category.emplace_back(by_category.column_text(0), by_category.column_int64(1));
  return st;
}

}  // namespace heard::store
