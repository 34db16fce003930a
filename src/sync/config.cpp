#include "sync/config.hpp"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/config_error.hpp"
#include "core/json_lines.hpp"

namespace heard::sync {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Reads one key of the config object with its expected type, reporting the key's line.
class ConfigReader {
 public:
  ConfigReader(fs::path file, const std::string& text, json root)
      : file_(std::move(file)), lines_(json_key_lines(text)), root_(std::move(root)) {}

  void text(const char* key, std::string& out) {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_string()) fail(key, "expected a string");
    out = v->get<std::string>();
  }

  void path(const char* key, fs::path& out) {
    std::string s;
    text(key, s);
    if (s.empty()) return;
    out = fs::path(s).is_relative() ? file_.parent_path() / s : fs::path(s);  // relative to the config file
  }

  // The key's number counts `Unit`s (its name says which: "_s", "_ms").
  template <typename Unit, typename Duration>
  void duration(const char* key, Duration& out, std::int64_t lo, std::int64_t hi) {
    std::int64_t n = 0;
    if (integer(key, n, lo, hi)) out = std::chrono::duration_cast<Duration>(Unit(n));
  }

  bool integer(const char* key, std::int64_t& out, std::int64_t lo, std::int64_t hi) {
    const json* v = find(key);
    if (!v) return false;
    if (!v->is_number_integer()) fail(key, "expected a whole number");
    const auto n = v->get<std::int64_t>();
    if (n < lo || n > hi) fail(key, "expected a number from " + std::to_string(lo) + " to " + std::to_string(hi));
    out = n;
    return true;
  }

  [[noreturn]] void fail(const std::string& key, const std::string& problem) {
    const auto it = lines_.find(key);
    throw ConfigError(file_, it == lines_.end() ? 0 : it->second, key, problem);
  }

 private:
  const json* find(const char* key) {
    const auto it = root_.find(key);
    return it == root_.end() || it->is_null() ? nullptr : &*it;
  }

  fs::path file_;
  std::map<std::string, int> lines_;
  json root_;
};

}  // namespace

fs::path default_sync_config_path() {
  if (const char* env = std::getenv("HEARD_SYNC_CONFIG"); env && *env) return env;
  return "/etc/heard/sync.json";
}

SyncConfig load_sync_config(const fs::path& file) {
  SyncConfig config;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return config;  // no file: offline
    throw ConfigError(file, 0, "", std::string("cannot read the sync configuration: ") + std::strerror(errno));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    throw ConfigError(file, 0, "", std::string("not valid JSON: ") + e.what());
  }
  if (!root.is_object()) throw ConfigError(file, 1, "", "expected a JSON object");

  ConfigReader read(file, text, root);
  read.text("hub_url", config.hub_url);
  read.text("kiosk_id", config.kiosk_id);
  read.path("token_file", config.token_file);
  read.path("ca_file", config.ca_file);
  read.text("pinned_public_key", config.pinned_public_key);
  constexpr std::int64_t day_s = 86'400;
  using std::chrono::seconds;
  read.duration<seconds>("sync_interval_s", config.sync_interval, 1, day_s);
  read.duration<seconds>("heartbeat_interval_s", config.heartbeat_interval, 1, day_s);
  read.duration<milliseconds>("backoff_min_ms", config.backoff_min, 1, 3'600'000);
  read.duration<milliseconds>("backoff_max_ms", config.backoff_max, 1, 86'400'000);
  read.duration<seconds>("auth_retry_interval_s", config.auth_retry_interval, 1, 7 * day_s);
  read.duration<milliseconds>("connect_timeout_ms", config.connect_timeout, 100, 300'000);
  read.duration<seconds>("low_speed_time_s", config.low_speed_time, 1, 3600);
  std::int64_t n = 0;
  if (read.integer("low_speed_limit_bytes", n, 1, 1 << 20)) config.low_speed_limit = static_cast<long>(n);
  if (read.integer("max_batch_records", n, 1, 500)) config.max_batch_records = static_cast<std::size_t>(n);
  if (read.integer("max_batch_bytes", n, 1024, 1 << 20)) config.max_batch_bytes = static_cast<std::size_t>(n);
  if (config.backoff_min > config.backoff_max) read.fail("backoff_min_ms", "must not exceed backoff_max_ms");

  if (config.configured()) {
    try {
      validate(config);
    } catch (const SyncConfigError& e) {
      read.fail(e.key(), e.what());
    }
  }
  return config;
}

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8 in dotted-quad form only; anything resolvable by name is not trusted.
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t j = host.find('.', i);
    if (j == std::string_view::npos) j = host.size();
    const auto part = host.substr(i, j - i);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(part)) > 255)
      return false;
    ++parts;
    i = j + 1;
  }
  return parts == 4;
}

HubUrl parse_hub_url(std::string_view url) {
  HubUrl out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos)
    throw std::invalid_argument("hub URL '" + std::string(url) + "' must start with https://");
  out.scheme = std::string(url.substr(0, scheme_end));
  if (out.scheme != "https" && out.scheme != "http")
    throw std::invalid_argument("hub URL '" + std::string(url) + "' must start with https://");
  const auto rest = url.substr(scheme_end + 3);
  const auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (rest.find_first_of("?#") != std::string_view::npos)
    throw std::invalid_argument("hub URL '" + std::string(url) + "' must not have a query or fragment");
  if (authority.find('@') != std::string_view::npos)
    throw std::invalid_argument("hub URL must not carry credentials; put the token in the token file");
  if (authority.empty()) throw std::invalid_argument("hub URL '" + std::string(url) + "' has no host");
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("hub URL '" + std::string(url) + "' has a broken IPv6 address");
    out.host = std::string(authority.substr(1, close - 1));
  } else {
    out.host = std::string(authority.substr(0, authority.find(':')));
  }
  if (out.host.empty()) throw std::invalid_argument("hub URL '" + std::string(url) + "' has no host");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      throw std::invalid_argument("hub URL must not contain spaces or control characters");
  out.base = std::string(url);
  while (out.base.ends_with('/')) out.base.pop_back();
  return out;
}

bool is_valid_kiosk_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id.front() == '.') return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

void validate(const SyncConfig& config) {
  HubUrl url;
  try {
    url = parse_hub_url(config.hub_url);
  } catch (const std::invalid_argument& e) {
    throw SyncConfigError("hub_url", e.what());
  }
  if (url.scheme == "http" && !is_loopback_host(url.host))
    throw SyncConfigError("hub_url", "hub URL '" + config.hub_url +
                                "' uses plain http:// to a host that is not this machine; use https://");
  if (!is_valid_kiosk_id(config.kiosk_id))
    throw SyncConfigError("kiosk_id", config.kiosk_id.empty()
                                    ? std::string("no kiosk id configured (kiosk_id)")
                                    : "kiosk id '" + config.kiosk_id +
                                          "' must be 1-64 letters, digits, '.', '_' or '-'");
  if (config.token_file.empty()) throw SyncConfigError("token_file", "no token file configured (token_file)");
  if (!config.pinned_public_key.empty() && !config.pinned_public_key.starts_with("sha256//"))
    throw SyncConfigError("pinned_public_key", "pinned_public_key must look like sha256//BASE64 (see curl's --pinnedpubkey)");
  if (config.backoff_min.count() <= 0 || config.backoff_min > config.backoff_max)
    throw SyncConfigError("backoff_min_ms", "backoff must satisfy 0 < backoff_min <= backoff_max");
  if (config.max_batch_records == 0 || config.max_batch_records > 500 || config.max_batch_bytes < 1024 ||
      config.max_batch_bytes > (1u << 20))
    throw SyncConfigError("max_batch_records", "batches must be 1-500 records and 1 KiB - 1 MiB");
}

void require_owner_only(const fs::path& file, std::string_view what) {
  struct stat st {};
  const std::string name = std::string(what) + " " + file.string();
  if (::stat(file.c_str(), &st) != 0) throw std::runtime_error("cannot read the " + name + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw std::runtime_error("the " + name + " is not a regular file");
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw std::runtime_error("the " + name + " can be read or changed by other users; refusing to use it (run: chmod 600 " +
                             file.string() + ")");
}

std::string read_token_file(const fs::path& file) {
  require_owner_only(file, "token file");
  std::ifstream in(file, std::ios::binary);
  std::string token;
  if (!in || !std::getline(in, token))
    throw std::runtime_error("the token file " + file.string() + " is empty or unreadable");
  const auto first = token.find_first_not_of(" \t\r");
  const auto last = token.find_last_not_of(" \t\r");
  token = first == std::string::npos ? std::string() : token.substr(first, last - first + 1);
  if (token.empty()) throw std::runtime_error("the token file " + file.string() + " is empty");
  for (char c : token)
    if (static_cast<unsigned char>(c) <= ' ' || static_cast<unsigned char>(c) >= 0x7f)
      throw std::runtime_error("the token in " + file.string() + " contains spaces or non-ASCII characters");
  return token;
}

}  // namespace heard::sync
