// heardctl: the command-line companion of the Heard kiosk. Each command lives in its own
// file (export_command.cpp, stats_command.cpp, ...); this one reads the global options,
// dispatches, and turns every kind of failure into a clear message and a documented exit code.
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "config/resolve.hpp"
#include "core/config_error.hpp"
#include "store/atomic_file.hpp"
#include "store/response_store.hpp"

namespace {

using namespace heard;
using namespace heard::ctl;

constexpr const char* usage = R"(Usage: heardctl [--config FILE] [--db FILE] <command> [options]

The command-line companion of the Heard feedback kiosk.

Commands:
  export   write responses as CSV, JSON or NDJSON (to a file, atomically, or stdout)
  stats    counts, satisfaction (CSAT), ratings, categories, sync backlog
  verify   check a database file's integrity and schema without changing it
  seed     fill a database with realistic synthetic responses (demos, benchmarks)
  sync     send the outbox to the head-office hub now (sync --once)
  resend-rejected  put what the hub rejected back in the outbox
  set-pin  give a staff member a staff-mode PIN (read from standard input)
  purge    remove contact details past their retention period

Global options:
  --config FILE  the device configuration, as the kiosk reads it (default: $HEARD_CONFIG,
                 else /etc/heard/heard.conf when it exists): database path, sync settings
  --db FILE      the database to use (default: the configuration's [paths] database, else
                 $HEARD_DB, else /var/lib/heard/heard.db when that folder is writable,
                 else ~/.local/share/heard/heard.db)
  --version      print the version
  -h, --help     this text; `heardctl <command> --help` describes a command

Exit codes:
  0  success
  1  verify found a problem; sync left something unsent, or the hub rejected something
  2  wrong command line
  3  database problem (missing, unreadable, corrupt, read-only, newer schema, disk full)
  4  the output file could not be written
  5  the survey, device or sync configuration is missing or invalid
  6  unexpected internal error (a bug; please report it)
)";

int dispatch(const std::string& command, const Context& ctx, Args& args) {
  if (command == "export") return run_export(ctx, args);
  if (command == "stats") return run_stats(ctx, args);
  if (command == "verify") return run_verify(ctx, args);
  if (command == "seed") return run_seed(ctx, args);
  if (command == "sync") return run_sync(ctx, args);
  if (command == "set-pin") return run_set_pin(ctx, args);
  if (command == "purge") return run_purge(ctx, args);
  if (command == "resend-rejected") return run_resend_rejected(ctx, args);
  throw UsageError("unknown command '" + command +
                   "' (expected export, stats, verify, seed, sync, set-pin, purge or resend-rejected)");
}

int fail(const std::string& command, int code, const char* message) {
  std::fprintf(stderr, "heardctl%s%s: %s\n", command.empty() ? "" : " ", command.c_str(), message);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::string command;
  try {
    Args global(std::vector<std::string>(argv + 1, argv + argc));
    std::string db, config_file;
    while (!global.done()) {
      if (global.help()) {
        std::fputs(usage, stdout);
        return exit_ok;
      }
      if (global.flag("--version")) {
        std::printf("heardctl %s\n", HEARD_VERSION);
        return exit_ok;
      }
      if (!global.option("--db", db) && !global.option("--config", config_file)) break;
    }
    std::vector<std::string> rest = global.rest();
    if (rest.empty())
      throw UsageError(
          "no command given (expected export, stats, verify, seed, sync, set-pin, purge or resend-rejected)");
    if (rest.front().starts_with("-")) Args(rest).unexpected();
    command = rest.front();
    rest.erase(rest.begin());

    // The kiosk's own choice of file (config/resolve.hpp); ConfigError: exit_config.
    config::Chosen chosen{config_file, {}, {}, {}};
    if (!db.empty()) chosen.database = std::filesystem::path(db);
    Context ctx{{}, config::resolve_device(chosen)};
    ctx.db = ctx.device.database;
    Args args(std::move(rest));
    const int code = dispatch(command, ctx, args);
    if (std::fflush(stdout) != 0) return fail(command, exit_output, "cannot write to standard output");
    return code;
  } catch (const UsageError& e) {
    const std::string help = command.empty() ? "heardctl --help" : "heardctl " + command + " --help";
    std::fprintf(stderr, "heardctl%s%s: %s\nTry '%s'.\n", command.empty() ? "" : " ", command.c_str(), e.what(),
                 help.c_str());
    return exit_usage;
  } catch (const store::FileWriteError& e) {
    return fail(command, exit_output, e.what());
  } catch (const ConfigError& e) {
    return fail(command, exit_config, e.what());
  } catch (const store::SqliteError& e) {
    return fail(command, exit_database, e.what());
  } catch (const store::SchemaTooNewError& e) {
    return fail(command, exit_database, e.what());
  } catch (const DatabaseMissing& e) {
    return fail(command, exit_database, e.what());
  } catch (const std::exception& e) {
    return fail(command, exit_unexpected, e.what());
  }
}
