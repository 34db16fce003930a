#include "ui/closed_screen.hpp"

#include <cstdio>

namespace heard::ui {

std::string local_hh_mm(Millis at) {
  const Millis minutes = at / 60'000 + local_utc_offset_min(at);
  const int of_day = static_cast<int>(((minutes % 1440) + 1440) % 1440);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", of_day / 60, of_day % 60);
  return buf;
}

std::vector<Intent> draw_closed(const View& view, const Flow& flow, std::optional<Millis> opens_at, FrameRecord& record) {
  record.clear();
  std::vector<Intent> intents;
  const FlowState& s = flow.state();
  // Dim: a dark screen with soft text, so a closed kiosk does not light up the shop floor.
  Palette dim = view.palette;
  dim.background = IM_COL32(16, 16, 18, 255);
  dim.text = IM_COL32(170, 170, 176, 255);
  Ui ui{view.metrics, dim, view.fonts, view.translations, s, flow.survey(), record, intents};
  const Metrics& m = view.metrics;
  record.background = dim.background;
  const std::string text = opens_at ? ui.tr.format(s.language, "closed.opens_at", {{"time", local_hh_mm(*opens_at)}})
                                    : ui.t("closed.title");
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(m.width, m.height));
  ImGui::Begin("closed", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBackground);
  const float w = m.width - m.pad * 4;
  const float h = text_height(view.fonts.title, text, w);
  text_in_box(ui, text, ImRect((m.width - w) * 0.5f, (m.height - h) * 0.5f, (m.width + w) * 0.5f, (m.height + h) * 0.5f),
              view.fonts.title, dim.text);
  ImGui::End();
  return intents;
}

}  // namespace heard::ui
