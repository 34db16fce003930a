// CSV export (store::append_csv_cell, the cell writer every export uses) read back with an
// independent RFC 4180 reader: each cell must come back exactly, except where the README
// promises a change (formula neutralising, the tab before "+" phone numbers), and what comes
// back must never start a spreadsheet formula, even split at ';' or tab as de/fr/es
// spreadsheets do.
//
// Input: cells separated by the byte 0xFF (never part of valid UTF-8 text, so it cannot be
// confused with a cell's own bytes). The whole rows the exporter builds from SQLite are
// tested in tests/test_csv_export.cpp.
#include "fuzz_targets.hpp"
#include "store/export.hpp"

namespace heard::fuzz {

namespace {

bool is_formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@'; }

// The README's promise, written out from its words rather than from export.cpp.
bool looks_like_international_phone(std::string_view v) {
  if (v.size() < 2 || v[0] != '+') return false;
  int digits = 0;
  for (char c : v.substr(1)) {
    if (c >= '0' && c <= '9') ++digits;
    else if (std::string_view(" -().//").find(c) == std::string_view::npos) return false;
  }
  return digits >= 4;
}

std::string promised(std::string_view cell) {
  if (looks_like_international_phone(cell)) return "\t" + std::string(cell);
  std::string out;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    out += cell[i];
    if (cell[i] != ';' && cell[i] != '\t') continue;
    const auto next = cell.find_first_not_of(" \"", i + 1);
    if (next != std::string_view::npos && is_formula_start(cell[next])) out += '\'';
  }
  if (!out.empty() && (is_formula_start(out[0]) || out[0] == '\t' || out[0] == '\r' || out[0] == '\n'))
    out.insert(0, 1, '\'');
  return out;
}

// RFC 4180: fields split at ',', a record ends at CRLF; a quoted field may hold anything,
// with '"' doubled. Returns the fields of the one record in `text`, which must all be used.
std::vector<std::string> read_record(std::string_view text) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    std::string field;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (true) {
        require(i < text.size(), "csv: a quoted field is not closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        require(text[i] != '"', "csv: a quote inside an unquoted field");
        field += text[i++];
      }
    }
    fields.push_back(std::move(field));
    require(i < text.size(), "csv: the record does not end in CRLF");
    if (text[i] == ',') {
      ++i;
      continue;
    }
    require(text.substr(i) == "\r\n", "csv: a field is followed by something other than ',' or the final CRLF");
    return fields;
  }
}

}  // namespace

void csv_round_trip(std::string_view input) {
  std::vector<std::string_view> cells;
  for (std::size_t at = 0;;) {
    const auto end = input.find('\xff', at);
    cells.push_back(input.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row += ',';
    store::append_csv_cell(row, cells[i]);
  }
  row += "\r\n";
  const auto back = read_record(row);
  require(back.size() == cells.size(), "csv: the row came back with another number of cells");
  for (std::size_t i = 0; i < cells.size(); ++i) {
    require(back[i] == promised(cells[i]), "csv: cell " + std::to_string(i) + " did not come back as promised");
    // What a spreadsheet would evaluate: the cell, and each piece after a ';' or a tab.
    if (back[i].empty() || looks_like_international_phone(cells[i])) continue;
    require(!is_formula_start(back[i][0]), "csv: a cell starts a formula");
    for (auto at = back[i].find_first_of(";\t"); at != std::string::npos; at = back[i].find_first_of(";\t", at + 1)) {
      const auto next = back[i].find_first_not_of(" \"", at + 1);
      require(next == std::string::npos || !is_formula_start(back[i][next]),
              "csv: a piece after ';' or tab starts a formula");
    }
  }
}

}  // namespace heard::fuzz
