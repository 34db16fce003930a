#include <catch2/catch.hpp>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using heard::store::Stream;

using namespace heard;
using namespace heard::store;
using heard::test::sample_response;

namespace {
std::vector<std::string> ids_of(const std::vector<WaitingRecord>& rs) {
  std::vector<std::string> ids;
  for (const auto& r : rs) ids.push_back(r.id);
  return ids;
}
}  // namespace

TEST_CASE("The outbox gives urgent responses first, then the oldest", "[store][outbox]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  Response old_plain = sample_response(4, 1000), new_plain = sample_response(3, 3000);
  Response new_urgent = sample_response(1, 4000), old_urgent = sample_response(1, 2000);
  new_urgent.urgent = old_urgent.urgent = true;
  for (const auto& r : {new_plain, new_urgent, old_plain, old_urgent}) store.save(r);

  CHECK(ids_of(store.outbox().pending(Stream::responses, 10)) ==
        std::vector<std::string>{old_urgent.id, new_urgent.id, old_plain.id, new_plain.id});
  CHECK(ids_of(store.outbox().pending(Stream::responses, 2)) == std::vector<std::string>{old_urgent.id, new_urgent.id});
  CHECK(store.outbox().oldest_unsynced_response() == 1000);

  SECTION("synced and rejected responses leave it") {
    store.outbox().mark_synced(Stream::responses, {old_urgent.id, old_plain.id}, 5000);
    store.outbox().mark_rejected(Stream::responses, new_plain.id, "comment: invalid UTF-8");
    CHECK(ids_of(store.outbox().pending(Stream::responses, 10)) == std::vector<std::string>{new_urgent.id});
    CHECK(store.outbox().size(Stream::responses) == 1);
    CHECK(store.outbox().oldest_unsynced_response() == 4000);
    CHECK(store.outbox().rejection_of(Stream::responses, new_plain.id) == "comment: invalid UTF-8");
  }
  SECTION("responses in progress wait until complete") {
    Response typing = sample_response(2, 500);
    store.save(typing, Stage::in_progress);
    CHECK(store.outbox().size(Stream::responses) == 4);
    store.mark_complete(typing.id, 4500);
    CHECK(store.outbox().pending(Stream::responses, 10).at(2).id == typing.id);
  }
  SECTION("the oldest unsynced skips synced rows, whichever lane it is in") {
    store.outbox().mark_synced(Stream::responses, {old_plain.id, old_urgent.id}, 5000);
    CHECK(store.outbox().oldest_unsynced_response() == 3000);
    store.outbox().mark_synced(Stream::responses, {new_plain.id}, 5000);
    CHECK(store.outbox().oldest_unsynced_response() == 4000);
    store.outbox().mark_synced(Stream::responses, {new_urgent.id}, 5000);
    CHECK_FALSE(store.outbox().oldest_unsynced_response().has_value());
  }
  SECTION("marking synced twice is harmless") {
    store.outbox().mark_synced(Stream::responses, {old_plain.id}, 5000);
    store.outbox().mark_synced(Stream::responses, {old_plain.id}, 6000);
    CHECK(store.outbox().size(Stream::responses) == 3);
  }
}

TEST_CASE("An empty outbox has no oldest time", "[store][outbox]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  CHECK(store.outbox().pending(Stream::responses, 10).empty());
  CHECK_FALSE(store.outbox().oldest_unsynced_response().has_value());
}
