#pragma once
// PNG files for the logo tests, written with stb_image_write (the same libstb the kiosk uses),
// and hostile ones made from them.
#include <stb_image_write.h>

#include <cstdint>
#include <string>
#include <vector>

namespace heard::test {

inline std::string png_bytes(int width, int height, const std::vector<unsigned char>& rgba) {
  std::string out;
  const auto append = [](void* to, void* data, int size) {
    static_cast<std::string*>(to)->append(static_cast<char*>(data), static_cast<std::size_t>(size));
  };
  stbi_write_png_to_func(append, &out, width, height, 4, rgba.data(), width * 4);
  return out;
}

// A magenta disc on a transparent square: a colour no kiosk screen uses, and a transparent
// background that must show the screen's own colour through it.
inline std::string magenta_disc_png(int side) {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(side) * side * 4, 0);
  const float r = side * 0.5f;
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      const float dx = x + 0.5f - r, dy = y + 0.5f - r;
      if (dx * dx + dy * dy > r * r) continue;
      unsigned char* p = &rgba[(static_cast<std::size_t>(y) * side + x) * 4];
      p[0] = 255, p[1] = 0, p[2] = 255, p[3] = 255;
    }
  return png_bytes(side, side, rgba);
}

// Noise does not compress: `side` x `side` of it is about side * side * 4 bytes of PNG.
inline std::string noise_png(int side) {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(side) * side * 4);
  std::uint32_t state = 12345;
  for (auto& b : rgba) {
    state = state * 1664525u + 1013904223u;
    b = static_cast<unsigned char>(state >> 24);
  }
  return png_bytes(side, side, rgba);
}

// A small, valid PNG whose header claims `width` x `height` pixels: a decompression bomb's
// first step (the IHDR chunk's size fields are bytes 16..23, big-endian).
inline std::string png_claiming(std::uint32_t width, std::uint32_t height) {
  std::string png = magenta_disc_png(8);
  for (int i = 0; i < 4; ++i) {
    png[16 + i] = static_cast<char>(width >> (24 - 8 * i));
    png[20 + i] = static_cast<char>(height >> (24 - 8 * i));
  }
  return png;
}

}  // namespace heard::test
