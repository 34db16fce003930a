#pragma once
// ImGui's draw data through SDL's software renderer, on its fast paths.
//
// The SDL_Renderer backend hands SDL every triangle with the font texture, solid shapes too
// (they sample its white pixel). SDL's software renderer then maps that texture per pixel,
// with 64-bit divisions, over each triangle's bounding box: most of a 1920x1080 frame went
// there. Here solid triangles go to SDL without a texture, so it fills them (axis-aligned
// quads as plain rectangles), and opaque ones without blending; only glyphs and textured
// lines keep the texture.
#include <SDL.h>
#include <imgui.h>

namespace heard::kiosk {

bool is_software(SDL_Renderer* renderer);

// What ImGui_ImplSDLRenderer_RenderDrawData does, for a software renderer.
void render_software(SDL_Renderer* renderer, const ImDrawData& data);

}  // namespace heard::kiosk
