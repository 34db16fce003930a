#include "pg_sign_in_limits.hpp"

#include <algorithm>
#include <cctype>

namespace heard::hub {

namespace {

constexpr std::int64_t window_ms = std::chrono::milliseconds(SignInLimits::window).count();
constexpr const char* now_ms = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

std::string name_key(std::string name) {  // names are unique without regard to case
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return "name:" + name;
}

std::string address_key(const std::string& address) { return "address:" + address; }

}  // namespace

bool PgSignInLimits::allowed(const std::string& name, const std::string& address, Clock::time_point,
                             std::chrono::seconds& retry_after) {
  auto c = pool_.lease();
  // The longest wait among the keys over their limit within the window; none: allowed.
  const auto r =
      c->query(std::string("SELECT max(since + $5 - ") + now_ms +
                   ") FROM hub_sign_in_failures "
                   "WHERE since > " +
                   now_ms +
                   " - $5 AND ((key = $1 AND failures >= $2) OR "
                   "(key = $3 AND failures >= $4))",
               PgParams().add(name_key(name)).add(per_name).add(address_key(address)).add(per_address).add(window_ms));
  retry_after = std::chrono::seconds(0);
  if (r.is_null(0, 0)) return true;
  retry_after = std::chrono::seconds((r.int64(0, 0) + 999) / 1000);
  return false;
}

void PgSignInLimits::failed(const std::string& name, const std::string& address, Clock::time_point) {
  auto c = pool_.lease();
  // A failure after the window starts a new count; a flood of made-up names is pruned as it ages.
  c->query(std::string("DELETE FROM hub_sign_in_failures WHERE since <= ") + now_ms + " - $1",
           PgParams().add(window_ms));
  for (const auto& key : {name_key(name), address_key(address)})
    c->query(std::string("INSERT INTO hub_sign_in_failures (key, failures, since) VALUES ($1, 1, ") + now_ms +
                 ") ON CONFLICT (key) DO UPDATE SET failures = hub_sign_in_failures.failures + 1",
             PgParams().add(key));
}

void PgSignInLimits::succeeded(const std::string& name) {
  auto c = pool_.lease();
  c->query("DELETE FROM hub_sign_in_failures WHERE key = $1", PgParams().add(name_key(name)));
}

}  // namespace heard::hub
