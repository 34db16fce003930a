#include "ui/widgets.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace heard::ui {

ImRect take_top(ImRect& area, float h, float gap) {
  ImRect r(area.Min, ImVec2(area.Max.x, area.Min.y + h));
  area.Min.y += h + gap;
  return r;
}

ImRect take_bottom(ImRect& area, float h, float gap) {
  ImRect r(ImVec2(area.Min.x, area.Max.y - h), area.Max);
  area.Max.y -= h + gap;
  return r;
}

ImRect take_left(ImRect& area, float w, float gap) {
  ImRect r(area.Min, ImVec2(area.Min.x + w, area.Max.y));
  area.Min.x += w + gap;
  return r;
}

ImRect take_right(ImRect& area, float w, float gap) {
  ImRect r(ImVec2(area.Max.x - w, area.Min.y), area.Max);
  area.Max.x -= w + gap;
  return r;
}

namespace {

struct Wrapped {
  std::vector<std::string_view> lines;
  float width = 0;
  float height = 0;
};

Wrapped wrap(ImFont* font, std::string_view text, float width) {
  Wrapped w;
  const char* s = text.data();
  const char* end = text.data() + text.size();
  while (s < end) {
    const char* cut = font->CalcWordWrapPositionA(1.0f, s, end, std::max(width, 1.0f));
    if (cut == s) ++cut;  // a single glyph wider than the box: take it anyway
    const char* line_end = cut;
    while (line_end > s && (line_end[-1] == ' ' || line_end[-1] == '\n')) --line_end;
    if (cut < end && *cut == '\n') ++cut;
    w.lines.emplace_back(s, static_cast<std::size_t>(line_end - s));
    w.width = std::max(w.width, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s, line_end).x);
    s = cut;
    while (s < end && *s == ' ') ++s;
  }
  if (w.lines.empty()) w.lines.emplace_back();
  w.height = static_cast<float>(w.lines.size()) * font->FontSize;
  return w;
}

ImU32 darker(ImU32 c, float f) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(v.x * f, v.y * f, v.z * f, v.w));
}

ImRect visible(const ImRect& r) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImRect clip(dl->GetClipRectMin(), dl->GetClipRectMax());
  ImRect v = r;
  v.ClipWithFull(clip);
  return v;
}

// Fills the convex polygon on the draw list's path (clockwise or not) band by band: from
// the top vertex, walk down both sides at once, each triangle joining the two sides.
void fill_path_in_bands(ImDrawList* dl, ImU32 colour) {
  const int n = dl->_Path.Size;
  if (n < 3) {
    dl->PathClear();
    return;
  }
  const ImVec2* pts = dl->_Path.Data;
  int top = 0;
  for (int i = 1; i < n; ++i)
    if (pts[i].y < pts[top].y) top = i;
  dl->PrimReserve((n - 2) * 3, n);
  const ImVec2 uv = dl->_Data->TexUvWhitePixel;
  const auto base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
  for (int i = 0; i < n; ++i) dl->PrimWriteVtx(pts[i], uv, colour);
  int a = (top + 1) % n, b = top;  // a walks forwards, b backwards
  for (int emitted = 0; emitted < n - 2; ++emitted) {
    const int next_a = (a + 1) % n, next_b = (b + n - 1) % n;
    const bool step_a = pts[next_a].y <= pts[next_b].y;
    const int next = step_a ? next_a : next_b;
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + a));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + b));
    dl->PrimWriteIdx(static_cast<ImDrawIdx>(base + next));
    (step_a ? a : b) = next;
  }
  dl->PathClear();
}

bool smooth_fills(const ImDrawList* dl) { return (dl->Flags & ImDrawListFlags_AntiAliasedFill) != 0; }

}  // namespace

void fill_rect(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour, float rounding) {
  if (rounding <= 0.5f || smooth_fills(dl)) {
    dl->AddRectFilled(min, max, colour, rounding);
    return;
  }
  // Three plain rectangles (SDL fills those as rectangles) and a small fan in each corner,
  // on whole pixels so the pieces meet without seams.
  min = ImFloor(min), max = ImFloor(max);
  const float r = std::floor(std::min({rounding, (max.x - min.x) * 0.5f, (max.y - min.y) * 0.5f}));
  dl->AddRectFilled(ImVec2(min.x, min.y + r), ImVec2(max.x, max.y - r), colour);
  dl->AddRectFilled(ImVec2(min.x + r, min.y), ImVec2(max.x - r, min.y + r), colour);
  dl->AddRectFilled(ImVec2(min.x + r, max.y - r), ImVec2(max.x - r, max.y), colour);
  const struct {
    ImVec2 centre;
    int from, to;  // in twelfths of a turn, as PathArcToFast takes them
  } corners[] = {{ImVec2(min.x + r, min.y + r), 6, 9},
                 {ImVec2(max.x - r, min.y + r), 9, 12},
                 {ImVec2(max.x - r, max.y - r), 0, 3},
                 {ImVec2(min.x + r, max.y - r), 3, 6}};
  for (const auto& c : corners) {
    dl->PathLineTo(c.centre);
    dl->PathArcToFast(c.centre, r, c.from, c.to);
    dl->PathFillConvex(colour);
  }
}

void fill_circle(ImDrawList* dl, ImVec2 centre, float radius, ImU32 colour, int segments) {
  if (smooth_fills(dl)) {
    dl->AddCircleFilled(centre, radius, colour, segments);
    return;
  }
  // The same points as AddCircleFilled: the arc stops one segment short of closing.
  const float end = 2 * IM_PI * static_cast<float>(segments - 1) / static_cast<float>(segments);
  dl->PathArcTo(centre, radius, 0.0f, end, segments - 1);
  fill_path_in_bands(dl, colour);
}

float text_width(ImFont* font, std::string_view text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

float button_width(const Ui& ui, std::string_view label, float at_least) {
  return std::max(at_least, text_width(ui.f.bold, label) + ui.m.gap * 6);
}

float text_height(ImFont* font, std::string_view text, float width) { return wrap(font, text, width).height; }

ImVec2 text_in_box(Ui& ui, std::string_view text, ImRect box, ImFont* font, ImU32 colour, Align align, bool middle) {
  // Try the asked font, then smaller ones, before giving up and recording an overflow.
  ImFont* const chain[] = {font, font == ui.f.title ? ui.f.bold : ui.f.small, ui.f.small};
  Wrapped w;
  for (ImFont* candidate : chain) {
    w = wrap(candidate, text, box.GetWidth());
    font = candidate;
    if (w.width <= box.GetWidth() + 0.5f && w.height <= box.GetHeight() + 0.5f) break;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float y = middle ? box.Min.y + std::max(0.0f, (box.GetHeight() - w.height) * 0.5f) : box.Min.y;
  ImRect drawn(FLT_MAX, y, -FLT_MAX, y + w.height);
  ImVec2 end(box.Min.x, y);
  for (const auto line : w.lines) {
    const float lw = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, line.data(), line.data() + line.size()).x;
    const float x = align == Align::centre ? box.Min.x + (box.GetWidth() - lw) * 0.5f : box.Min.x;
    dl->AddText(font, font->FontSize, ImVec2(std::floor(x), std::floor(y)), colour, line.data(),
                line.data() + line.size());
    drawn.Min.x = std::min(drawn.Min.x, x);
    drawn.Max.x = std::max(drawn.Max.x, x + lw);
    end = ImVec2(x + lw, y);
    y += font->FontSize;
  }
  if (drawn.Min.x > drawn.Max.x) drawn.Min.x = drawn.Max.x = box.Min.x;
  const bool overflows = drawn.Min.x < box.Min.x - 0.5f || drawn.Max.x > box.Max.x + 0.5f ||
                         drawn.Min.y < box.Min.y - 0.5f || drawn.Max.y > box.Max.y + 0.5f;
  ui.record.texts.push_back({std::string(text), drawn, box, overflows});
  return end;
}

bool button(Ui& ui, std::string_view id, std::string_view label, ImRect r, Look look, bool chosen,
            std::string_view types, ImFont* font) {
  ImGui::SetCursorScreenPos(r.Min);
  ImGui::PushID(id.data(), id.data() + id.size());
  const bool clicked = ImGui::InvisibleButton("##tap", ImMax(r.GetSize(), ImVec2(1, 1)));
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();

  const Palette& p = ui.p;
  ImU32 fill = p.surface, ink = p.text, border = p.outline;
  float border_px = std::max(1.0f, std::round(1.5f * ui.m.unit));
  switch (look) {
    case Look::primary:
      fill = p.primary;
      ink = p.on_primary;
      border = p.primary;
      break;
    case Look::secondary:
      border = p.primary;
      ink = p.primary;
      border_px *= 1.5f;
      break;
    case Look::chip:
    case Look::key:
      break;
    case Look::quiet:
      fill = p.background;
      border = p.background;
      ink = p.primary;
      break;
  }
  if (chosen) {
    fill = p.primary;
    ink = p.on_primary;
    border = p.text;
  }
  if (held) fill = darker(fill == p.background ? p.surface : fill, 0.85f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = look == Look::key ? ui.m.rounding * 0.5f : ui.m.rounding;
  fill_rect(dl, r.Min, r.Max, fill, rounding);
  if (look != Look::quiet) dl->AddRect(r.Min, r.Max, border, rounding, 0, chosen ? border_px * 2 : border_px);

  ImRect inner(r.Min + ImVec2(ui.m.gap * 2, ui.m.gap), r.Max - ImVec2(ui.m.gap * 2, ui.m.gap));
  if (chosen && look == Look::chip) {
    // A check mark in front says "chosen" without relying on colour.
    const float h = r.GetHeight(), cx = inner.Min.x + h * 0.22f, cy = r.GetCenter().y, k = h * 0.14f;
    dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(cx - k, cy), ImVec2(cx - k * 0.3f, cy + k * 0.75f),
                                          ImVec2(cx + k * 1.1f, cy - k * 0.8f)}
                        .data(),
                    3, ink, 0, std::max(2.0f, 3.0f * ui.m.unit));
    inner.Min.x += h * 0.45f;
  }
  text_in_box(ui, label, inner, font ? font : (look == Look::key ? ui.f.body : ui.f.bold), ink);

  record_tappable(ui, id, label, r, types);
  return clicked;
}

void record_tappable(Ui& ui, std::string_view id, std::string_view label, ImRect rect, std::string_view types) {
  const ImRect v = visible(rect);
  if (v.GetWidth() > 1 && v.GetHeight() > 1)
    ui.record.tappables.push_back({std::string(id), std::string(label), std::string(types), v, rect});
}

void draw_face(ImDrawList* dl, ImVec2 c, float r, int rating, ImU32 fill, ImU32 ink) {
  const float stroke = std::max(2.0f, r * 0.07f);
  fill_circle(dl, c, r, fill, 48);
  dl->AddCircle(c, r, ink, 48, stroke * 0.6f);
  // Eyes
  const float ex = r * 0.34f, ey = r * 0.22f, er = r * 0.09f;
  fill_circle(dl, ImVec2(c.x - ex, c.y - ey), er, ink, 16);
  fill_circle(dl, ImVec2(c.x + ex, c.y - ey), er, ink, 16);
  if (rating == 1) {  // sad brows: the inner ends raised
    dl->AddLine(ImVec2(c.x - ex - er * 1.6f, c.y - ey - er * 1.6f), ImVec2(c.x - ex + er * 1.4f, c.y - ey - er * 2.8f),
                ink, stroke * 0.8f);
    dl->AddLine(ImVec2(c.x + ex + er * 1.6f, c.y - ey - er * 1.6f), ImVec2(c.x + ex - er * 1.4f, c.y - ey - er * 2.8f),
                ink, stroke * 0.8f);
  }
  // Mouth: a parabola whose bend goes from frown (1) to broad smile (5).
  const float bend[5] = {-0.30f, -0.15f, 0.0f, 0.16f, 0.30f};
  const float w = r * 0.42f, my = c.y + r * 0.38f - bend[rating - 1] * r * 0.5f;
  ImVec2 points[17];
  for (int i = 0; i <= 16; ++i) {
    const float t = static_cast<float>(i) / 16.0f * 2.0f - 1.0f;
    points[i] = ImVec2(c.x + t * w, my + (1.0f - t * t) * bend[rating - 1] * r);
  }
  if (bend[rating - 1] == 0.0f) dl->AddLine(points[0], points[16], ink, stroke);  // one piece, no seams
  else dl->AddPolyline(points, 17, ink, 0, stroke);
}

ImVec2 begin_scroll(Ui&, const char* id, ImRect area) {
  ImGui::SetCursorScreenPos(area.Min);
  ImGui::BeginChild(id, area.GetSize(), false, ImGuiWindowFlags_NoBackground);
  // Every visit of a screen starts at the top: never where the last customer left the list.
  if (ImGui::IsWindowAppearing()) ImGui::SetScrollY(0);
  return ImGui::GetCursorScreenPos();
}

void end_scroll(Ui& ui) {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  ImGuiIO& io = ImGui::GetIO();
  ImGuiStorage* st = ImGui::GetStateStorage();
  float* velocity = st->GetFloatRef(w->GetID("#velocity"), 0.0f);
  float* last_y = st->GetFloatRef(w->GetID("#last_y"), 0.0f);
  int* dragging = st->GetIntRef(w->GetID("#dragging"), 0);
  const float dt = std::max(io.DeltaTime, 0.001f);
  const bool started_inside = w->Rect().Contains(io.MouseClickedPos[0]);

  if (io.MouseClicked[0] && started_inside) *velocity = 0;  // a touch stops the coasting
  if (io.MouseDown[0] && started_inside && w->ScrollMax.y > 0) {
    const float pulled = io.MousePos.y - io.MouseClickedPos[0].y;
    if (!*dragging && std::fabs(pulled) > ui.m.target * 0.2f) {
      *dragging = 1;
      *last_y = io.MouseClickedPos[0].y;
    }
    if (*dragging) {
      const float step = io.MousePos.y - *last_y;
      ImGui::SetScrollY(std::clamp(w->Scroll.y - step, 0.0f, w->ScrollMax.y));
      *velocity = 0.6f * (step / dt) + 0.4f * *velocity;
      *last_y = io.MousePos.y;
      ImGui::ClearActiveID();  // a drag is a scroll, never a tap on what it started on
      ui.record.animating = true;
    }
  } else {
    *dragging = 0;
    if (std::fabs(*velocity) > 20.0f * ui.m.unit) {
      const float y = std::clamp(w->Scroll.y - *velocity * dt, 0.0f, w->ScrollMax.y);
      ImGui::SetScrollY(y);
      *velocity *= std::exp(-dt / 0.325f);
      if (y <= 0.0f || y >= w->ScrollMax.y) *velocity = 0;
      ui.record.animating = true;
    } else {
      *velocity = 0;
    }
  }
  ImGui::EndChild();
}

}  // namespace heard::ui
