#pragma once
// Where and how the kiosk syncs: the [sync] section of the device configuration
// (config/device_config.hpp), checked as a whole by validate() so every mistake gets one
// clear message naming the key. No hub_url means the kiosk runs offline and says so in
// staff status.
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace heard::sync {

using std::chrono::milliseconds;

struct SyncConfig {
  std::string hub_url;  // "https://hub.example.com" (a base; "/v1/..." is appended)
  std::string kiosk_id;
  std::filesystem::path token_file;
  std::filesystem::path ca_file;  // empty: the system's CA store
  std::string pinned_public_key;  // curl's form: "sha256//BASE64[;sha256//...]", or empty

  milliseconds sync_interval{std::chrono::seconds(60)};  // idle check for non-urgent records
  milliseconds heartbeat_interval{std::chrono::minutes(5)};
  milliseconds backoff_min{std::chrono::seconds(1)};
  milliseconds backoff_max{std::chrono::minutes(5)};
  milliseconds auth_retry_interval{std::chrono::hours(1)};  // after 401/403
  milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::seconds low_speed_time{30};  // slower than low_speed_limit for this long: give up
  long low_speed_limit = 64;                // bytes per second

  std::size_t max_batch_records = 500;
  std::size_t max_batch_bytes = 1 << 20;

  bool configured() const { return !hub_url.empty(); }
};

// A bad configuration value; key() names the setting as heard.conf's [sync] section spells it
// ("hub_url", "backoff_min_s", ...; "kiosk_id" is at the file's top level).
class SyncConfigError : public std::invalid_argument {
 public:
  SyncConfigError(std::string key, const std::string& message) : std::invalid_argument(message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Checks a configured SyncConfig: URL scheme and host (plain http only to loopback), kiosk
// id, token file, limits. Throws SyncConfigError with a message fit for staff.
void validate(const SyncConfig& config);

// Throws std::runtime_error unless `file` is a regular file that only its owner may read
// or write (secrets: token files, the hub's tokens list). `what` names it in the message.
void require_owner_only(const std::filesystem::path& file, std::string_view what);

// The bearer token: the file's first line, trimmed. Refuses files that anyone but their
// owner can read or write (std::runtime_error saying how to fix it). Never logs the token.
std::string read_token_file(const std::filesystem::path& file);

// True for "localhost", 127.0.0.0/8 and ::1 (with or without brackets).
bool is_loopback_host(std::string_view host);

struct HubUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets
  std::string base;    // the URL without a trailing slash
};
// Throws std::invalid_argument for anything but http(s)://host[:port][/path].
HubUrl parse_hub_url(std::string_view url);

// A kiosk id travels in URL paths and file names: 1-64 of [A-Za-z0-9._-], not starting with '.'.
bool is_valid_kiosk_id(std::string_view id);

}  // namespace heard::sync
