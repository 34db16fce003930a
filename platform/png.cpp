#include "png.hpp"

#include <stb_image_write.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace heard::kiosk {

void write_png(SDL_Renderer* renderer, const std::filesystem::path& file) {
  int w = 0, h = 0;
  if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0)
    throw std::runtime_error(std::string("cannot read the screen size: ") + SDL_GetError());
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  // ABGR8888 is R, G, B, A in memory order on little-endian machines; RGBA32 names that everywhere.
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGBA32, pixels.data(), w * 4) != 0)
    throw std::runtime_error(std::string("cannot read the pixels: ") + SDL_GetError());
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  if (!stbi_write_png(file.c_str(), w, h, 4, pixels.data(), w * 4))
    throw std::runtime_error("cannot write " + file.string());
}

}  // namespace heard::kiosk
