#include <catch2/catch.hpp>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::store;
using heard::test::sample_complaint;
using heard::test::sample_response;

TEST_CASE("A saved response reads back field by field", "[store]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const Response r = sample_complaint();
  store.save(r);
  CHECK(store.find(r.id) == r);
  CHECK_FALSE(store.find("0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60").has_value());
}

TEST_CASE("Text in any language round-trips through the database", "[store][unicode]") {
  heard::test::TempDir dir;
  std::vector<Response> saved;
  {
    ResponseStore store(dir / "heard.db");
    for (const char* text : {"Esperé 25 minutos, ¡qué desastre! Ñandú", "Die Wartezeit war zu lang, Grüße aus Köln ß",
                             "Η εξυπηρέτηση ήταν αργή", "Очень долго ждали в очереди",
                             "Great staff 👍🏽🎉 (family: 👨‍👩‍👧)", "multi\nline\ncomment"}) {
      Response r = sample_response(2);
      r.comment = text;
      r.contact = {"Zoë Ørsted-Łukasz", "", "zoë@bücher.de", "email"};
      r.consent = {true, "2026-11"};
      store.save(r);
      saved.push_back(r);
    }
  }
  ResponseStore reopened(dir / "heard.db");
  for (const auto& r : saved) CHECK(reopened.find(r.id) == r);
}

TEST_CASE("An invalid response never reaches the database", "[store]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  Response r = sample_response(3);
  r.comment = "bad \xff byte";
  CHECK_THROWS_AS(store.save(r), InvalidResponseError);
  CHECK_FALSE(store.find(r.id).has_value());
  CHECK(store.stats().total == 0);
}

TEST_CASE("Saving the same id twice is refused and keeps the first", "[store]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  Response r = sample_response(4);
  store.save(r);
  Response again = r;
  again.rating = 1;
  CHECK_THROWS_AS(store.save(again), SqliteError);
  CHECK(store.find(r.id)->rating == 4);
}

TEST_CASE("A response in progress is updated in place until it is complete", "[store]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  Response r = sample_response(1);
  store.save(r, Stage::in_progress);
  CHECK(store.stage_of(r.id) == Stage::in_progress);
  CHECK(store.outbox().pending(Stream::responses, 10).empty());

  r.categories = {"price"};
  r.comment = "Too expensive";
  store.update(r, Stage::in_progress, r.created_at + 1000);
  CHECK(store.find(r.id)->comment == "Too expensive");
  CHECK(store.stats().by_category == std::vector<std::pair<std::string, std::int64_t>>{{"price", 1}});

  r.categories = {"wait_time"};
  store.update(r, Stage::complete, r.created_at + 2000);
  CHECK(store.stage_of(r.id) == Stage::complete);
  CHECK(store.outbox().pending(Stream::responses, 10).size() == 1);
  CHECK(store.stats().by_category == std::vector<std::pair<std::string, std::int64_t>>{{"wait_time", 1}});

  SECTION("after which it no longer changes") {
    r.comment = "changed my mind";
    CHECK_THROWS_AS(store.update(r, Stage::complete, r.created_at + 3000), std::logic_error);
    CHECK(store.find(r.id)->comment == "Too expensive");
  }
  SECTION("updating an unknown id is an error") {
    Response other = sample_response(2);
    CHECK_THROWS_AS(store.update(other, Stage::complete, other.created_at), NotFoundError);
  }
}

TEST_CASE("Responses left in progress by a crash become complete at start-up", "[store]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const Response a = sample_response(1), b = sample_response(5);
  store.save(a, Stage::in_progress);
  store.save(b, Stage::complete);
  CHECK(store.complete_all_in_progress(a.created_at + 7000) == 1);
  CHECK(store.outbox().size(Stream::responses) == 2);
}

TEST_CASE("The store stamps updated_at with its caller's wall time, never its own clock", "[store][time]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const auto updated_at = [&](const Response& r) {
    return connection_of(store).query_int("SELECT updated_at FROM responses WHERE id = '" + r.id + "'");
  };
  // Instants from the far past: a kiosk whose wall clock was stepped back days by NTP.
  Response r = sample_response(1, 1'000);
  store.save(r, Stage::in_progress);
  CHECK(updated_at(r) == 1'000);
  r.comment = "later";
  store.update(r, Stage::in_progress, 5'000);
  CHECK(updated_at(r) == 5'000);
  store.mark_complete(r.id, 9'000);
  CHECK(updated_at(r) == 9'000);
  Response left = sample_response(2, 2'000);
  store.save(left, Stage::in_progress);
  store.complete_all_in_progress(11'000);
  CHECK(updated_at(left) == 11'000);
}

TEST_CASE("Follow-up events are append-only", "[store][followup]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const Response r = sample_complaint();
  store.save(r);
  const FollowupEvent contacted{make_uuid_v7(), r.id, 1795961200000, "contacted", "Marta", "Left a voicemail"};
  const FollowupEvent resolved{make_uuid_v7(), r.id, 1795961300000, "resolved", "Marta", ""};
  store.append_event(contacted);
  store.append_event(resolved);
  CHECK(store.events_for(r.id) == std::vector<FollowupEvent>{contacted, resolved});

  CHECK_THROWS_WITH(connection_of(store).exec("UPDATE followup_events SET note = 'edited'"),
                    Catch::Contains("append-only"));
  CHECK_THROWS_WITH(connection_of(store).exec("DELETE FROM followup_events"), Catch::Contains("append-only"));
  CHECK_THROWS_AS(store.append_event({make_uuid_v7(), r.id, 1, "lost", "Marta", ""}), std::invalid_argument);
  CHECK_THROWS_AS(
      store.append_event({make_uuid_v7(), "0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60", 1, "resolved", "Marta", ""}),
      SqliteError);

  SECTION("and wait in their own outbox until synced") {
    CHECK(store.outbox().pending(Stream::events, 10).size() == 2);
    store.outbox().mark_synced(Stream::events, {contacted.id}, 1795961400000);
    CHECK(heard::test::waiting_event_lines(store, 10) == std::vector<std::string>{to_json_line(resolved)});
  }
  SECTION("and leave the outbox when the hub rejects them, keeping the reason") {
    store.outbox().mark_rejected(Stream::events, resolved.id, "unknown response");
    CHECK(heard::test::waiting_event_lines(store, 10) == std::vector<std::string>{to_json_line(contacted)});
    CHECK(connection_of(store).query_text("SELECT rejected_reason FROM followup_events WHERE id = '" + resolved.id +
                                          "'") == "unknown response");
    CHECK_THROWS_AS(store.outbox().mark_rejected(Stream::events, "0190f3c2-7a1e-7c3e-9d1a-1b2c3d4e5f60", "x"),
                    NotFoundError);
  }
}

TEST_CASE("Stats count ratings, CSAT, categories and sync state", "[store][stats]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  CHECK(store.stats().average_rating == 0);
  std::vector<Response> rs;
  for (int rating : {1, 2, 4, 5, 5}) rs.push_back(sample_response(rating));
  rs[0].categories = {"price", "wait_time"};
  rs[1].categories = {"wait_time"};
  store.save_all(rs);
  store.outbox().mark_synced(Stream::responses, {rs[4].id}, 1);
  store.outbox().mark_rejected(Stream::responses, rs[3].id, "rating missing");
  const Stats s = store.stats();
  CHECK(s.total == 5);
  CHECK(s.by_rating == std::array<std::int64_t, 5>{1, 1, 0, 1, 2});
  CHECK(s.average_rating == Approx(3.4));
  CHECK(s.csat_percent == Approx(60.0));
  CHECK(s.unsynced == 3);
  CHECK(s.rejected == 1);
  CHECK(s.by_category == std::vector<std::pair<std::string, std::int64_t>>{{"wait_time", 2}, {"price", 1}});
}
