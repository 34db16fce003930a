// The console's insights: the kiosk's own figures (store/insights) over the kiosks a person
// may see, for one site or all, with flagged responses set aside and counted.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/response_json.hpp"
#include "core/uuid.hpp"
#include "support/console_fixture.hpp"
#include "support/sample.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

void upload(const ConsoleChain& chain, const std::string& kiosk, const std::string& token,
            const std::vector<int>& ratings, const std::vector<std::string>& flags = {}) {
  std::string body;
  Millis at = system_now_ms() - 7'200'000;
  for (int rating : ratings) {
    Response r = rating <= 2 ? sample_complaint(at) : sample_response(rating, at);
    r.id = make_uuid_v7();
    r.kiosk_id = kiosk;
    r.rating = rating;
    r.urgent = false;
    r.flags = flags;
    if (rating <= 2) r.comment = "Queue queue far too long";
    body += to_json_line(r) + "\n";
    at += 1000;
  }
  REQUIRE(http("POST", chain.url() + "/v1/kiosks/" + kiosk + "/feedback", token, body).status == 200);
}

std::int64_t heat_total(const json& heat) {
  std::int64_t n = 0;
  for (const auto& day : heat)
    for (const auto& hour : day) n += hour.get<std::int64_t>();
  return n;
}

}  // namespace

TEST_CASE("Console insights are the kiosk's figures, per site or chain, within a person's sites",
          "[hub][console][insights]") {
  TempDir dir;
  ConsoleChain chain(dir);
  upload(chain, "north-1", chain.north_token, {5, 5, 4, 1});
  upload(chain, "north-1", chain.north_token, {5}, {"burst"});
  upload(chain, "south-1", chain.south_token, {1, 2, 3});
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);

  const auto all = ana.get("/api/insights?days=7");
  REQUIRE(all.status == 200);
  CHECK(all.body["responses"] == 7);
  CHECK(all.body["flagged_left_out"] == 1);
  CHECK(heat_total(all.body["heat"]) == 7);
  CHECK(all.body["by_rating"] == json::array({2, 1, 1, 1, 2}));
  std::int64_t in_trend = 0;
  for (const auto& p : all.body["trend"]) in_trend += p["responses"].get<std::int64_t>();
  CHECK(in_trend == 7);
  REQUIRE_FALSE(all.body["words"].empty());
  CHECK(all.body["words"][0]["word"] == "queue");
  CHECK(all.body["words"][0]["count"] == 6);  // twice in each of three complaints

  const auto north = ana.get("/api/insights?days=7&site=north&by=week").body;
  CHECK(north["responses"] == 4);
  CHECK(north["csat"].get<double>() == Approx(75.0));
  CHECK(north["by"] == "week");
  CHECK(north["categories"][0]["category"] == "staff_attitude");
  CHECK(north["categories"][0]["count"] == 1);
  CHECK(ana.get("/api/insights?by=month").status == 400);

  SECTION("a manager sees their sites only, whatever they ask for") {
    auto maria = chain.client();
    REQUIRE(maria.sign_in("maria").status == 200);
    CHECK(maria.get("/api/insights?days=7").body["responses"] == 4);
    CHECK(maria.get("/api/insights?days=7&site=south").body["responses"] == 0);
  }
}
