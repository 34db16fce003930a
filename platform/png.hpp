#pragma once
// Pixel-exact PNG of what the renderer has drawn (SDL_RenderReadPixels + stb_image_write).
#include <SDL.h>

#include <filesystem>

namespace heard::kiosk {

// Throws std::runtime_error when the pixels cannot be read or the file cannot be written.
void write_png(SDL_Renderer* renderer, const std::filesystem::path& file);

}  // namespace heard::kiosk
