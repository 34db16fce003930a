// Repeat complainants are recognised through keyed hashes of normalised contact details,
// never by keeping the details in clear for matching.
#include <catch2/catch.hpp>

#include "core/contact_match.hpp"
#include "store/contact_index.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {
constexpr Millis day = 24LL * 3'600'000;
const Millis t0 = 1'790'000'000'000;

Response complaint_from(Millis at, std::string phone, std::string email) {
  Response r = test::filled_response(at);
  r.contact.phone = std::move(phone);
  r.contact.email = std::move(email);
  r.contact.channel = r.contact.phone.empty() ? "email" : "phone";
  return r;
}
}  // namespace

TEST_CASE("Phone numbers and e-mail addresses are compared in a normal form", "[repeat]") {
  CHECK(normalise_phone("+34 600-000 000") == "34600000000");
  CHECK(normalise_phone("0034 600 000 000") == "34600000000");
  CHECK(normalise_phone("(0)600 000 000") == "0600000000");
  CHECK(normalise_phone("12 34") == "");
  CHECK(normalise_email("  Ana.Lopez@Example.COM ") == "ana.lopez@example.com");
  CHECK(normalise_email("no-at-sign") == "");
  CHECK(normalise_email("@example.com") == "");
}

TEST_CASE("A contact that complained before in 90 days is counted, however it was typed", "[repeat]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const Response first = complaint_from(t0, "+34 600 000 000", "");
  const Response second = complaint_from(t0 + 10 * day, "0034600000000", "");
  const Response third = complaint_from(t0 + 20 * day, "", "ANA@example.com");
  const Response fourth = complaint_from(t0 + 30 * day, "+34 600 000 000", "ana@example.com");
  const Response stranger = complaint_from(t0 + 30 * day, "+44 7700 900123", "");
  for (const auto& r : {first, second, third, fourth, stranger}) store.save(r);

  CHECK(complaints_in_window(connection_of(store), first.id) == 1);
  CHECK(complaints_in_window(connection_of(store), second.id) == 2);
  CHECK(complaints_in_window(connection_of(store), third.id) == 1);   // only the e-mail, new so far
  CHECK(complaints_in_window(connection_of(store), fourth.id) == 4);  // phone and e-mail join them all
  CHECK(complaints_in_window(connection_of(store), stranger.id) == 1);

  SECTION("complaints older than 90 days and compliments do not count") {
    const Response much_later = complaint_from(t0 + 115 * day, "+34600000000", "");
    Response praise = complaint_from(t0 + 114 * day, "+34600000000", "");
    praise.rating = 5;
    praise.kind = Kind::compliment;
    praise.desired_resolution.clear();
    praise.urgent = false;
    store.save(praise);
    store.save(much_later);
    CHECK(complaints_in_window(connection_of(store), much_later.id) == 2);  // fourth (day 30) and itself
  }
  SECTION("the contact details are not in the index, only 64-hex-digit keyed hashes") {
    Statement s(connection_of(store), "SELECT hash FROM contact_hashes");
    int rows = 0;
    while (s.step()) {
      ++rows;
      const std::string h = s.column_text(0);
      CHECK(h.size() == 64);
      CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
    CHECK(rows == 6);
  }
  SECTION("another device (another key) gives other hashes for the same contact") {
    ResponseStore other(dir / "other.db");
    other.save(complaint_from(t0, "+34 600 000 000", ""));
    const auto a = connection_of(store).query_text("SELECT hash FROM contact_hashes ORDER BY response_seq LIMIT 1");
    const auto b = connection_of(other).query_text("SELECT hash FROM contact_hashes LIMIT 1");
    CHECK(a != b);
  }
  SECTION("a contact added while the response is in progress is indexed by update") {
    Response r = complaint_from(t0 + 31 * day, "", "");
    r.contact = {};
    r.consent = {};
    r.desired_resolution = "discount";
    r.urgent = false;
    store.save(r, Stage::in_progress);
    CHECK(complaints_in_window(connection_of(store), r.id) == 0);
    r.contact = {"Ana", "+34 600 000 000", "", "phone"};
    r.consent = {true, "2026-11"};
    store.update(r, Stage::complete, r.created_at + 60'000);
    CHECK(complaints_in_window(connection_of(store), r.id) == 4);  // first, second, fourth (same phone), this one
  }
}
