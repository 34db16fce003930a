#pragma once
// Where the UI lands on a panel mounted turned, and where a finger on it lands in the UI.
// The UI is laid out at its logical size (a portrait 480x800 on a landscape 800x480 panel
// turned 90°) and its picture is turned clockwise by `rotation` onto the panel. Input comes
// back the other way: raw touch coordinates are first calibrated (the panel's own affine
// map, on 0..1 coordinates across the panel), then turned back into logical pixels.
#include <array>

#include <imgui.h>

#include "ui/theme.hpp"

namespace heard::ui {

struct PanelPoint {
  float x = 0, y = 0;
};

class Panel {
 public:
  // `rotation` is 0, 90, 180 or 270 (anything else counts as 0: config checks it).
  Panel(int physical_width, int physical_height, int rotation = 0,
        std::array<float, 6> touch_calibration = {1, 0, 0, 0, 1, 0});

  int rotation() const { return rotation_; }
  int physical_width() const { return physical_w_; }
  int physical_height() const { return physical_h_; }
  const std::array<float, 6>& calibration() const { return calibration_; }
  // The size the UI is laid out at: the physical one, swapped for 90 and 270.
  int logical_width() const;
  int logical_height() const;

  // A logical pixel to the panel's pixel that shows it, and back.
  PanelPoint to_physical(PanelPoint logical) const;
  PanelPoint to_logical(PanelPoint physical) const;
  // A finger at normalised panel coordinates (SDL's 0..1), calibrated, in logical pixels.
  PanelPoint touch_to_logical(float nx, float ny) const;

  // Turns a finished ImGui frame onto the panel in place: vertex positions and clip
  // rectangles (a quarter turn keeps rectangles axis-aligned, so the software renderer still
  // fills them as rectangles), and the display size. Nothing to do at 0°.
  void turn(ImDrawData& data) const;

 private:
  int physical_w_, physical_h_, rotation_;
  std::array<float, 6> calibration_;
};

// The metrics of the UI laid out on `panel`: at its logical size.
Metrics metrics_for(const Panel& panel, float dpi, bool large_text);

// x' = a*x + b*y + c, y' = d*x + e*y + f (see config::DisplayConfig::touch_calibration).
PanelPoint calibrate(const std::array<float, 6>& m, PanelPoint normalised);

}  // namespace heard::ui
