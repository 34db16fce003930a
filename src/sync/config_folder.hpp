#pragma once
// Where a kiosk keeps the surveys its hub publishes (PROTOCOL 1.1), in a folder beside its
// database ("heard.db.hub-config/"). Every file is written atomically (store::AtomicFile),
// so a power cut leaves the old file or the new one, never half of one:
//   staged.json   downloaded and checked by the sync worker; the UI applies it at Welcome
//   good.json     the last publication that loaded on this kiosk (used again at start)
//   running.json  what the UI runs and why the last one it tried failed (the UI writes it)
//   refused.json  the last download the sync worker refused, and why (the worker writes it)
// Two threads use it: the worker writes staged and refused, the UI the rest.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace heard::sync {

// A publication as the hub sent it: its ETag and the body, byte for byte.
struct StoredConfig {
  std::string etag;
  std::string body;
};

struct RunningSurvey {
  std::string version;      // "hub-7", or the local file's survey_version
  std::string etag;         // empty when the local file runs
  std::string error;        // why the last publication tried did not load; empty when it did
  std::string failed_etag;  // that publication's ETag
};

struct RefusedConfig {
  std::string etag;
  std::string error;
};

class ConfigFolder {
 public:
  explicit ConfigFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}
  static ConfigFolder beside(const std::filesystem::path& database);
  const std::filesystem::path& dir() const { return dir_; }

  // Unreadable or damaged files read as absent (and are logged): the kiosk keeps its survey.
  std::optional<StoredConfig> staged() const;
  std::optional<StoredConfig> good() const;
  RunningSurvey running() const;
  RefusedConfig refused() const;

  // Throw store::FileWriteError when the disk refuses.
  void stage(const StoredConfig& config);
  void keep_as_good(const StoredConfig& config);
  void set_running(const RunningSurvey& running);
  void set_refused(const RefusedConfig& refused);
  void drop_staged();
  void clear_refused();

  // The ETags the kiosk should not be sent again (If-None-Match): the one it will run next
  // (staged, else running), the one that failed to load and the one it refused.
  std::vector<std::string> known_etags() const;

 private:
  std::optional<std::string> read(const char* name) const;
  void write(const char* name, const std::string& text);
  std::filesystem::path dir_;
};

}  // namespace heard::sync
