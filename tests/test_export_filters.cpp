#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "store/export.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {

constexpr Millis day = 86'400'000;
constexpr Millis nov1 = 1793491200000;  // 2026-11-01T00:00:00Z

// Ids of the exported responses, in export order.
std::vector<std::string> exported_ids(ResponseStore& store, const ExportFilter& filter) {
  std::string text;
  const auto count = export_responses(connection_of(store), filter, ExportFormat::ndjson,
                                      [&](std::string_view chunk) { text += chunk; });
  std::vector<std::string> ids;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) ids.push_back(nlohmann::json::parse(line).at("id"));
  REQUIRE(static_cast<std::size_t>(count) == ids.size());
  return ids;
}

}  // namespace

TEST_CASE("Export filters select by time, kind and rating", "[export][filters]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  // One response a day for ten days, ratings cycling 1..5, all at noon.
  std::vector<Response> all;
  for (int i = 0; i < 10; ++i) {
    Response r = test::filled_response(nov1 + i * day + day / 2, i % 5 + 1);
    if (r.kind != Kind::complaint) {
      r.categories.clear();
      r.desired_resolution.clear();
      r.urgent = false;
    }
    all.push_back(r);
  }
  store.save_all(all);
  const auto ids = [&](std::initializer_list<int> which) {
    std::vector<std::string> out;
    for (int i : which) out.push_back(all[static_cast<std::size_t>(i)].id);
    return out;
  };

  SECTION("no filter: everything, oldest first") {
    CHECK(exported_ids(store, {}) == ids({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  }
  SECTION("since is inclusive, until exclusive") {
    ExportFilter f;
    f.since = all[3].created_at;
    f.until = all[6].created_at;
    CHECK(exported_ids(store, f) == ids({3, 4, 5}));
  }
  SECTION("since alone and until alone") {
    ExportFilter since;
    since.since = nov1 + 8 * day;
    CHECK(exported_ids(store, since) == ids({8, 9}));
    ExportFilter until;
    until.until = nov1 + 2 * day;
    CHECK(exported_ids(store, until) == ids({0, 1}));
  }
  SECTION("kind") {
    ExportFilter f;
    f.kind = Kind::suggestion;
    CHECK(exported_ids(store, f) == ids({2, 7}));
    f.kind = Kind::compliment;
    CHECK(exported_ids(store, f) == ids({3, 4, 8, 9}));
  }
  SECTION("max rating") {
    ExportFilter f;
    f.max_rating = 2;
    CHECK(exported_ids(store, f) == ids({0, 1, 5, 6}));
  }
  SECTION("all filters together") {
    ExportFilter f;
    f.since = nov1 + 4 * day;
    f.until = nov1 + 9 * day;
    f.kind = Kind::complaint;
    f.max_rating = 1;
    CHECK(exported_ids(store, f) == ids({5}));
  }
  SECTION("a window with nothing in it gives nothing") {
    ExportFilter f;
    f.since = nov1 - 30 * day;
    f.until = nov1;
    CHECK(exported_ids(store, f).empty());
  }
}

TEST_CASE("Export format names are recognised exactly", "[export][filters]") {
  CHECK(export_format_from_string("csv") == ExportFormat::csv);
  CHECK(export_format_from_string("json") == ExportFormat::json);
  CHECK(export_format_from_string("ndjson") == ExportFormat::ndjson);
  CHECK_FALSE(export_format_from_string("CSV").has_value());
  CHECK_FALSE(export_format_from_string("xlsx").has_value());
}
