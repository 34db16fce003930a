// Contact details past retention are removed from the database file itself, not hidden:
// the test reads the file's bytes. Ratings, categories and comments stay; the hub is told.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "store/staff_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {
constexpr Millis day = 24LL * 3'600'000;
const Millis t0 = 1'790'000'000'000;

// Everything SQLite keeps for this database: the file and its write-ahead log.
std::string file_bytes(const std::filesystem::path& db) {
  std::string all;
  for (const auto& p : {db, std::filesystem::path(db.string() + "-wal")}) {
    std::ifstream in(p, std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

Response with_contact(Millis at, const std::string& phone, const std::string& email) {
  Response r = test::filled_response(at);
  r.contact = {"Ana", phone, email, "phone"};
  return r;
}
}  // namespace

TEST_CASE("Purged contact details are gone from the database file's bytes", "[purge]") {
  test::TempDir dir;
  const auto file = dir / "heard.db";
  ResponseStore store(file);
  StaffStore staff(store);
  const Millis now = t0 + 200 * day;
  // Resolved 100 days ago: past the 90-day retention.
  const Response closed = with_contact(t0, "+34 611 222 333", "purge.me.please@example.org");
  // Unreachable only 10 days ago: kept.
  const Response recent = with_contact(now - 20 * day, "+34 699 888 777", "keep.me@example.org");
  // Never followed up, but older than the hard limit.
  const Response ancient = with_contact(now - 400 * day, "+34 655 444 333", "too.old@example.org");
  for (const auto& r : {closed, recent, ancient}) store.save(r);
  store.outbox().mark_synced(Stream::responses, {closed.id, recent.id}, t0 + 1);  // the hub has these two
  staff.record_followup("Marta", closed.id, "resolved", "", t0 + 100 * day);
  staff.record_followup("Marta", recent.id, "unreachable", "", now - 10 * day);
  connection_of(store).exec("PRAGMA wal_checkpoint(TRUNCATE)");
  REQUIRE(file_bytes(file).find("purge.me.please@example.org") != std::string::npos);  // the test can fail
  REQUIRE(file_bytes(file).find("+34 655 444 333") != std::string::npos);

  const PurgeReport report = staff.purge(PurgeRules{90, 365}, "retention", now);
  CHECK(report.purged == 2);
  CHECK(report.hub_events == 1);  // `ancient` never reached the hub
  CHECK(report.checkpointed);

  const std::string bytes = file_bytes(file);
  for (const char* gone : {"+34 611 222 333", "purge.me.please@example.org", "+34 655 444 333", "too.old@example.org"})
    CHECK(bytes.find(gone) == std::string::npos);
  CHECK(bytes.find("keep.me@example.org") != std::string::npos);

  const auto after = store.find(closed.id);
  REQUIRE(after);
  CHECK(after->contact.empty());
  CHECK(after->rating == closed.rating);
  CHECK(after->comment == closed.comment);
  CHECK(after->categories == closed.categories);
  CHECK(store.find(recent.id)->contact == recent.contact);
  CHECK(connection_of(store).query_int("SELECT COUNT(*) FROM contact_hashes") == 2);  // recent's phone and e-mail

  const auto events = store.events_for(closed.id);
  REQUIRE(events.size() == 2);
  CHECK(events[1].status == "purged");
  CHECK(events[1].by == "retention");
  CHECK(staff.followup(closed.id, 24, now)->contact_purged);
  CHECK(staff.audit_log(1).front().action == "purge");

  SECTION("a second purge finds nothing more") {
    CHECK(staff.purge(PurgeRules{90, 365}, "retention", now).purged == 0);
  }
}
