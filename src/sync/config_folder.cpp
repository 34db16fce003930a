#include "sync/config_folder.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/log.hpp"
#include "store/atomic_file.hpp"

namespace heard::sync {

using nlohmann::json;

namespace {

constexpr std::size_t max_file_bytes = 4u << 20;  // a 2 MiB body, escaped, fits

std::string field(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ConfigFolder ConfigFolder::beside(const std::filesystem::path& database) {
  return ConfigFolder(database.parent_path() / (database.filename().string() + ".hub-config"));
}

std::optional<std::string> ConfigFolder::read(const char* name) const {
  const auto file = dir_ / name;
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return std::nullopt;
  if (size > max_file_bytes) {
    log::warning("fleet: " + file.string() + " is larger than it can be; ignored");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) return std::nullopt;
  return text.str();
}

void ConfigFolder::write(const char* name, const std::string& text) {
  std::filesystem::create_directories(dir_);
  store::AtomicFile file(dir_ / name);
  file.write(text);
  file.commit();
}

namespace {
std::optional<StoredConfig> stored_from(const std::optional<std::string>& text, const std::filesystem::path& file) {
  if (!text) return std::nullopt;
  const json j = json::parse(*text, nullptr, false);
  if (!j.is_object() || field(j, "body").empty()) {
    log::warning("fleet: " + file.string() + " is damaged; ignored");
    return std::nullopt;
  }
  return StoredConfig{field(j, "etag"), field(j, "body")};
}
std::string stored_text(const StoredConfig& c) { return json{{"etag", c.etag}, {"body", c.body}}.dump(); }
}  // namespace

std::optional<StoredConfig> ConfigFolder::staged() const {
  return stored_from(read("staged.json"), dir_ / "staged.json");
}
std::optional<StoredConfig> ConfigFolder::good() const { return stored_from(read("good.json"), dir_ / "good.json"); }

RunningSurvey ConfigFolder::running() const {
  const json j = json::parse(read("running.json").value_or(""), nullptr, false);
  if (!j.is_object()) return {};
  return {field(j, "version"), field(j, "etag"), field(j, "error"), field(j, "failed_etag")};
}

RefusedConfig ConfigFolder::refused() const {
  const json j = json::parse(read("refused.json").value_or(""), nullptr, false);
  if (!j.is_object()) return {};
  return {field(j, "etag"), field(j, "error")};
}

void ConfigFolder::stage(const StoredConfig& config) { write("staged.json", stored_text(config)); }
void ConfigFolder::keep_as_good(const StoredConfig& config) { write("good.json", stored_text(config)); }

void ConfigFolder::set_running(const RunningSurvey& r) {
  write("running.json",
        json{{"version", r.version}, {"etag", r.etag}, {"error", r.error}, {"failed_etag", r.failed_etag}}.dump());
}

void ConfigFolder::set_refused(const RefusedConfig& r) {
  write("refused.json", json{{"etag", r.etag}, {"error", r.error}}.dump());
}

void ConfigFolder::drop_staged() {
  std::error_code ignored;
  std::filesystem::remove(dir_ / "staged.json", ignored);
}

void ConfigFolder::clear_refused() {
  std::error_code ignored;
  std::filesystem::remove(dir_ / "refused.json", ignored);
}

std::vector<std::string> ConfigFolder::known_etags() const {
  std::vector<std::string> out;
  const auto add = [&](const std::string& etag) {
    if (!etag.empty() && std::find(out.begin(), out.end(), etag) == out.end()) out.push_back(etag);
  };
  const auto running_now = running();
  if (const auto s = staged()) add(s->etag);
  else add(running_now.etag);
  add(running_now.failed_etag);
  add(refused().etag);
  return out;
}

}  // namespace heard::sync
