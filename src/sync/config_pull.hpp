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
#include <vector>

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

// What the kiosk makes of a 200's body, before anything is written: the checks of the
// download (size, JSON, the kiosk's validator, the logo, meant for `kiosk_id`, no category in
// `used_categories` lost). Pure, so that the fuzz harness (tests/fuzz/config_download.cpp)
// runs exactly it.
struct ConfigVerdict {
  enum class Kind {
    stage,     // run it: stage it for the next Welcome screen
    garbage,   // not a publication at all: logged, asked again next time
    unusable,  // a publication this kiosk must not run: remembered, and reported
  };
  Kind kind = Kind::garbage;
  std::string version;  // when it parsed that far
  std::string error;    // for the log and the heartbeat: plain text, at most 400 bytes
};
ConfigVerdict check_config_body(std::string_view body, std::string_view kiosk_id,
                                const std::vector<std::string>& used_categories);

ConfigPullReport pull_config(HttpClient& http, std::string_view base, std::string_view kiosk_id, ConfigFolder& folder,
                             store::Outbox& outbox, const std::atomic<bool>& stop,
                             std::optional<std::chrono::milliseconds> timeout);

}  // namespace heard::sync
