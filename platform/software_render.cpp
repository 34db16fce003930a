#include "software_render.hpp"

#include <algorithm>

namespace heard::kiosk {

namespace {

enum class Run { textured, opaque, translucent };

Run kind_of(const ImDrawVert* v, const ImDrawIdx* tri, ImVec2 white) {
  bool opaque = true;
  for (int i = 0; i < 3; ++i) {
    const ImDrawVert& p = v[tri[i]];
    if (p.uv.x != white.x || p.uv.y != white.y) return Run::textured;
    opaque &= (p.col >> IM_COL32_A_SHIFT & 0xff) == 0xff;
  }
  return opaque ? Run::opaque : Run::translucent;
}

}  // namespace

bool is_software(SDL_Renderer* renderer) {
  SDL_RendererInfo info{};
  return SDL_GetRendererInfo(renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
}

void render_software(SDL_Renderer* renderer, const ImDrawData& data) {
  const int fb_w = static_cast<int>(data.DisplaySize.x), fb_h = static_cast<int>(data.DisplaySize.y);
  if (fb_w <= 0 || fb_h <= 0) return;
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  SDL_BlendMode old_blend = SDL_BLENDMODE_NONE;
  SDL_GetRenderDrawBlendMode(renderer, &old_blend);
  SDL_RenderSetViewport(renderer, nullptr);

  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(&list, &cmd);
        continue;
      }
      const int x0 = static_cast<int>(std::max(cmd.ClipRect.x - data.DisplayPos.x, 0.0f));
      const int y0 = static_cast<int>(std::max(cmd.ClipRect.y - data.DisplayPos.y, 0.0f));
      const int x1 = static_cast<int>(std::min(cmd.ClipRect.z - data.DisplayPos.x, static_cast<float>(fb_w)));
      const int y1 = static_cast<int>(std::min(cmd.ClipRect.w - data.DisplayPos.y, static_cast<float>(fb_h)));
      if (x1 <= x0 || y1 <= y0) continue;
      const SDL_Rect clip{x0, y0, x1 - x0, y1 - y0};
      SDL_RenderSetClipRect(renderer, &clip);

      const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
      const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
      const int vertices = list.VtxBuffer.Size - static_cast<int>(cmd.VtxOffset);
      auto draw = [&](Run kind, unsigned from, unsigned to) {
        SDL_Texture* texture = kind == Run::textured ? static_cast<SDL_Texture*>(cmd.GetTexID()) : nullptr;
        if (!texture)
          SDL_SetRenderDrawBlendMode(renderer, kind == Run::opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        SDL_RenderGeometryRaw(renderer, texture, &vtx->pos.x, sizeof(ImDrawVert),
                              reinterpret_cast<const SDL_Color*>(&vtx->col), sizeof(ImDrawVert), &vtx->uv.x,
                              sizeof(ImDrawVert), vertices, idx + from, static_cast<int>(to - from), sizeof(ImDrawIdx));
      };
      // Consecutive triangles of one kind go to SDL together, so it still sees quads whole.
      unsigned start = 0;
      Run run = Run::textured;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        const Run kind = kind_of(vtx, idx + i, white);
        if (i > start && kind != run) {
          draw(run, start, i);
          start = i;
        }
        run = kind;
      }
      if (start < cmd.ElemCount) draw(run, start, cmd.ElemCount);
    }
  }
  SDL_RenderSetClipRect(renderer, nullptr);
  SDL_SetRenderDrawBlendMode(renderer, old_blend);
}

}  // namespace heard::kiosk
