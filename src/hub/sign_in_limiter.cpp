#include "sign_in_limiter.hpp"

#include <algorithm>
#include <cctype>

namespace heard::hub {

namespace {

std::string folded(std::string name) {  // names are unique without regard to case
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name;
}

}  // namespace

bool SignInLimiter::blocked(std::map<std::string, Count>& counts, const std::string& key, int limit,
                            Clock::time_point now, std::chrono::seconds& retry_after) {
  const auto it = counts.find(key);
  if (it == counts.end()) return false;
  if (now - it->second.since >= window) {
    counts.erase(it);
    return false;
  }
  if (it->second.failures < limit) return false;
  retry_after = std::max(retry_after, std::chrono::ceil<std::chrono::seconds>(it->second.since + window - now));
  return true;
}

bool SignInLimiter::allowed(const std::string& name, const std::string& address, Clock::time_point now,
                            std::chrono::seconds& retry_after) {
  std::lock_guard lock(mutex_);
  retry_after = std::chrono::seconds(0);
  const bool by_name = blocked(names_, folded(name), per_name, now, retry_after);
  const bool by_address = blocked(addresses_, address, per_address, now, retry_after);
  return !by_name && !by_address;
}

void SignInLimiter::count(std::map<std::string, Count>& counts, const std::string& key, Clock::time_point now) {
  auto& c = counts[key];
  if (c.failures == 0 || now - c.since >= window) c = Count{0, now};
  ++c.failures;
  if (counts.size() > 100'000) counts.clear();  // a flood of made-up names must not fill memory
}

void SignInLimiter::failed(const std::string& name, const std::string& address, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  count(names_, folded(name), now);
  count(addresses_, address, now);
}

void SignInLimiter::succeeded(const std::string& name) {
  std::lock_guard lock(mutex_);
  names_.erase(folded(name));
}

}  // namespace heard::hub
