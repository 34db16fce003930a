#pragma once
// PROTOCOL 1.1's second pull: the survey and settings published at the hub. The kiosk asks
// with If-None-Match; a 200 is checked exactly as a local survey file (size, JSON, the
// kiosk's own validator), is meant for this kiosk, and keeps every category a saved
// response uses (offered, or listed as "retired"); only then is it staged on disk
// (sync/config_folder.hpp) for the UI to apply at its next Welcome screen.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "store/outbox.hpp"
#include "sync/config_folder.hpp"
#include "sync/http.hpp"

namespace heard::sync {

inline constexpr const char* config_path = "/config";

struct ConfigPullReport {
  enum class Outcome {
    unchanged,    // 304: nothing new
    staged,       // a new publication waits for the next Welcome screen
    not_offered,  // 404: an older hub; the local survey stays
    refused,      // 401/403
    unusable,     // the hub sent a survey this kiosk must not run (it is remembered, and reported)
    failed,       // transport, status or garbage: logged, nothing changes, asked again next time
    interrupted,
  };
  Outcome outcome = Outcome::unchanged;
  std::string version;
  std::string error;
};

ConfigPullReport pull_config(HttpClient& http, std::string_view base, std::string_view kiosk_id, ConfigFolder& folder,
                             store::Outbox& outbox, const std::atomic<bool>& stop,
                             std::optional<std::chrono::milliseconds> timeout);

}  // namespace heard::sync
