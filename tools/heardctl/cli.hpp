#pragma once
// What every heardctl command shares: exit codes, usage errors and a small argument reader.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/device_config.hpp"
#include "core/time.hpp"

namespace heard::ctl {

// Documented in `heardctl --help`; scripts and the crash test rely on them.
enum Exit : int {
  exit_ok = 0,
  exit_problem = 1,     // verify found a problem
  exit_usage = 2,       // wrong command line
  exit_database = 3,    // database missing, unreadable, corrupt, read-only, too new
  exit_output = 4,      // the export file could not be written
  exit_config = 5,      // the survey, device or sync configuration is missing or invalid
  exit_unexpected = 6,  // a bug: please report it
};

// A wrong command line; main prints it with a pointer to --help and exits with exit_usage.
class UsageError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The database file named by --db (or the default) does not exist; reported as exit_database.
class DatabaseMissing : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Context {
  std::filesystem::path db;     // from --db, else the configuration's, else $HEARD_DB or the kiosk's default
  config::DeviceConfig device;  // from --config FILE, else $HEARD_CONFIG or /etc/heard/heard.conf

  // The survey the kiosk uses: $HEARD_SURVEY, else the configuration's [paths] survey, else
  // survey.json in its [paths] assets (by default the installed assets).
  std::filesystem::path survey() const;
};

// Reads "--name VALUE", "--name=VALUE" and "--flag" one argument at a time.
class Args {
 public:
  explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

  bool done() const { return pos_ >= args_.size(); }
  bool help();  // --help or -h
  bool flag(std::string_view name);
  bool option(std::string_view name, std::string& value);
  [[noreturn]] void unexpected() const;
  // The arguments not read yet (what follows the command name, for the command).
  std::vector<std::string> rest() const { return {args_.begin() + static_cast<std::ptrdiff_t>(pos_), args_.end()}; }

 private:
  std::vector<std::string> args_;
  std::size_t pos_ = 0;
};

// Parse option values, throwing UsageError that names the option and shows an example.
Millis parse_time_option(std::string_view option, const std::string& text);
std::int64_t parse_int_option(std::string_view option, const std::string& text, std::int64_t lo, std::int64_t hi);

// 1234567 -> "1 234 567": readable at a glance, and unambiguous in every locale.
std::string grouped(std::int64_t n);

// Throws DatabaseMissing unless `file` exists: reading commands never create a database.
void require_database(const std::filesystem::path& file);

int run_export(const Context& ctx, Args& args);
int run_stats(const Context& ctx, Args& args);
int run_verify(const Context& ctx, Args& args);
int run_seed(const Context& ctx, Args& args);
int run_sync(const Context& ctx, Args& args);
int run_set_pin(const Context& ctx, Args& args);
int run_purge(const Context& ctx, Args& args);
int run_resend_rejected(const Context& ctx, Args& args);

}  // namespace heard::ctl
