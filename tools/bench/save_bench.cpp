// Save latency: ResponseStore::save (validation, insert, category index, commit with WAL and
// synchronous=FULL) against the least any program can do with SQLite -- one prepared INSERT
// and COMMIT with the same pragmas on the same schema -- in the same run, interleaved so
// both see the same disk. Prints p50/p99 of each and their ratios; target p99 ratio <= 1.5.
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/uuid.hpp"
#include "store/response_store.hpp"

namespace {

using namespace heard;
using Clock = std::chrono::steady_clock;

constexpr double target_p99_ratio = 1.5;

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

// What a customer's complaint with contact looks like on the wire: the common worst case.
Response typical_response(Millis at) {
  Response r;
  r.id = make_uuid_v7();
  r.kiosk_id = "store-12-exit";
  r.created_at = at;
  r.utc_offset_min = 60;
  r.rating = 2;
  r.kind = Kind::complaint;
  r.categories = {"wait_time", "staff_attitude"};
  r.comment = "Waited 25 minutes at the counter";
  r.desired_resolution = "call_back";
  r.staff = "pharmacy";
  r.contact = {"Ana", "+34 600 000 000", "", "phone"};
  r.consent = {true, "2026-11"};
  r.language = "es";
  r.urgent = true;
  r.survey_version = "1";
  r.app_version = "1.0.0";
  return r;
}

// The baseline: raw SQLite C API, same file layout (made by the store's own migrations),
// same pragmas, one row per transaction. With `category_rows`, it also writes the rows of
// the category index table the store keeps, to tell the cost of that design from the cost
// of the store's code.
class BareInsert {
 public:
  BareInsert(const std::filesystem::path& file, bool category_rows) : category_rows_(category_rows) {
    { store::ResponseStore schema_only(file); }
    check(db_, sqlite3_open(file.c_str(), &db_), "open");
    check(db_, sqlite3_exec(db_, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", nullptr, nullptr, nullptr),
          "pragmas");
    const char* sql =
        "INSERT INTO responses (id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, "
        "desired_resolution, staff, contact_name, contact_phone, contact_email, contact_channel, consent_given, "
        "consent_text_version, language, urgent, survey_version, app_version, complete, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)";
    check(db_, sqlite3_prepare_v2(db_, sql, -1, &insert_, nullptr), "prepare");
    check(db_,
          sqlite3_prepare_v2(db_, "INSERT INTO response_categories VALUES (last_insert_rowid(), ?)", -1, &category_,
                             nullptr),
          "prepare");
  }
  ~BareInsert() {
    sqlite3_finalize(insert_);
    sqlite3_finalize(category_);
    sqlite3_close(db_);
  }

  void save(const Response& r) {
    check(db_, sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), "begin");
    int i = 0;
    const auto text = [&](const std::string& s) {
      if (s.empty()) sqlite3_bind_null(insert_, ++i);
      else sqlite3_bind_text(insert_, ++i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    };
    text(r.id);
    text(r.kiosk_id);
    sqlite3_bind_int64(insert_, ++i, r.created_at);
    sqlite3_bind_int(insert_, ++i, r.utc_offset_min);
    sqlite3_bind_int(insert_, ++i, r.rating);
    sqlite3_bind_text(insert_, ++i, "complaint", -1, SQLITE_STATIC);
    sqlite3_bind_text(insert_, ++i, R"(["wait_time","staff_attitude"])", -1, SQLITE_STATIC);
    text(r.comment);
    text(r.desired_resolution);
    text(r.staff);
    text(r.contact.name);
    text(r.contact.phone);
    text(r.contact.email);
    text(r.contact.channel);
    sqlite3_bind_int(insert_, ++i, r.consent.given);
    text(r.consent.text_version);
    text(r.language);
    sqlite3_bind_int(insert_, ++i, r.urgent);
    text(r.survey_version);
    text(r.app_version);
    sqlite3_bind_int64(insert_, ++i, r.created_at);
    check(db_, sqlite3_step(insert_), "insert");
    sqlite3_reset(insert_);
    for (const auto& c : category_rows_ ? r.categories : std::vector<std::string>{}) {
      sqlite3_bind_text(category_, 1, c.data(), static_cast<int>(c.size()), SQLITE_STATIC);
      check(db_, sqlite3_step(category_), "insert category");
      sqlite3_reset(category_);
    }
    check(db_, sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), "commit");
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* category_ = nullptr;
  bool category_rows_;
};

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

template <typename Fn>
double micros(Fn&& fn) {
  const auto start = Clock::now();
  fn();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(100, std::atoi(argv[1])) : 2000;
  char folder[] = "/tmp/heard-bench-save-XXXXXX";
  if (!mkdtemp(folder)) {
    std::perror("mkdtemp");
    return 2;
  }
  int status = 0;
  try {
    const std::filesystem::path dir = folder;
    store::ResponseStore store(dir / "store.db");
    BareInsert bare(dir / "bare.db", false);
    BareInsert bare_categories(dir / "bare-categories.db", true);
    std::vector<double> ours, baseline, baseline_categories;
    Millis at = system_now_ms();
    // A few unmeasured rounds first: file growth and page cache warm-up are not latency.
    for (int i = 0; i < 20; ++i) {
      store.save(typical_response(++at));
      bare.save(typical_response(++at));
      bare_categories.save(typical_response(++at));
    }
    for (int i = 0; i < n; ++i) {
      const Response a = typical_response(++at), b = typical_response(++at), c = typical_response(++at);
      // Rotate who goes first so no one always follows another's fsync.
      for (int k = 0; k < 3; ++k) {
        switch ((i + k) % 3) {
          case 0:
            ours.push_back(micros([&] { store.save(a); }));
            break;
          case 1:
            baseline.push_back(micros([&] { bare.save(b); }));
            break;
          case 2:
            baseline_categories.push_back(micros([&] { bare_categories.save(c); }));
            break;
        }
      }
    }
    const double p50 = percentile(ours, 0.50), p99 = percentile(ours, 0.99);
    const double b50 = percentile(baseline, 0.50), b99 = percentile(baseline, 0.99);
    const double c50 = percentile(baseline_categories, 0.50), c99 = percentile(baseline_categories, 0.99);
    std::printf("save latency over %d saves each (WAL, synchronous=FULL, one commit per response)\n", n);
    std::printf("  ResponseStore::save              p50 %8.1f us   p99 %8.1f us\n", p50, p99);
    std::printf("  bare sqlite3 insert              p50 %8.1f us   p99 %8.1f us\n", b50, b99);
    std::printf("  bare insert + category rows      p50 %8.1f us   p99 %8.1f us   (same writes as the store)\n", c50,
                c99);
    std::printf("  ratio to bare insert             p50 %8.2f      p99 %8.2f   (target p99 <= %.1f: %s)\n", p50 / b50,
                p99 / b99, target_p99_ratio, p99 / b99 <= target_p99_ratio ? "met" : "MISSED");
    std::printf("  ratio to insert + category rows  p50 %8.2f      p99 %8.2f\n", p50 / c50, p99 / c99);
    status = p99 / b99 <= target_p99_ratio ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_save: %s\n", e.what());
    status = 2;
  }
  std::filesystem::remove_all(folder);
  return status;
}
