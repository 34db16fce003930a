#include "sync/backoff.hpp"

#include <algorithm>

namespace heard::sync {

Backoff::Backoff(milliseconds min, milliseconds max, std::uint64_t seed) : min_(min), max_(max), rng_(seed) {}

milliseconds Backoff::ceiling(int failures) const {
  if (failures <= 1) return std::min(min_, max_);
  // Double step by step so huge failure counts cannot overflow.
  milliseconds c = min_;
  for (int i = 1; i < failures && c < max_; ++i) c *= 2;
  return std::min(c, max_);
}

milliseconds Backoff::next_delay() {
  if (failures_ < 1'000'000) ++failures_;
  std::uniform_int_distribution<std::int64_t> pick(0, ceiling(failures_).count());
  return milliseconds(pick(rng_));
}

}  // namespace heard::sync
