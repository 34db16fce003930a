#include "ui/closed_screen.hpp"

#include <cstdio>

namespace heard::ui {

namespace {

constexpr Millis minutes_per_day = 24 * 60;

// Minutes since 1970-01-01 00:00 on the local wall clock (TZ) at `at`.
Millis local_minutes(Millis at) {
  const Millis utc_minutes = at >= 0 ? at / 60'000 : (at - 59'999) / 60'000;
  return utc_minutes + local_utc_offset_min(at);
}

// Days since 1970-01-01 on the local wall clock.
Millis local_day(Millis at) {
  const Millis minutes = local_minutes(at);
  return minutes >= 0 ? minutes / minutes_per_day : (minutes - minutes_per_day + 1) / minutes_per_day;
}

}  // namespace

std::string local_hh_mm(Millis at) {
  const int of_day = static_cast<int>(((local_minutes(at) % minutes_per_day) + minutes_per_day) % minutes_per_day);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", of_day / 60, of_day % 60);
  return buf;
}

OpeningDay opening_day(Millis now, Millis opens_at) {
  const Millis day = local_day(opens_at);
  const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  switch (day - local_day(now)) {
    case 0:
      return {OpeningDay::When::today, weekday};
    case 1:
      return {OpeningDay::When::tomorrow, weekday};
    default:
      return {OpeningDay::When::weekday, weekday};
  }
}

std::string closed_notice(const Translations& tr, std::string_view language, Millis now,
                          std::optional<Millis> opens_at) {
  if (!opens_at) return tr.text(language, "closed.title");
  static constexpr const char* weekdays[] = {"weekday.mon", "weekday.tue", "weekday.wed", "weekday.thu",
                                             "weekday.fri", "weekday.sat", "weekday.sun"};
  const std::string time = local_hh_mm(*opens_at);
  const OpeningDay day = opening_day(now, *opens_at);
  switch (day.when) {
    case OpeningDay::When::today:
      return tr.format(language, "closed.opens_today", {{"time", time}});
    case OpeningDay::When::tomorrow:
      return tr.format(language, "closed.opens_tomorrow", {{"time", time}});
    case OpeningDay::When::weekday:
      break;
  }
  return tr.format(language, "closed.opens_on_day",
                   {{"day", tr.text(language, weekdays[day.weekday])}, {"time", time}});
}

std::vector<Intent> draw_closed(const View& view, const Flow& flow, Millis now, std::optional<Millis> opens_at,
                                FrameRecord& record) {
  record.clear();
  std::vector<Intent> intents;
  const FlowState& s = flow.state();
  // Dim: a dark screen with soft text, so a closed kiosk does not light up the shop floor.
  Palette dim = view.palette;
  dim.background = IM_COL32(16, 16, 18, 255);
  dim.text = IM_COL32(170, 170, 176, 255);
  Ui ui{view.metrics, dim, view.fonts, view.translations, s.language, record};
  const Metrics& m = view.metrics;
  record.background = dim.background;
  const std::string text = closed_notice(ui.tr, s.language, now, opens_at);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGui::Begin("closed", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBackground);
  // The whole screen is the box, so a sentence too long for it shrinks or is caught as an overflow.
  text_in_box(ui, text, ImRect(m.pad * 2, m.pad * 2, m.width - m.pad * 2, m.height - m.pad * 2), view.fonts.title,
              dim.text);
  ImGui::End();
  return intents;
}

}  // namespace heard::ui
