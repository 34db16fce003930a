#include "core/flags.hpp"

#include <algorithm>

namespace heard::flags {

bool BurstWatch::rated(int rating, Millis steady) {
  while (!recent_.empty() && steady - recent_.front().at > window_ms_) recent_.pop_front();
  recent_.push_back({steady, rating});
  const auto same = std::count_if(recent_.begin(), recent_.end(), [&](const Tap& t) { return t.rating == rating; });
  return same > max_same_;
}

}  // namespace heard::flags
