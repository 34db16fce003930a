#pragma once
// Streaming exports of responses as CSV (RFC 4180, formula-injection safe), JSON (one
// array) or NDJSON, in constant memory whatever the row count. Shared by heardctl, staff
// mode's USB export and the hub's download endpoints.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  // The hub console's filters, so a download holds exactly the rows the page lists.
  std::optional<std::vector<std::string>> kiosks;  // only these kiosks (none at all when empty)
  std::optional<int> rating;                       // exactly this rating
  std::optional<std::string> category;
  std::optional<bool> flagged;               // true: flagged only; false: unflagged only
  std::optional<std::string> comment_match;  // an FTS5 query; needs the hub's responses_fts
  bool complete_only = false;
};

// Receives the output in large chunks; throws to abort the export.
using ExportSink = std::function<void(std::string_view chunk)>;

// Writes every matching response, oldest first (in-progress ones too: their rating is real);
// returns how many.
// CSV columns: id, kiosk_id, created_at (ISO 8601 UTC with ms), utc_offset_min, rating, kind,
// categories (ids joined by ';'), comment, desired_resolution, staff, [contact_name,
// contact_phone, contact_email, contact_channel, consent_given -- only with include_contact],
// language, urgent (true/false), survey_version, app_version, synced_at (empty until synced).
// JSON and NDJSON: the protocol record of core/response_json, contact null unless included.
std::int64_t export_responses(Database& db, const ExportFilter& filter, ExportFormat format, const ExportSink& sink);

// Rows from elsewhere (the hub's PostgreSQL backend), in the columns of export_columns and
// with the types SQLite gives them (flags and booleans as integers, NULL as empty text).
class ExportRows {
 public:
  virtual ~ExportRows() = default;
  virtual bool step() = 0;
  virtual std::string_view column_view(int column) const = 0;
  virtual std::int64_t column_int64(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  int column_int(int column) const { return static_cast<int>(column_int64(column)); }
};
inline constexpr std::string_view export_columns =
    "id, kiosk_id, created_at, utc_offset_min, rating, kind, categories, comment, desired_resolution, "
    "staff, contact_name, contact_phone, contact_email, contact_channel, consent_given, consent_text_version, "
    "language, urgent, survey_version, app_version, synced_at, flags";
// The same output as export_responses from those rows; the filter's include_contact applies,
// its other fields were the source's to apply.
std::int64_t export_rows(ExportRows& rows, const ExportFilter& filter, ExportFormat format, const ExportSink& sink);

// One CSV cell, quoted when needed and neutralised against spreadsheet formulas.
void append_csv_cell(std::string& out, std::string_view value);

}  // namespace heard::store
