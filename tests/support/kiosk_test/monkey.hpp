#pragma once
// The monkey: random actions for the headless driver's `monkey SEED COUNT` command, to find
// what no script author thought of. Everything random comes from one seed, so a failure is
// replayed by running the same command again (time in the headless kiosk is simulated).
#include <cstdint>
#include <random>
#include <string>

namespace heard::kiosk {

class MonkeyDice {
 public:
  explicit MonkeyDice(std::uint64_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  float between(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // Text a hostile or clumsy customer (or a USB keyboard plugged in) could enter: emoji with
  // modifiers and ZWJ, right-to-left text and direction overrides, stacks of combining marks,
  // NUL and other control characters, and now and then 10,000 characters at once. Always
  // valid UTF-8, as SDL delivers text input.
  std::string text();

 private:
  std::mt19937_64 rng_;
};

}  // namespace heard::kiosk
