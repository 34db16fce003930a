#pragma once
// What a closed kiosk shows when touched: a dim screen with one line saying when feedback
// opens. Nothing on it can be tapped; the hidden staff gesture still works (see Kiosk).
#include <optional>
#include <vector>

#include "core/time.hpp"
#include "ui/screens.hpp"

namespace heard::ui {

std::vector<Intent> draw_closed(const View& view, const Flow& flow, std::optional<Millis> opens_at, FrameRecord& record);

// "08:00": local wall-clock time (TZ) of `at`.
std::string local_hh_mm(Millis at);

}  // namespace heard::ui
