#pragma once
// Streaming exports of responses as CSV (RFC 4180, formula-injection safe), JSON (one
// array) or NDJSON, in constant memory whatever the row count. Shared by heardctl, staff
// mode's USB export and the hub's download endpoints.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/response.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace heard::store {

enum class ExportFormat { csv, json, ndjson };
std::optional<ExportFormat> export_format_from_string(std::string_view name);

struct ExportFilter {
  std::optional<Millis> since;  // created_at >= since
  std::optional<Millis> until;  // created_at < until
  std::optional<Kind> kind;
  std::optional<int> max_rating;
  bool include_contact = false;
};

// Receives the output in large chunks; throws to abort the export.
using ExportSink = std::function<void(std::string_view chunk)>;

// Writes every matching response, oldest first; returns how many.
std::int64_t export_responses(Database& db, const ExportFilter& filter, ExportFormat format, const ExportSink& sink);

// One CSV cell, quoted when needed and neutralised against spreadsheet formulas.
void append_csv_cell(std::string& out, std::string_view value);

}  // namespace heard::store
