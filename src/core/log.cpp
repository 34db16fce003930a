#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string_view>

namespace heard::log {

namespace {

// $HEARD_LOG_LEVEL (error, warning, info, debug) so an installer can turn on debug lines
// for one run, or in a unit's drop-in, without a new build.
int threshold_from_environment() {
  const char* env = std::getenv("HEARD_LOG_LEVEL");
  const std::string_view name = env ? env : "";
  if (name == "error") return static_cast<int>(Level::error);
  if (name == "warning") return static_cast<int>(Level::warning);
  if (name == "debug") return static_cast<int>(Level::debug);
  return static_cast<int>(Level::info);
}

std::atomic<int> threshold{threshold_from_environment()};
std::mutex mutex;

}  // namespace

bool enabled(Level level) { return static_cast<int>(level) <= threshold; }

void set_threshold(Level level) { threshold = static_cast<int>(level); }

void write(Level level, std::string_view message) {
  if (!enabled(level)) return;
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "<%d>%.*s\n", static_cast<int>(level), static_cast<int>(message.size()), message.data());
}

}  // namespace heard::log
