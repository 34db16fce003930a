// Flags at the hub (protocol 1.1): what a kiosk flags as doubtful (a burst of identical
// ratings, staff nearby) is stored with the response, shown and downloaded with it, and set
// aside from the console's CSAT figures with a count, as the kiosk's own insights do. And the
// responses page's filters (category, flagged among them), whose download holds exactly the
// rows the page lists, within the sites the person may see.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/response_json.hpp"
#include "core/uuid.hpp"
#include "store/database.hpp"
#include "support/console_fixture.hpp"
#include "support/sample.hpp"

using namespace heard;
using namespace heard::test;
using nlohmann::json;

namespace {

struct Sent {
  int rating;
  std::vector<std::string> flags;
  std::vector<std::string> categories;
};

// Uploads one response per entry from `kiosk`, minutes apart within the last hour; their ids.
std::vector<std::string> upload(const ConsoleChain& chain, const std::string& kiosk, const std::string& token,
                                const std::vector<Sent>& sent) {
  std::string body;
  std::vector<std::string> ids;
  Millis at = system_now_ms() - 3'600'000;
  for (const auto& s : sent) {
    Response r = s.rating <= 2 ? sample_complaint(at) : sample_response(s.rating, at);
    r.id = make_uuid_v7();
    r.kiosk_id = kiosk;
    r.rating = s.rating;
    r.urgent = false;
    r.categories = s.categories;
    r.flags = s.flags;
    body += to_json_line(r) + "\n";
    ids.push_back(r.id);
    at += 60'000;
  }
  const auto reply = http("POST", chain.url() + "/v1/kiosks/" + kiosk + "/feedback", token, body);
  REQUIRE(reply.status == 200);
  REQUIRE(json::parse(reply.body)["accepted"].size() == sent.size());
  return ids;
}

json site_of(const json& overview, const std::string& id) {
  for (const auto& s : overview["sites"])
    if (s["id"] == id) return s;
  FAIL("no site " << id << " in the overview");
  return {};
}

std::vector<std::string> listed(ConsoleClient& who, const std::string& query) {
  const auto reply = who.get("/api/responses?limit=200&" + query);
  REQUIRE(reply.status == 200);
  std::vector<std::string> ids;
  for (const auto& r : reply.body["responses"]) ids.push_back(r["id"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The ids in a CSV download (its first column), sorted; the header line left out.
std::vector<std::string> downloaded(ConsoleClient& who, const std::string& query) {
  const auto reply = who.download("/api/responses.csv?" + query);
  REQUIRE(reply.status == 200);
  std::vector<std::string> ids;
  std::size_t at = reply.body.find("\r\n");
  while (at != std::string::npos && at + 2 < reply.body.size()) {
    const auto end = reply.body.find("\r\n", at + 2);
    const auto line = reply.body.substr(at + 2, end - at - 2);
    ids.push_back(line.substr(0, line.find(',')));
    at = end;
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("Flags from a kiosk are kept at the hub, shown, downloaded, and left out of CSAT with a count",
          "[hub][console][flags]") {
  TempDir dir;
  ConsoleChain chain(dir);
  const auto ids = upload(
      chain, "north-1", chain.north_token,
      {{5, {}, {}}, {5, {}, {}}, {1, {"burst", "from_a_newer_kiosk"}, {"wait_time"}}, {5, {"staff_present"}, {}}});
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);

  // Unknown flags are kept, as the protocol says, so a newer kiosk's meaning is not lost.
  const std::string kept = "SELECT count(*) FROM responses WHERE flags = '[\"burst\",\"from_a_newer_kiosk\"]'";
  CHECK(hub_query_int(chain.db(), kept) == 1);
  CHECK(hub_query_int(chain.db(), is_pg(chain.db())
                                      ? "SELECT count(*) FROM responses WHERE categories @> '[\"wait_time\"]'"
                                      : "SELECT count(*) FROM response_categories WHERE category = 'wait_time'") == 1);

  const auto page = ana.get("/api/responses?site=north").body["responses"];
  REQUIRE(page.size() == 4);
  for (const auto& r : page) {
    if (r["id"] == ids[2]) CHECK(r["flags"] == json::array({"burst", "from_a_newer_kiosk"}));
    else if (r["id"] == ids[3]) CHECK(r["flags"] == json::array({"staff_present"}));
    else CHECK(r["flags"] == json::array());
  }

  // Two honest fives count; the flagged one and the flagged five are set aside, and said so.
  const auto overview = ana.get("/api/overview?days=7").body;
  const auto north = site_of(overview, "north");
  CHECK(north["responses"] == 2);
  CHECK(north["flagged"] == 2);
  CHECK(north["csat"].get<double>() == Approx(100.0));
  CHECK(overview["chain"]["flagged"] == 2);
  double trend_responses = 0;
  for (const auto& day : overview["trend"]) trend_responses += day["responses"].get<double>();
  CHECK(trend_responses == 2);

  // The download carries them as the kiosk's own CSV does: joined by ';' in the last column.
  const auto csv = ana.download("/api/responses.csv?site=north");
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.body, Catch::StartsWith("id,kiosk_id,created_at"));
  CHECK_THAT(csv.body, Catch::Contains(",\"burst;from_a_newer_kiosk\"\r\n"));  // quoted: it holds a ;
  CHECK_THAT(csv.body, Catch::Contains(",staff_present\r\n"));
  const auto ndjson = ana.download("/api/responses.ndjson?site=north&flagged=yes");
  REQUIRE(ndjson.status == 200);
  CHECK(std::count(ndjson.body.begin(), ndjson.body.end(), '\n') == 2);
  CHECK_THAT(ndjson.body, Catch::Contains("\"flags\":[\"staff_present\"]"));
  CHECK_THAT(ndjson.body, Catch::Contains("\"contact\":null"));  // revealing is audited, one case at a time
}

TEST_CASE("A flagged follow-up case shows its flags", "[hub][console][flags]") {
  TempDir dir;
  ConsoleChain chain(dir);
  Response r = sample_complaint(system_now_ms() - 3'600'000);
  r.id = make_uuid_v7();
  r.kiosk_id = "north-1";
  r.flags = {"staff_present"};
  REQUIRE(http("POST", chain.url() + "/v1/kiosks/north-1/feedback", chain.north_token, to_json_line(r) + "\n").status ==
          200);
  auto maria = chain.client();
  REQUIRE(maria.sign_in("maria").status == 200);
  const auto found = maria.get("/api/cases/" + r.id);
  REQUIRE(found.status == 200);
  CHECK(found.body["case"]["flags"] == json::array({"staff_present"}));
}

TEST_CASE("Responses filter by category and flag, and a download holds exactly the rows listed",
          "[hub][console][flags]") {
  TempDir dir;
  ConsoleChain chain(dir);
  upload(chain, "north-1", chain.north_token,
         {{1, {}, {"wait_time"}},
          {2, {"burst"}, {"wait_time", "cleanliness"}},
          {1, {}, {"cleanliness"}},
          {4, {}, {}},
          {5, {"staff_present"}, {}}});
  upload(chain, "south-1", chain.south_token, {{1, {}, {"wait_time"}}, {5, {}, {}}});
  auto ana = chain.client();
  REQUIRE(ana.sign_in("ana").status == 200);

  CHECK(listed(ana, "category=wait_time").size() == 3);
  CHECK(listed(ana, "category=wait_time&site=north").size() == 2);
  CHECK(listed(ana, "category=cleanliness&flagged=no").size() == 1);
  CHECK(listed(ana, "flagged=yes").size() == 2);
  CHECK(listed(ana, "flagged=no").size() == 5);
  CHECK(listed(ana, "category=no_such_thing").empty());
  CHECK(ana.get("/api/responses?flagged=maybe").status == 400);
  CHECK(ana.download("/api/responses.csv?flagged=maybe").status == 400);

  for (const std::string query :
       {"", "site=north", "site=south&rating=1", "kiosk=north-1&kind=complaint", "category=wait_time", "flagged=yes",
        "category=cleanliness&flagged=no", "q=Waited", "kind=no_such_kind", "days=7&rating=5"}) {
    INFO("filter: " << query);
    CHECK(downloaded(ana, query) == listed(ana, query));
  }

  SECTION("a manager's download holds their sites only, whatever the filter asks") {
    auto maria = chain.client();
    REQUIRE(maria.sign_in("maria").status == 200);
    CHECK(downloaded(maria, "").size() == 5);
    CHECK(downloaded(maria, "site=south").empty());
    CHECK(downloaded(maria, "kiosk=south-1").empty());
    CHECK(downloaded(maria, "category=wait_time") == listed(maria, "category=wait_time"));
  }
  SECTION("downloads need a session and are audited with their filter") {
    CHECK(chain.client().download("/api/responses.csv").status == 401);
    downloaded(ana, "flagged=yes");
    const auto log = ana.get("/api/audit").body["entries"];
    CHECK(std::any_of(log.begin(), log.end(), [](const json& e) {
      return e["action"] == "download" && e["detail"].get<std::string>().find("flagged") != std::string::npos;
    }));
  }
}
