#pragma once
// The staff screens: PIN pad, follow-up queue, one follow-up, a note with the on-screen
// keyboard, sync status, export to USB and insights. Plain functions over StaffState that
// return StaffIntents, in the staff language (StaffState::language; texts "staffmode.*" in
// assets/i18n/<lang>.json).
#include <string>
#include <string_view>
#include <vector>

#include "ui/flow.hpp"
#include "ui/screens.hpp"
#include "ui/staff_mode.hpp"

namespace heard::ui {

// Draws staff mode full-screen into the current ImGui frame (between NewFrame and Render).
std::vector<StaffIntent> draw_staff(const View& view, const StaffMode& staff, const Flow& flow, Now now,
                                    FrameRecord& record);

// The SLA in words as well as colour: "Overdue by 3 h 05 min", "Due soon: 2 h 10 min left".
std::string sla_words(const Translations& tr, std::string_view language, const SlaClock& sla);

// How long, for staff: "3 h 05 min", "2 d 4 h" in English, "3 Std. 05 Min." in German;
// rounded down to the minute, never negative.
std::string staff_duration(const Translations& tr, std::string_view language, Millis ms);

}  // namespace heard::ui
