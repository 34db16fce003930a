#include "store/export.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <climits>
#include <vector>

#include "core/response_json.hpp"

namespace heard::store {

namespace {

// Output leaves in chunks of about this size: large enough that the sink (a file write, a
// USB stick, an HTTP body) is called rarely, small enough that memory stays flat.
constexpr std::size_t chunk_size = 64 * 1024;

// Column order of the query below; the CSV and JSON writers read by these names.
enum Column {
  c_id,
  c_kiosk_id,
  c_created_at,
  c_utc_offset_min,
  c_rating,
  c_kind,
  c_categories,
  c_comment,
  c_desired_resolution,
  c_staff,
  c_contact_name,
  c_contact_phone,
  c_contact_email,
  c_contact_channel,
  c_consent_given,
  c_consent_text_version,
  c_language,
  c_urgent,
  c_survey_version,
  c_app_version,
  c_synced_at,
  c_flags,
};

// Every row, in-progress ones too: a rating tapped by a customer who walked away is real.
// Filters are bound parameters, never pasted into the SQL.
Statement prepare_query(Database& db, const ExportFilter& f) {
  std::string sql = "SELECT " + std::string(export_columns) + " FROM responses";
  int n = 0;
  const auto clause = [&](std::string_view condition) {
    sql += n == 0 ? " WHERE " : " AND ";
    sql += condition;
    sql += std::to_string(++n);
  };
  if (f.since) clause("created_at >= ?");
  if (f.until) clause("created_at < ?");
  if (f.kind) clause("kind = ?");
  if (f.max_rating) clause("rating <= ?");
  if (f.kiosks) clause("kiosk_id IN (SELECT value FROM json_each(?");
  if (f.kiosks) sql += "))";
  if (f.rating) clause("rating = ?");
  if (f.category) clause("seq IN (SELECT response_seq FROM response_categories WHERE category = ?");
  if (f.category) sql += ")";
  if (f.flagged) clause("(flags IS NOT NULL) = ?");
  if (f.comment_match) clause("seq IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH ?");
  if (f.comment_match) sql += ")";
  if (f.complete_only) sql += n++ == 0 ? " WHERE complete = 1" : " AND complete = 1";
  sql += " ORDER BY created_at, seq";

  Statement st(db, sql);
  int i = 0;
  if (f.since) st.bind(++i, static_cast<std::int64_t>(*f.since));
  if (f.until) st.bind(++i, static_cast<std::int64_t>(*f.until));
  if (f.kind) st.bind(++i, to_string(*f.kind));
  if (f.max_rating) st.bind(++i, *f.max_rating);
  if (f.kiosks) st.bind(++i, nlohmann::json(*f.kiosks).dump());
  if (f.rating) st.bind(++i, *f.rating);
  if (f.category) st.bind(++i, *f.category);
  if (f.flagged) st.bind(++i, *f.flagged ? 1 : 0);
  if (f.comment_match) st.bind(++i, *f.comment_match);
  return st;
}

// Calls `fn` for each id in the stored categories text (a JSON array of strings). Ids are
// plain words, so the common case is split by hand; escapes go through the real parser.
template <typename Fn>
void for_each_category(std::string_view text, Fn&& fn) {
  if (text.find('\\') == std::string_view::npos) {
    for (auto open = text.find('"'); open != std::string_view::npos; open = text.find('"', open)) {
      const auto close = text.find('"', open + 1);
      if (close == std::string_view::npos) break;
      fn(text.substr(open + 1, close - open - 1));
      open = close + 1;
    }
    return;
  }
  const auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (!parsed.is_array()) {
    fn(text);  // never lose what is stored, even if it is not the expected shape
    return;
  }
  for (const auto& item : parsed)
    if (item.is_string()) fn(std::string_view(item.get_ref<const std::string&>()));
}

// ISO 8601 in UTC with milliseconds. Rows come in time order, so most share the day of the
// previous row: the calendar arithmetic runs once per day, not once per row.
class IsoTimeWriter {
 public:
  void append(std::string& out, Millis at) {
    constexpr std::int64_t ms_per_day = 86'400'000;
    std::int64_t day = at / ms_per_day;
    std::int64_t ms = at % ms_per_day;
    if (ms < 0) {
      ms += ms_per_day;
      --day;
    }
    if (day != cached_day_ && !cache_day(day)) {
      out += format_iso8601(at);
      return;
    }
    const int secs = static_cast<int>(ms / 1000);
    const int milli = static_cast<int>(ms % 1000);
    char buf[24];
    std::copy(day_prefix_.begin(), day_prefix_.end(), buf);
    two_digits(buf + 11, secs / 3600);
    buf[13] = ':';
    two_digits(buf + 14, secs / 60 % 60);
    buf[16] = ':';
    two_digits(buf + 17, secs % 60);
    buf[19] = '.';
    buf[20] = static_cast<char>('0' + milli / 100);
    buf[21] = static_cast<char>('0' + milli / 10 % 10);
    buf[22] = static_cast<char>('0' + milli % 10);
    buf[23] = 'Z';
    out.append(buf, sizeof buf);
  }

 private:
  static void two_digits(char* p, int v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  }

  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm). Years outside
  // 0000-9999 do not fit the fixed layout; the caller then uses the general formatter.
  bool cache_day(std::int64_t day) {
    const std::int64_t z = day + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    if (y < 0 || y > 9999) return false;
    const int year = static_cast<int>(y);
    two_digits(day_prefix_.data(), year / 100);
    two_digits(day_prefix_.data() + 2, year % 100);
    day_prefix_[4] = '-';
    two_digits(day_prefix_.data() + 5, static_cast<int>(m));
    day_prefix_[7] = '-';
    two_digits(day_prefix_.data() + 8, static_cast<int>(d));
    day_prefix_[10] = 'T';
    cached_day_ = day;
    return true;
  }

  std::int64_t cached_day_ = INT64_MIN;
  std::array<char, 11> day_prefix_{};
};

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

void append_bool(std::string& out, bool v) { out += v ? "true" : "false"; }

// Reuses one buffer for the whole export and hands it over whenever it passes chunk_size.
class ChunkedOutput {
 public:
  explicit ChunkedOutput(const ExportSink& sink) : sink_(sink) { buffer_.reserve(chunk_size + chunk_size / 4); }
  std::string& buffer() { return buffer_; }
  void row_done() {
    if (buffer_.size() >= chunk_size) flush();
  }
  void flush() {
    if (buffer_.empty()) return;
    sink_(buffer_);
    buffer_.clear();
  }

 private:
  const ExportSink& sink_;
  std::string buffer_;
};

void write_csv_header(std::string& out, bool include_contact) {
  out += "id,kiosk_id,created_at,utc_offset_min,rating,kind,categories,comment,desired_resolution,staff,";
  if (include_contact) out += "contact_name,contact_phone,contact_email,contact_channel,consent_given,";
  out += "language,urgent,survey_version,app_version,synced_at,flags\r\n";
}

template <typename Rows>
std::int64_t export_csv(Rows& st, bool include_contact, ChunkedOutput& output) {
  std::string& out = output.buffer();
  write_csv_header(out, include_contact);
  IsoTimeWriter time;
  std::string categories;  // reused: joined ids, escaped as one cell
  std::int64_t rows = 0;
  const auto text = [&](int column) {
    append_csv_cell(out, st.column_view(column));
    out += ',';
  };
  while (st.step()) {
    text(c_id);
    text(c_kiosk_id);
    time.append(out, st.column_int64(c_created_at));
    out += ',';
    append_int(out, st.column_int64(c_utc_offset_min));
    out += ',';
    append_int(out, st.column_int64(c_rating));
    out += ',';
    text(c_kind);
    categories.clear();
    for_each_category(st.column_view(c_categories), [&](std::string_view id) {
      if (!categories.empty()) categories += ';';
      categories += id;
    });
    append_csv_cell(out, categories);
    out += ',';
    text(c_comment);
    text(c_desired_resolution);
    text(c_staff);
    if (include_contact) {
      text(c_contact_name);
      text(c_contact_phone);
      text(c_contact_email);
      text(c_contact_channel);
      append_bool(out, st.column_int64(c_consent_given) != 0);
      out += ',';
    }
    text(c_language);
    append_bool(out, st.column_int64(c_urgent) != 0);
    out += ',';
    text(c_survey_version);
    text(c_app_version);
    if (!st.is_null(c_synced_at)) time.append(out, st.column_int64(c_synced_at));
    out += ',';
    categories.clear();  // the flags, joined as the categories are
    for_each_category(st.column_view(c_flags), [&](std::string_view flag) {
      if (!categories.empty()) categories += ';';
      categories += flag;
    });
    append_csv_cell(out, categories);
    out += "\r\n";
    ++rows;
    output.row_done();
  }
  return rows;
}

// Reads the current row into `r`, reusing its strings' storage from the previous row.
template <typename Rows>
void read_response(const Rows& st, Response& r) {
  r.id.assign(st.column_view(c_id));
  r.kiosk_id.assign(st.column_view(c_kiosk_id));
  r.created_at = st.column_int64(c_created_at);
  r.utc_offset_min = st.column_int(c_utc_offset_min);
  r.rating = st.column_int(c_rating);
  r.kind = kind_from_string(st.column_view(c_kind)).value_or(Kind::suggestion);
  r.categories.clear();
  for_each_category(st.column_view(c_categories), [&](std::string_view id) { r.categories.emplace_back(id); });
  r.comment.assign(st.column_view(c_comment));
  r.desired_resolution.assign(st.column_view(c_desired_resolution));
  r.staff.assign(st.column_view(c_staff));
  r.contact.name.assign(st.column_view(c_contact_name));
  r.contact.phone.assign(st.column_view(c_contact_phone));
  r.contact.email.assign(st.column_view(c_contact_email));
  r.contact.channel.assign(st.column_view(c_contact_channel));
  r.consent.given = st.column_int64(c_consent_given) != 0;
  r.consent.text_version.assign(st.column_view(c_consent_text_version));
  r.language.assign(st.column_view(c_language));
  r.urgent = st.column_int64(c_urgent) != 0;
  r.survey_version.assign(st.column_view(c_survey_version));
  r.app_version.assign(st.column_view(c_app_version));
  r.flags.clear();
  for_each_category(st.column_view(c_flags), [&](std::string_view flag) { r.flags.emplace_back(flag); });
}

// The protocol record (core/response_json) per row, so an export reads exactly like what
// the hub receives. JSON wraps the records in one array; NDJSON puts one on each line.
template <typename Rows>
std::int64_t export_json(Rows& st, bool include_contact, bool as_array, ChunkedOutput& output) {
  std::string& out = output.buffer();
  const ContactFields contact = include_contact ? ContactFields::include : ContactFields::omit;
  Response r;
  std::int64_t rows = 0;
  if (as_array) out += '[';
  while (st.step()) {
    read_response(st, r);
    if (as_array) out += rows == 0 ? "\n" : ",\n";
    out += to_json_line(r, contact);
    if (!as_array) out += '\n';
    ++rows;
    output.row_done();
  }
  if (as_array) out += rows == 0 ? "]\n" : "\n]\n";
  return rows;
}

// Characters that force a CSV cell into quotes: RFC 4180's, plus ';' and tab, which are the
// field separators of spreadsheets in de/fr/es locales: unquoted, "ok;=1+1" would be read
// there as a cell "ok" and a formula.
bool needs_quotes(std::string_view v) {
  for (const char c : v)
    if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' || c == '\t') return true;
  return false;
}

// "+34 600 000 000": a phone number in international form. Only digits and punctuation, so
// even a spreadsheet that evaluated it could not call a function.
bool is_international_phone_number(std::string_view v) {
  if (v.size() < 2 || v.front() != '+') return false;
  int digits = 0;
  for (const char c : v.substr(1)) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/') return false;
  }
  return digits >= 4;
}

// A spreadsheet treats a cell starting with these as a formula (OWASP "CSV injection").
bool starts_like_formula(std::string_view v) {
  if (v.empty()) return false;
  switch (v.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\n':
      return true;
    default:
      return false;
  }
}

// Spreadsheets in de/fr/es locales split rows at ';' (and some at tabs) and honour quotes
// only at the start of a cell, so each such piece of a cell can become a cell of its own:
// "ok;=1+1" would show "ok" and 2. A piece that would start like a formula gets the same
// apostrophe a whole cell would: "ok;'=1+1".
bool has_formula_piece(std::string_view v) {
  for (std::size_t at = v.find_first_of(";\t"); at != std::string_view::npos; at = v.find_first_of(";\t", at + 1)) {
    const auto start = v.find_first_not_of(" \"", at + 1);
    if (start != std::string_view::npos && std::string_view("=+-@").find(v[start]) != std::string_view::npos)
      return true;
  }
  return false;
}

std::string neutralise_pieces(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += v[i];
    if (v[i] != ';' && v[i] != '\t') continue;
    const auto start = v.find_first_not_of(" \"", i + 1);
    if (start != std::string_view::npos && std::string_view("=+-@").find(v[start]) != std::string_view::npos)
      out += '\'';
  }
  return out;
}

}  // namespace

std::optional<ExportFormat> export_format_from_string(std::string_view name) {
  if (name == "csv") return ExportFormat::csv;
  if (name == "json") return ExportFormat::json;
  if (name == "ndjson") return ExportFormat::ndjson;
  return std::nullopt;
}

void append_csv_cell(std::string& out, std::string_view value) {
  if (is_international_phone_number(value)) {
    // A leading tab keeps spreadsheets from reading "+34 ..." as a formula and, unlike the
    // apostrophe below, is not shown to staff (LibreOffice and Excel display it as nothing).
    out += "\"\t";
    out += value;
    out += '"';
    return;
  }
  std::string pieces;
  if (has_formula_piece(value)) {
    pieces = neutralise_pieces(value);
    value = pieces;
  }
  const bool formula = starts_like_formula(value);
  if (!formula && !needs_quotes(value)) {
    out += value;
    return;
  }
  // OWASP: prefix a single quote so the cell is shown as text, and quote the whole cell.
  out += '"';
  if (formula) out += '\'';
  for (auto quote = value.find('"'); quote != std::string_view::npos; quote = value.find('"')) {
    out.append(value.data(), quote + 1);
    out += '"';
    value.remove_prefix(quote + 1);
  }
  out += value;
  out += '"';
}

template <typename Rows>
std::int64_t export_from(Rows& st, const ExportFilter& filter, ExportFormat format, const ExportSink& sink) {
  ChunkedOutput output(sink);
  std::int64_t rows = 0;
  switch (format) {
    case ExportFormat::csv:
      rows = export_csv(st, filter.include_contact, output);
      break;
    case ExportFormat::json:
      rows = export_json(st, filter.include_contact, true, output);
      break;
    case ExportFormat::ndjson:
      rows = export_json(st, filter.include_contact, false, output);
      break;
  }
  output.flush();
  return rows;
}

std::int64_t export_responses(Database& db, const ExportFilter& filter, ExportFormat format, const ExportSink& sink) {
  Statement st = prepare_query(db, filter);
  return export_from(st, filter, format, sink);
}

std::int64_t export_rows(ExportRows& rows, const ExportFilter& filter, ExportFormat format, const ExportSink& sink) {
  return export_from(rows, filter, format, sink);
}

}  // namespace heard::store
