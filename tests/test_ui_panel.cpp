// ui::Panel: the UI's picture turned onto a panel mounted turned, and fingers turned back.
#include <catch2/catch.hpp>

#include "ui/panel.hpp"

using heard::ui::calibrate;
using heard::ui::Panel;
using heard::ui::PanelPoint;

namespace {

void require_near(PanelPoint got, PanelPoint want) {
  INFO("got (" << got.x << ", " << got.y << "), want (" << want.x << ", " << want.y << ")");
  REQUIRE(got.x == Approx(want.x).margin(1e-3));
  REQUIRE(got.y == Approx(want.y).margin(1e-3));
}

}  // namespace

TEST_CASE("a quarter-turned landscape panel shows a portrait UI turned clockwise", "[ui][panel]") {
  const Panel panel(800, 480, 90);
  REQUIRE(panel.logical_width() == 480);
  REQUIRE(panel.logical_height() == 800);
  // The UI's top-left corner lands at the panel's top-right, its top-right at the bottom-right.
  require_near(panel.to_physical({0, 0}), {800, 0});
  require_near(panel.to_physical({480, 0}), {800, 480});
  require_near(panel.to_physical({0, 800}), {0, 0});
  require_near(panel.to_physical({100, 30}), {770, 100});
}

TEST_CASE("every rotation maps input back to the logical point it shows", "[ui][panel]") {
  for (const int rotation : {0, 90, 180, 270}) {
    const Panel panel(1920, 1080, rotation);
    INFO("rotation " << rotation);
    for (const PanelPoint p : {PanelPoint{0, 0}, PanelPoint{12.5f, 700}, PanelPoint{300, 40}}) {
      require_near(panel.to_logical(panel.to_physical(p)), p);
    }
  }
  require_near(Panel(800, 480, 180).to_physical({10, 20}), {790, 460});
  require_near(Panel(800, 480, 270).to_physical({10, 20}), {20, 470});
  // Anything but a quarter turn is no turn (the config loader rejects such values).
  REQUIRE(Panel(800, 480, 45).rotation() == 0);
}

TEST_CASE("touch calibration is the configured affine map on normalised coordinates", "[ui][panel]") {
  // A panel whose sensor is mirrored left to right and a little short at the top.
  const std::array<float, 6> m{-1, 0, 1, 0, 0.9f, 0.05f};
  require_near(calibrate(m, {0.25f, 0.5f}), {0.75f, 0.5f});
  require_near(calibrate({1, 0, 0, 0, 1, 0}, {0.3f, 0.6f}), {0.3f, 0.6f});
  // Calibration comes first, on the raw panel, then the rotation.
  const Panel panel(800, 480, 90, m);
  require_near(panel.touch_to_logical(0.25f, 0.5f), {0.5f * 480, 800 - 0.75f * 800});
  // A calibrated finger just off the glass counts as on its edge.
  require_near(Panel(800, 480, 0, {1, 0, 0.2f, 0, 1, 0}).touch_to_logical(0.9f, 0.5f), {800, 240});
}

TEST_CASE("turning a frame moves vertices and clip rectangles onto the panel", "[ui][panel]") {
  ImDrawList list(nullptr);
  list.VtxBuffer.push_back(ImDrawVert{ImVec2(100, 30), ImVec2(0, 0), 0xffffffff});
  ImDrawCmd cmd;
  cmd.ClipRect = ImVec4(0, 0, 480, 100);
  list.CmdBuffer.push_back(cmd);
  ImDrawList* lists[] = {&list};
  ImDrawData data;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  data.DisplaySize = ImVec2(480, 800);
  Panel(800, 480, 90).turn(data);
  REQUIRE(list.VtxBuffer[0].pos.x == 770);
  REQUIRE(list.VtxBuffer[0].pos.y == 100);
  REQUIRE(list.CmdBuffer[0].ClipRect.x == 700);
  REQUIRE(list.CmdBuffer[0].ClipRect.y == 0);
  REQUIRE(list.CmdBuffer[0].ClipRect.z == 800);
  REQUIRE(list.CmdBuffer[0].ClipRect.w == 480);
  REQUIRE(data.DisplaySize.x == 800);
  REQUIRE(data.DisplaySize.y == 480);
}
