#pragma once
// The customer screens. Each is a plain function over the flow's plain state that draws
// with ImGui and returns what the customer asked for as Intents; it changes nothing itself.
#include <vector>

#include "ui/flow.hpp"
#include "ui/widgets.hpp"

namespace heard::ui {

struct View {
  const Metrics& metrics;
  const Palette& palette;
  const Fonts& fonts;
  const Translations& translations;
  Logo logo = {};  // published with the survey (core/logo.hpp); shown in the Welcome screen's site bar
};

// Draws the whole kiosk into the current ImGui frame (between NewFrame and Render).
std::vector<Intent> draw_kiosk(const View& view, const Flow& flow, FrameRecord& record);

// The friendly, translated text for a validation problem.
std::string friendly_error(const Translations& tr, std::string_view language, const FieldError& error);

}  // namespace heard::ui
