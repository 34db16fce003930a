#include "sqlite_file_lock.hpp"

#include <map>
#include <string>

namespace heard::hub {

std::shared_ptr<std::mutex> sqlite_file_lock(const std::filesystem::path& file) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<std::mutex>> registry;
  std::error_code ec;
  std::filesystem::path key = std::filesystem::weakly_canonical(file, ec);
  if (ec) key = std::filesystem::absolute(file, ec);
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[key.string()];
  if (auto held = slot.lock()) return held;
  auto made = std::make_shared<std::mutex>();
  slot = made;
  return made;
}

}  // namespace heard::hub
