#include "core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace heard::log {

namespace {
std::atomic<int> threshold{static_cast<int>(Level::info)};
std::mutex mutex;
}  // namespace

void set_threshold(Level level) { threshold = static_cast<int>(level); }

void write(Level level, std::string_view message) {
  if (static_cast<int>(level) > threshold) return;
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "<%d>%.*s\n", static_cast<int>(level), static_cast<int>(message.size()), message.data());
}

}  // namespace heard::log
