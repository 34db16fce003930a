#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "core/response_json.hpp"
#include "store/export.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::test::connection_of;

using namespace heard;
using namespace heard::store;
using nlohmann::json;

namespace {

constexpr Millis nov23 = 1795442709123;  // 2026-11-23T14:05:09.123Z

std::string export_text(ResponseStore& store, ExportFormat format, bool include_contact) {
  ExportFilter filter;
  filter.include_contact = include_contact;
  std::string out;
  export_responses(connection_of(store), filter, format, [&](std::string_view chunk) { out += chunk; });
  return out;
}

// One response per language the kiosk may meet, plus emoji and characters JSON must escape.
std::vector<Response> multilingual_responses() {
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"es", "¿Por qué tardaron tanto? Añadan más cajas, por favor. Señora Núñez"},
      {"de", "Größere Auswahl wäre schön. Die Straße war gesperrt, Übermaß an Wartezeit"},
      {"el", "Η εξυπηρέτηση ήταν εξαιρετική, ευχαριστώ πολύ!"},
      {"ru", "Очень долго ждал в очереди. Спасибо, Ана!"},
      {"en", "Loved it 👍🏽😊🇪🇸 — \"quotes\", back\\slash,\nnew line and a tab-free ending"},
  };
  std::vector<Response> out;
  Millis at = nov23;
  for (const auto& [language, comment] : texts) {
    Response r = test::filled_response(at += 60'000, language == "el" ? 5 : 1);
    r.language = language;
    r.comment = comment;
    r.contact.name = language == "el" ? "Σοφία" : language == "ru" ? "Наталья" : "José Müller";
    if (r.rating == 5) {
      r.kind = Kind::compliment;
      r.categories = {"friendly_staff"};
      r.desired_resolution.clear();
      r.urgent = false;
    }
    out.push_back(r);
  }
  out[1].categories = {"cat\"with\\escapes", "price"};  // exercises the slow path of category reading
  out[3].contact = {};
  out[3].consent = {};
  out[3].desired_resolution = "just_letting_you_know";
  out[3].urgent = false;
  return out;
}

Response without_contact(Response r) {
  r.contact = {};
  return r;
}

}  // namespace

TEST_CASE("JSON export parses back to the same responses, field by field, in every script", "[export][json]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const auto saved = multilingual_responses();
  for (const auto& r : saved) store.save(r);

  SECTION("with contact details") {
    const json doc = json::parse(export_text(store, ExportFormat::json, true));
    REQUIRE(doc.is_array());
    REQUIRE(doc.size() == saved.size());
    for (std::size_t i = 0; i < saved.size(); ++i) {
      INFO("response " << i << " (" << saved[i].language << ")");
      CHECK(response_from_json(doc[i]) == saved[i]);
    }
    CHECK(doc[0]["created_at"] == "2026-11-23T14:06:09.123Z");
    CHECK(doc[3]["contact"].is_null());
  }

  SECTION("without contact details, contact is null but the rest is intact") {
    const json doc = json::parse(export_text(store, ExportFormat::json, false));
    REQUIRE(doc.size() == saved.size());
    for (std::size_t i = 0; i < saved.size(); ++i) {
      CHECK(doc[i]["contact"].is_null());
      CHECK(response_from_json(doc[i]) == without_contact(saved[i]));
    }
  }
}

TEST_CASE("An empty JSON export is a valid empty array", "[export][json]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  const std::string text = export_text(store, ExportFormat::json, false);
  CHECK(json::parse(text) == json::array());
  CHECK(export_text(store, ExportFormat::ndjson, false).empty());
}

TEST_CASE("NDJSON export has one protocol record per line, oldest first", "[export][json]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  auto saved = multilingual_responses();
  // Saved out of time order: the export still comes out oldest first.
  for (auto it = saved.rbegin(); it != saved.rend(); ++it) store.save(*it);

  const std::string text = export_text(store, ExportFormat::ndjson, true);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  std::istringstream lines(text);
  std::string line;
  std::size_t i = 0;
  while (std::getline(lines, line)) {
    REQUIRE(i < saved.size());
    CHECK(response_from_json(json::parse(line)) == saved[i]);
    ++i;
  }
  CHECK(i == saved.size());
}

TEST_CASE("JSON export streams a large table in bounded chunks", "[export][json]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  std::vector<Response> batch;
  for (int i = 0; i < 2000; ++i) batch.push_back(test::filled_response(nov23 + i));
  store.save_all(batch);
  std::size_t chunks = 0, largest = 0;
  std::string all;
  const auto rows = export_responses(connection_of(store), {}, ExportFormat::json, [&](std::string_view chunk) {
    ++chunks;
    largest = std::max(largest, chunk.size());
    all += chunk;
  });
  CHECK(rows == 2000);
  CHECK(chunks > 5);
  CHECK(largest < 80 * 1024);
  CHECK(json::parse(all).size() == 2000);
}
