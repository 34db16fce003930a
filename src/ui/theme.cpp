#include "ui/theme.hpp"

#include <algorithm>
#include <cmath>

namespace heard::ui {

Metrics metrics_for(float width, float height, float dpi, bool large_text) {
  Metrics m;
  m.width = width;
  m.height = height;
  m.portrait = height > width;
  m.unit = std::min(std::max(width, height) / 800.0f, std::min(width, height) / 480.0f);
  const float text_scale = large_text ? 1.3f : 1.0f;
  m.small_px = std::round(17.0f * m.unit * text_scale);
  m.body_px = std::round(21.0f * m.unit * text_scale);
  m.title_px = std::round(30.0f * m.unit * text_scale);
  const float mm = std::ceil(min_target_mm * dpi / 25.4f);
  m.target = std::max(mm, std::round(2.4f * m.body_px));
  // Wide enough for a letter at body size with a margin either side.
  m.key = std::max(std::ceil(min_key_mm * dpi / 25.4f), std::round(1.6f * m.body_px));
  m.pad = std::round(12.0f * m.unit);
  m.gap = std::max(3.0f, std::round(4.0f * m.unit));
  m.rounding = std::round(10.0f * m.unit);
  return m;
}

namespace {

ImU32 rgb(std::uint32_t c) { return IM_COL32((c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff, 255); }

std::uint32_t mix(std::uint32_t a, std::uint32_t b, float t) {
  auto ch = [&](int shift) {
    const float x = static_cast<float>((a >> shift) & 0xff), y = static_cast<float>((b >> shift) & 0xff);
    return static_cast<std::uint32_t>(std::lround(x + (y - x) * t)) << shift;
  };
  return ch(16) | ch(8) | ch(0);
}

float luminance(std::uint32_t c) {
  return (0.2126f * static_cast<float>((c >> 16) & 0xff) + 0.7152f * static_cast<float>((c >> 8) & 0xff) +
          0.0722f * static_cast<float>(c & 0xff)) /
         255.0f;
}

}  // namespace

Palette palette_for(const Branding& b, bool high_contrast) {
  Palette p{};
  // Calm, muted faces from terracotta to sage; each face also has its word and expression.
  const std::uint32_t faces[5] = {0xe07a5f, 0xeea66b, 0xf2cc8f, 0xa9c98c, 0x81b29a};
  for (int i = 0; i < 5; ++i) p.faces[i] = rgb(faces[i]);
  p.on_face = rgb(0xffffff);
  if (high_contrast) {
    p.face_ink = rgb(0x000000);
    p.background = rgb(0x000000);
    p.surface = rgb(0x000000);
    p.text = rgb(0xffffff);
    p.muted = rgb(0xffffff);
    p.primary = rgb(0xffd400);
    p.on_primary = rgb(0x000000);
    p.outline = rgb(0xffffff);
    p.error = rgb(0xff8080);
    p.scrim = IM_COL32(0, 0, 0, 230);
    return p;
  }
  p.face_ink = rgb(0x2d2d32);
  p.background = rgb(b.background);
  p.surface = rgb(mix(b.background, 0xffffff, 0.7f));
  p.text = rgb(b.text);
  p.muted = rgb(mix(b.text, b.background, 0.35f));
  p.primary = rgb(b.primary);
  p.on_primary = rgb(luminance(b.primary) > 0.6f ? 0x000000 : 0xffffff);
  p.outline = rgb(mix(b.text, b.background, 0.7f));
  p.error = rgb(0xa4302a);
  p.scrim = IM_COL32(20, 20, 24, 150);
  return p;
}

Palette behind_scrim(const Palette& p) {
  const ImVec4 scrim = ImGui::ColorConvertU32ToFloat4(p.scrim);
  const auto dim = [&](ImU32 c) {
    const ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    const float a = scrim.w;
    return ImGui::ColorConvertFloat4ToU32(
        ImVec4(v.x * (1 - a) + scrim.x * a, v.y * (1 - a) + scrim.y * a, v.z * (1 - a) + scrim.z * a, v.w));
  };
  Palette out = p;
  for (ImU32* c : {&out.background, &out.surface, &out.text, &out.muted, &out.primary, &out.on_primary, &out.outline,
                   &out.error, &out.face_ink, &out.on_face})
    *c = dim(*c);
  for (ImU32& c : out.faces) c = dim(c);
  return out;
}

}  // namespace heard::ui
