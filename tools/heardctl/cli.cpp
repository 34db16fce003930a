#include "cli.hpp"

#include <charconv>
#include <cstdlib>

namespace heard::ctl {

std::filesystem::path Context::survey() const {
  if (const char* env = std::getenv("HEARD_SURVEY"); env && *env) return env;
  return device.survey;  // config::resolve_device filled it in
}

bool Args::help() {
  if (done() || (args_[pos_] != "--help" && args_[pos_] != "-h")) return false;
  ++pos_;
  return true;
}

bool Args::flag(std::string_view name) {
  if (done() || args_[pos_] != name) return false;
  ++pos_;
  return true;
}

bool Args::option(std::string_view name, std::string& value) {
  if (done()) return false;
  const std::string& arg = args_[pos_];
  if (arg == name) {
    if (pos_ + 1 >= args_.size()) throw UsageError(std::string(name) + " needs a value");
    value = args_[pos_ + 1];
    pos_ += 2;
    return true;
  }
  if (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 && arg[name.size()] == '=') {
    value = arg.substr(name.size() + 1);
    ++pos_;
    return true;
  }
  return false;
}

void Args::unexpected() const {
  const std::string& arg = args_[pos_];
  if (arg.starts_with("-")) throw UsageError("unknown option '" + arg + "'");
  throw UsageError("unexpected argument '" + arg + "'");
}

std::string grouped(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

void require_database(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    throw DatabaseMissing("no database at " + file.string() + " (choose one with --db FILE or $HEARD_DB)");
}

Millis parse_time_option(std::string_view option, const std::string& text) {
  if (auto t = parse_iso8601(text)) return *t;
  throw UsageError(std::string(option) + ": expected an ISO 8601 date or time such as 2026-11-23, " +
                   "2026-11-23T14:05 or 2026-11-23T14:05:09Z, got '" + text + "'");
}

std::int64_t parse_int_option(std::string_view option, const std::string& text, std::int64_t lo, std::int64_t hi) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
    throw UsageError(std::string(option) + ": expected a whole number from " + std::to_string(lo) + " to " +
                     std::to_string(hi) + ", got '" + text + "'");
  return v;
}

}  // namespace heard::ctl
