#include <catch2/catch.hpp>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/temp_dir.hpp"

using namespace heard;
using namespace heard::store;
using heard::test::sample_response;

namespace {
std::vector<std::string> ids_of(const std::vector<Response>& rs) {
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

  CHECK(ids_of(store.outbox(10)) == std::vector<std::string>{old_urgent.id, new_urgent.id, old_plain.id, new_plain.id});
  CHECK(ids_of(store.outbox(2)) == std::vector<std::string>{old_urgent.id, new_urgent.id});
  CHECK(store.oldest_unsynced() == 1000);

  SECTION("synced and rejected responses leave it") {
    store.mark_synced({old_urgent.id, old_plain.id}, 5000);
    store.mark_rejected(new_plain.id, "comment: invalid UTF-8");
    CHECK(ids_of(store.outbox(10)) == std::vector<std::string>{new_urgent.id});
    CHECK(store.outbox_size() == 1);
    CHECK(store.oldest_unsynced() == 4000);
    CHECK(store.rejection_of(new_plain.id) == "comment: invalid UTF-8");
  }
  SECTION("responses in progress wait until complete") {
    Response typing = sample_response(2, 500);
    store.save(typing, Stage::in_progress);
    CHECK(store.outbox_size() == 4);
    store.mark_complete(typing.id, 4500);
    CHECK(store.outbox(10).at(2).id == typing.id);
  }
  SECTION("the oldest unsynced skips synced rows, whichever lane it is in") {
    store.mark_synced({old_plain.id, old_urgent.id}, 5000);
    CHECK(store.oldest_unsynced() == 3000);
    store.mark_synced({new_plain.id}, 5000);
    CHECK(store.oldest_unsynced() == 4000);
    store.mark_synced({new_urgent.id}, 5000);
    CHECK_FALSE(store.oldest_unsynced().has_value());
  }
  SECTION("marking synced twice is harmless") {
    store.mark_synced({old_plain.id}, 5000);
    store.mark_synced({old_plain.id}, 6000);
    CHECK(store.outbox_size() == 3);
  }
}

TEST_CASE("An empty outbox has no oldest time", "[store][outbox]") {
  heard::test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  CHECK(store.outbox(10).empty());
  CHECK_FALSE(store.oldest_unsynced().has_value());
}
