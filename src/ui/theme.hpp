#pragma once
// Sizes and colours, computed from the screen rather than fixed pixels: text and touch
// targets scale with the window (800x480 up to 1920x1080, either orientation), and every
// target stays at least 15 mm wide at the configured DPI (keyboard keys: 9 mm).
#include <imgui.h>

#include "core/survey.hpp"

namespace heard::ui {

struct Metrics {
  float width = 0, height = 0;
  bool portrait = false;
  float unit = 1;    // 1 at 800x480 (or 480x800)
  float target = 0;  // smallest touch target, px
  float key = 0;     // smallest on-screen keyboard key, px (min_key_mm, as phone keyboards)
  float pad = 0;     // screen margin
  float gap = 0;     // between targets
  float rounding = 0;
  float small_px = 0, body_px = 0, title_px = 0;
};

inline constexpr float min_target_mm = 15.0f;
// Keyboard keys have their own floor: a 15 mm key leaves room for eight on a portrait panel,
// so the letters would spread over pages; phone keyboards use about 9 mm, typed with care.
// Faces, buttons and list rows keep 15 mm.
inline constexpr float min_key_mm = 9.0f;
inline constexpr float default_dpi = 96.0f;

Metrics metrics_for(float width, float height, float dpi, bool large_text);

struct Palette {
  ImU32 background, surface, text, muted, primary, on_primary, outline, error, scrim;
  ImU32 faces[5];
  ImU32 face_ink;  // eyes, brows and mouth of the faces
  ImU32 on_face;   // a check mark on a face colour
};

Palette palette_for(const Branding& branding, bool high_contrast);

// The palette as seen through its scrim. Drawing a screen in these colours gives exactly the
// pixels of drawing it and then the scrim over it (blending is linear), without blending
// the whole screen again: for SDL's software renderer that pass cost more than the screen.
Palette behind_scrim(const Palette& palette);

}  // namespace heard::ui
