#pragma once
// A whole number typed on a command line, read strictly: all of the text, within the bounds.
#include <optional>
#include <stdexcept>
#include <string>

namespace heard {

inline std::optional<long long> integer_in(const std::string& text, long long lo, long long hi) {
  try {
    std::size_t used = 0;
    const long long n = std::stoll(text, &used);
    if (used == text.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {  // not a number, or out of long long's range
  }
  return std::nullopt;
}

}  // namespace heard
