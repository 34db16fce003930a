// What a spreadsheet shows for `heardctl export --format csv`: the file is opened with
// LibreOffice Calc (headless, formulas evaluated as Excel would) and saved again as the cells
// are shown. Once with ',' as the separator, as the file is written, and once with ';', as
// a spreadsheet in a de/fr/es locale may open it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>

#include "store/response_store.hpp"
#include "support/sample.hpp"
#include "support/sync_fixture.hpp"

using namespace heard;
using namespace heard::test;

namespace {

const std::filesystem::path soffice = "/usr/bin/soffice";

// Splits `text` on '|' into rows of cells, honouring "..." quoting.
std::vector<std::vector<std::string>> parse_pipe_separated(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += text[++i];
      else if (c == '"') quoted = false;
      else rows.back().back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '|') {
      rows.back().emplace_back();
    } else if (c == '\n') {
      rows.emplace_back(1);
    } else if (c != '\r') {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
  return rows;
}

// The cells as Calc shows them after opening `csv` with `separator` (an ASCII code).
std::vector<std::vector<std::string>> as_shown(const TempDir& dir, const std::filesystem::path& csv, int separator) {
  const auto out = dir / ("shown-" + std::to_string(separator));
  // Import: separator, '"', UTF-8, from line 1, standard cells, language, quoted fields not
  // forced to text, no special numbers, ..., evaluate formulas. Export: '|', as shown.
  const Run run = run_program(
      dir, {"/usr/bin/env", "HOME=" + dir.path().string(), soffice.string(), "--headless", "--norestore",
            "--infilter=CSV:" + std::to_string(separator) + ",34,76,1,,0,false,false,false,false,false,-1,true",
            "--convert-to", "csv:Text - txt - csv (StarCalc):124,34,76,1,,0,false,true,true", "--outdir", out.string(),
            csv.string()});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  return parse_pipe_separated(read_text(out / csv.filename()));
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  REQUIRE(it != header.end());
  return static_cast<std::size_t>(it - header.begin());
}

}  // namespace

TEST_CASE("A spreadsheet shows exported phone numbers as they are and runs no formula", "[export][csv][spreadsheet]") {
  if (!std::filesystem::exists(soffice)) {
    std::cout << "SKIPPED: LibreOffice Calc is not installed (Debian libreoffice-calc-nogui; tools/dev installs it)\n";
    return;
  }
  TempDir dir;
  const auto db = dir / "kiosk.db";
  {
    store::ResponseStore store(db);
    const char* comments[] = {"ok;=1+1", "=1+2", "fine, thanks"};
    Millis at = 1795442709123;  // 2026-11-23
    for (const char* comment : comments) {
      Response r = filled_response(at += 60'000);
      r.comment = comment;
      r.contact.phone = "+34 600 000 000";
      store.save(r);
    }
  }
  const auto csv = dir / "export.csv";
  const Run exported = run_heardctl(
      dir, {"--db", db.string(), "export", "--format", "csv", "--include-contact", "--output", csv.string()});
  REQUIRE(exported.exit_code == 0);

  SECTION("opened with ',' as written") {
    const auto rows = as_shown(dir, csv, ',');
    REQUIRE(rows.size() == 4);
    const auto phone = column(rows[0], "contact_phone"), comment = column(rows[0], "comment");
    for (std::size_t i = 1; i < rows.size(); ++i) {
      INFO("row " << i);
      // A leading tab, which a cell does not show; no apostrophe.
      CHECK(rows[i][phone].find('\'') == std::string::npos);
      CHECK(rows[i][phone].substr(rows[i][phone].find_first_not_of('\t')) == "+34 600 000 000");
      CHECK(rows[i].size() == rows[0].size());
    }
    CHECK(rows[1][comment] == "ok;'=1+1");
    CHECK(rows[2][comment] == "'=1+2");  // shown as text, not run: never "3"
    CHECK(rows[3][comment] == "fine, thanks");
  }
  SECTION("opened with ';' as a de/fr/es spreadsheet may") {
    const auto rows = as_shown(dir, csv, ';');
    REQUIRE(rows.size() == 4);
    // Quotes in mid-row mean nothing then: the row splits at the ';' inside the comment, and
    // the piece after it must show as text, not run as "=1+1" (the number 2, or an error).
    for (const auto& row : rows)
      for (const auto& cell : row) {
        INFO(cell);
        CHECK(cell != "2");
        CHECK(cell.find("Err:") == std::string::npos);
        CHECK(cell.find('#') == std::string::npos);  // #NAME?, #VALUE!
      }
    CHECK(std::any_of(rows[1].begin(), rows[1].end(), [](const std::string& c) { return c.starts_with("'=1+1"); }));
  }
}
