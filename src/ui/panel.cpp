#include "ui/panel.hpp"

#include <algorithm>

namespace heard::ui {

Panel::Panel(int physical_width, int physical_height, int rotation, std::array<float, 6> touch_calibration)
    : physical_w_(physical_width),
      physical_h_(physical_height),
      rotation_(rotation == 90 || rotation == 180 || rotation == 270 ? rotation : 0),
      calibration_(touch_calibration) {}

int Panel::logical_width() const { return rotation_ % 180 == 0 ? physical_w_ : physical_h_; }
int Panel::logical_height() const { return rotation_ % 180 == 0 ? physical_h_ : physical_w_; }

Metrics metrics_for(const Panel& panel, float dpi, bool large_text) {
  return metrics_for(static_cast<float>(panel.logical_width()), static_cast<float>(panel.logical_height()), dpi,
                     large_text);
}

PanelPoint Panel::to_physical(PanelPoint p) const {
  const auto lw = static_cast<float>(logical_width()), lh = static_cast<float>(logical_height());
  switch (rotation_) {
    case 90:
      return {lh - p.y, p.x};  // the logical top edge becomes the panel's right edge
    case 180:
      return {lw - p.x, lh - p.y};
    case 270:
      return {p.y, lw - p.x};
    default:
      return p;
  }
}

PanelPoint Panel::to_logical(PanelPoint p) const {
  const auto pw = static_cast<float>(physical_w_), ph = static_cast<float>(physical_h_);
  switch (rotation_) {
    case 90:
      return {p.y, pw - p.x};
    case 180:
      return {pw - p.x, ph - p.y};
    case 270:
      return {ph - p.y, p.x};
    default:
      return p;
  }
}

PanelPoint Panel::touch_to_logical(float nx, float ny) const {
  const PanelPoint c = calibrate(calibration_, {nx, ny});
  // A calibrated touch just past the glass edge still belongs to the edge.
  const float x = std::clamp(c.x, 0.0f, 1.0f) * static_cast<float>(physical_w_);
  const float y = std::clamp(c.y, 0.0f, 1.0f) * static_cast<float>(physical_h_);
  return to_logical({x, y});
}

void Panel::turn(ImDrawData& data) const {
  if (rotation_ == 0) return;
  const auto rotated_rect = [this](ImVec4 r) {
    const PanelPoint a = to_physical({r.x, r.y}), b = to_physical({r.z, r.w});
    return ImVec4(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y));
  };
  for (int n = 0; n < data.CmdListsCount; ++n) {
    ImDrawList& list = *data.CmdLists[n];
    for (ImDrawVert& v : list.VtxBuffer) {
      const PanelPoint p = to_physical({v.pos.x - data.DisplayPos.x, v.pos.y - data.DisplayPos.y});
      v.pos = ImVec2(p.x, p.y);
    }
    for (ImDrawCmd& cmd : list.CmdBuffer) {
      const ImVec4 c = cmd.ClipRect;
      cmd.ClipRect = rotated_rect(
          ImVec4(c.x - data.DisplayPos.x, c.y - data.DisplayPos.y, c.z - data.DisplayPos.x, c.w - data.DisplayPos.y));
    }
  }
  data.DisplayPos = ImVec2(0, 0);
  data.DisplaySize = ImVec2(static_cast<float>(physical_w_), static_cast<float>(physical_h_));
}

PanelPoint calibrate(const std::array<float, 6>& m, PanelPoint p) {
  return {m[0] * p.x + m[1] * p.y + m[2], m[3] * p.x + m[4] * p.y + m[5]};
}

}  // namespace heard::ui
