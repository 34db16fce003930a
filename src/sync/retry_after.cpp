#include "sync/retry_after.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <string>

namespace heard::sync {

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::int64_t now_s) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r'))
    value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec == std::errc::result_out_of_range) return std::chrono::seconds(INT32_MAX);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return std::chrono::seconds(n);
  }
  // HTTP dates always name a weekday; this keeps curl_getdate's lenient parser from
  // turning stray text into a time.
  if (value.size() < 20 || value.size() > 64) return std::nullopt;
  const std::string text(value);
  const time_t at = curl_getdate(text.c_str(), nullptr);
  if (at == -1) return std::nullopt;
  return std::chrono::seconds(std::max<std::int64_t>(0, static_cast<std::int64_t>(at) - now_s));
}

}  // namespace heard::sync
