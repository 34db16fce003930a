#pragma once
// What a closed kiosk shows when touched: a dim screen with one line saying when feedback
// opens. Nothing on it can be tapped; the hidden staff gesture still works (see Kiosk).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "ui/i18n.hpp"
#include "ui/screens.hpp"

namespace heard::ui {

std::vector<Intent> draw_closed(const View& view, const Flow& flow, Millis now, std::optional<Millis> opens_at,
                                FrameRecord& record);

// "08:00": local wall-clock time (TZ) of `at`.
std::string local_hh_mm(Millis at);

// How the notice names the day of the next opening, seen from `now` on the local wall clock
// (TZ): "at 08:00" today, "tomorrow at 08:00", else the weekday ("Monday at 08:00").
struct OpeningDay {
  enum class When { today, tomorrow, weekday };
  When when = When::today;
  int weekday = 0;  // of the opening, 0 = Monday ... 6 = Sunday
};
OpeningDay opening_day(Millis now, Millis opens_at);

// The notice's sentence in `language`: when feedback opens next, or only that it is closed
// when it never opens again (every day "closed").
std::string closed_notice(const Translations& tr, std::string_view language, Millis now,
                          std::optional<Millis> opens_at);

}  // namespace heard::ui
