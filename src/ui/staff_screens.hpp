#pragma once
// The staff screens: PIN pad, follow-up queue, one follow-up, a note with the on-screen
// keyboard, and sync status. Plain functions over StaffState that return StaffIntents.
// Staff mode speaks English for now (README, "Staff mode").
#include <vector>

#include "ui/flow.hpp"
#include "ui/screens.hpp"
#include "ui/staff_mode.hpp"

namespace heard::ui {

// Draws staff mode full-screen into the current ImGui frame (between NewFrame and Render).
std::vector<StaffIntent> draw_staff(const View& view, const StaffMode& staff, const Flow& flow, Now now,
                                    FrameRecord& record);

// The SLA in words as well as colour: "Overdue by 3 h 05 min", "Due soon: 2 h 10 min left".
std::string sla_words(const SlaClock& sla);

// "2nd", "3rd", "11th", "22nd".
std::string ordinal(int n);

}  // namespace heard::ui
