#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "store/export.hpp"
#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/store_inspector.hpp"
#include "support/temp_dir.hpp"

using heard::store::Stream;
using heard::test::connection_of;

using namespace heard;
using namespace heard::store;

namespace {

std::string cell(std::string_view value) {
  std::string out;
  append_csv_cell(out, value);
  return out;
}

std::string export_csv(ResponseStore& store, ExportFilter filter = {}) {
  std::string out;
  export_responses(connection_of(store), filter, ExportFormat::csv, [&](std::string_view chunk) { out += chunk; });
  return out;
}

// A strict RFC 4180 reader: records end with CRLF, quoted cells may hold anything.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      for (++i;; ++i) {
        REQUIRE(i < text.size());
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          field += text[i];
        }
      }
    }
    while (i < text.size() && text[i] != ',' && text[i] != '\r') {
      REQUIRE(text[i] != '\n');  // a bare LF outside quotes breaks RFC 4180
      REQUIRE(text[i] != '"');   // a quote in an unquoted cell too
      field += text[i++];
    }
    row.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    REQUIRE(text.compare(i, 2, "\r\n") == 0);
    i += 2;
    rows.push_back(std::move(row));
    row.clear();
  }
  return rows;
}

constexpr Millis nov23 = 1795442709123;  // 2026-11-23T14:05:09.123Z

}  // namespace

TEST_CASE("CSV cells are quoted only when RFC 4180 needs it", "[export][csv]") {
  CHECK(cell("plain text") == "plain text");
  CHECK(cell("") == "");
  CHECK(cell("a,b") == "\"a,b\"");
  CHECK(cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(cell("two\nlines") == "\"two\nlines\"");
  CHECK(cell("carriage\rreturn") == "\"carriage\rreturn\"");
  CHECK(cell("Größe, ñandú 😊") == "\"Größe, ñandú 😊\"");
  CHECK(cell("Ελληνικά") == "Ελληνικά");
}

TEST_CASE("CSV cells that a spreadsheet would run as a formula are neutralised", "[export][csv]") {
  SECTION("each dangerous first character gets a quote prefix and quotes") {
    CHECK(cell("=1+2") == "\"'=1+2\"");
    CHECK(cell("+34=1") == "\"'+34=1\"");
    CHECK(cell("+cmd|' /C calc'!A0") == "\"'+cmd|' /C calc'!A0\"");
    CHECK(cell("-2+3") == "\"'-2+3\"");
    CHECK(cell("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(cell("\tcmd") == "\"'\tcmd\"");
    CHECK(cell("\rcmd") == "\"'\rcmd\"");
    CHECK(cell("\ncmd") == "\"'\ncmd\"");
  }
  SECTION("quotes inside a neutralised cell are still doubled") {
    CHECK(cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  }
  SECTION("phone numbers get a leading tab, which spreadsheets do not show, not an apostrophe") {
    CHECK(cell("+34 600 000 000") == "\"\t+34 600 000 000\"");
    CHECK(cell("+1 (555) 010-9999") == "\"\t+1 (555) 010-9999\"");
  }
  SECTION("cells with a locale's separator are quoted, and no piece after one starts a formula") {
    CHECK(cell("ok; fine") == "\"ok; fine\"");
    CHECK(cell("ok;=1+1") == "\"ok;'=1+1\"");
    CHECK(cell("ok\t=1+1") == "\"ok\t'=1+1\"");
    CHECK(cell("a; \"@SUM(A1)\"") == "\"a;' \"\"@SUM(A1)\"\"\"");
    CHECK(cell("=1;+2") == "\"'=1;'+2\"");
  }
  SECTION("the same characters later in the cell are harmless") {
    CHECK(cell("1+1=2") == "1+1=2");
    CHECK(cell("mail me @ home") == "mail me @ home");
  }
}

TEST_CASE("CSV export has a header row, CRLF line ends and one record per response", "[export][csv]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");

  SECTION("an empty database gives just the header") {
    CHECK(export_csv(store) ==
          "id,kiosk_id,created_at,utc_offset_min,rating,kind,categories,comment,desired_resolution,staff,"
          "language,urgent,survey_version,app_version,synced_at,flags\r\n");
  }

  SECTION("fields come out in the documented columns and formats") {
    Response r = test::filled_response(nov23, 2);
    r.utc_offset_min = -300;
    store.save(r);
    store.outbox().mark_synced(Stream::responses, {r.id}, nov23 + 61'000);
    const auto rows = parse_csv(export_csv(store));
    REQUIRE(rows.size() == 2);
    CHECK(rows[1] == std::vector<std::string>{r.id, "store-12-exit", "2026-11-23T14:05:09.123Z", "-300", "2",
                                              "complaint", "wait_time;staff_attitude",
                                              "Waited 25 minutes at the counter", "call_back", "pharmacy", "es", "true",
                                              "3", "1.0.0", "2026-11-23T14:06:10.123Z", ""});
  }

  SECTION("flags come out last, joined by ';', and an unsynced response has no synced_at") {
    Response r = test::filled_response(nov23, 5);
    r.flags = {"burst", "staff_present"};
    store.save(r);
    const auto rows = parse_csv(export_csv(store));
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].back() == "burst;staff_present");
    CHECK(rows[1][rows[1].size() - 2].empty());
  }

  SECTION("awkward comments survive a round trip through a strict reader") {
    const std::vector<std::string> comments = {
        "Line one\nline two",
        "He said \"tomorrow\", twice",
        "=cmd|' /C calc'!A0",
        "-- angry",
        "@admin",
        "trailing comma,",
        "¿Dónde? Größe Ελληνικά Очередь 👍🏽",
    };
    Millis at = nov23;
    for (const auto& c : comments) {
      Response r = test::filled_response(at += 1000);
      r.comment = c;
      store.save(r);
    }
    const auto rows = parse_csv(export_csv(store));
    REQUIRE(rows.size() == comments.size() + 1);
    const std::size_t comment_column = 7;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const std::string& original = comments[i - 1];
      const bool formula = original.front() == '=' || original.front() == '-' || original.front() == '@';
      CHECK(rows[i][comment_column] == (formula ? "'" + original : original));
      CHECK(rows[i].size() == rows[0].size());
    }
  }

  SECTION("contact details and consent appear only when asked for") {
    store.save(test::filled_response(nov23));
    ExportFilter with_contact;
    with_contact.include_contact = true;
    const auto without = parse_csv(export_csv(store));
    const auto with = parse_csv(export_csv(store, with_contact));
    CHECK(without[0].size() == 16);
    REQUIRE(with[0].size() == 21);
    CHECK(
        std::vector<std::string>(with[0].begin() + 10, with[0].begin() + 15) ==
        std::vector<std::string>{"contact_name", "contact_phone", "contact_email", "contact_channel", "consent_given"});
    CHECK(std::vector<std::string>(with[1].begin() + 10, with[1].begin() + 15) ==
          std::vector<std::string>{"Ana", "\t+34 600 000 000", "ana@example.com", "phone", "true"});
    for (const auto& field : without[1]) CHECK(field.find("Ana") == std::string::npos);
  }

  SECTION("a response still in progress is exported with the rating it has") {
    Response r = test::filled_response(nov23, 5);
    r.categories.clear();
    r.comment.clear();
    r.desired_resolution.clear();
    r.staff.clear();
    r.contact = {};
    r.consent = {};
    r.urgent = false;
    store.save(r, Stage::in_progress);
    const auto rows = parse_csv(export_csv(store));
    REQUIRE(rows.size() == 2);
    CHECK(rows[1][4] == "5");
    CHECK(rows[1][5] == "compliment");
    CHECK(rows[1][6].empty());
    CHECK(rows[1][14].empty());  // not synced
  }
}

TEST_CASE("CSV export streams in bounded chunks whatever the row count", "[export][csv]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  std::vector<Response> batch;
  for (int i = 0; i < 3000; ++i) {
    Response r = test::filled_response(nov23 + i * 1000);
    r.comment = std::string(300, 'x');
    batch.push_back(r);
  }
  store.save_all(batch);

  std::size_t chunks = 0, largest = 0, total = 0;
  const auto rows = export_responses(connection_of(store), {}, ExportFormat::csv, [&](std::string_view chunk) {
    ++chunks;
    largest = std::max(largest, chunk.size());
    total += chunk.size();
  });
  CHECK(rows == 3000);
  CHECK(total > 1'000'000);
  CHECK(chunks > 10);
  CHECK(largest < 80 * 1024);
}

TEST_CASE("An export stops when the sink throws, and the error reaches the caller", "[export][csv]") {
  test::TempDir dir;
  ResponseStore store(dir / "heard.db");
  std::vector<Response> batch;
  for (int i = 0; i < 2000; ++i) batch.push_back(test::filled_response(nov23 + i));
  store.save_all(batch);
  int calls = 0;
  const auto failing = [&](std::string_view) {
    ++calls;
    throw std::runtime_error("USB stick removed");
  };
  CHECK_THROWS_WITH(export_responses(connection_of(store), {}, ExportFormat::csv, failing), "USB stick removed");
  CHECK(calls == 1);
}
