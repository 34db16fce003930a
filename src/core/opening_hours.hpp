#pragma once
// When the shop is open, so the kiosk can let its screen sleep outside those hours. One span
// per weekday in local wall-clock time (TZ), e.g. "08:00-20:00"; a span may run past midnight
// ("18:00-02:00" keeps Friday's screen on into Saturday night). Nothing configured means
// always open.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace heard {

class OpeningHours {
 public:
  struct Span {
    int open_minute = 0;   // minutes after local midnight, 0..1439
    int close_minute = 0;  // 1..1440; less than open_minute for a span past midnight
  };

  // weekday: 0 = Monday ... 6 = Sunday. `hours` is "HH:MM-HH:MM" or "closed". Throws
  // std::invalid_argument with a message saying what was expected.
  void set_day(int weekday, std::string_view hours);

  // False until a day has been set: then the kiosk never sleeps.
  bool configured() const;
  bool is_open(Millis at) const;
  // The next instant after `at` when is_open changes, or nullopt when it never does.
  std::optional<Millis> next_change(Millis at) const;

 private:
  std::array<std::optional<Span>, 7> days_{};
  bool configured_ = false;
};

// "mon".."sun" -> 0..6, or -1.
int weekday_from_name(std::string_view name);

}  // namespace heard
