// heardctl export: responses as CSV, JSON or NDJSON, to a file (written atomically) or stdout.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "cli.hpp"
#include "store/atomic_file.hpp"
#include "store/export.hpp"
#include "store/response_store.hpp"

namespace heard::ctl {

namespace {

constexpr const char* help_text = R"(Usage: heardctl [--db FILE] export [options]

Writes every response (oldest first) that matches the filters.

Options:
  --format FORMAT     csv (default), json (one array) or ndjson (one record per line)
  --output FILE       write to FILE atomically: it appears complete or not at all
                      (default: standard output)
  --since TIME        only responses made at or after TIME (ISO 8601, e.g. 2026-11-01
                      or 2026-11-23T14:05:09Z; no zone means UTC)
  --until TIME        only responses made before TIME
  --kind KIND         only complaint, compliment or suggestion
  --max-rating N      only ratings of N or less (1-5)
  --include-contact   include contact details and consent (personal data: handle with care)
  -h, --help          this text

CSV cells that a spreadsheet would run as a formula (starting with = + - @ or a tab)
are prefixed with ' so they show as text.
)";

// The database is opened read-only: an export never changes the file, and works while the
// kiosk is writing to it (WAL).
store::Database open_for_reading(const std::filesystem::path& file) {
  require_database(file);
  store::Database db(file, store::Database::Mode::read_only);
  const auto version = db.query_int("PRAGMA user_version");
  if (version == 0) throw DatabaseMissing(file.string() + " is not a Heard database (it has no schema)");
  if (version > store::ResponseStore::schema_version)
    throw store::SchemaTooNewError(file.string() + " has schema version " + std::to_string(version) +
                                   ", newer than this heardctl understands (" +
                                   std::to_string(store::ResponseStore::schema_version) + "); use a newer heardctl");
  return db;
}

void write_stdout(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(STDOUT_FILENO, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw store::FileWriteError(std::string("cannot write to standard output: ") + std::strerror(errno), errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

int run_export(const Context& ctx, Args& args) {
  store::ExportFormat format = store::ExportFormat::csv;
  store::ExportFilter filter;
  std::string output, value;
  while (!args.done()) {
    if (args.help()) {
      std::fputs(help_text, stdout);
      return exit_ok;
    }
    if (args.option("--format", value)) {
      const auto f = store::export_format_from_string(value);
      if (!f) throw UsageError("--format: expected csv, json or ndjson, got '" + value + "'");
      format = *f;
    } else if (args.option("--output", output)) {
      if (output.empty()) throw UsageError("--output: expected a file name");
    } else if (args.option("--since", value)) {
      filter.since = parse_time_option("--since", value);
    } else if (args.option("--until", value)) {
      filter.until = parse_time_option("--until", value);
    } else if (args.option("--kind", value)) {
      filter.kind = kind_from_string(value);
      if (!filter.kind) throw UsageError("--kind: expected complaint, compliment or suggestion, got '" + value + "'");
    } else if (args.option("--max-rating", value)) {
      filter.max_rating = static_cast<int>(parse_int_option("--max-rating", value, 1, 5));
    } else if (args.flag("--include-contact")) {
      filter.include_contact = true;
    } else {
      args.unexpected();
    }
  }
  if (filter.since && filter.until && *filter.since >= *filter.until)
    throw UsageError("--since must be earlier than --until");

  store::Database db = open_for_reading(ctx.db);
  if (output.empty() || output == "-") {
    store::export_responses(db, filter, format, write_stdout);
    return exit_ok;
  }
  store::AtomicFile file(output);
  const auto rows = store::export_responses(db, filter, format, [&](std::string_view chunk) { file.write(chunk); });
  file.commit();
  std::fprintf(stderr, "Exported %lld responses to %s\n", static_cast<long long>(rows), output.c_str());
  return exit_ok;
}

}  // namespace heard::ctl
