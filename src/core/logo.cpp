#include "core/logo.hpp"

#include <sodium.h>
#include <stb_image.h>

#include <cstdint>
#include <memory>
#include <utility>

#include "core/config_error.hpp"

namespace heard {

namespace {

constexpr std::string_view png_signature("\x89PNG\r\n\x1a\n", 8);

// The size a PNG's header claims: the IHDR chunk comes first, width and height big-endian.
// stb_image refuses a claim past 2^30 bytes of pixels as unreadable, which would hide the reason.
std::pair<std::uint32_t, std::uint32_t> claimed_size(std::string_view png) {
  if (png.size() < 24 || png.substr(12, 4) != "IHDR") return {0, 0};
  const auto be32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(png[at + i]);
    return v;
  };
  return {be32(16), be32(20)};
}

std::string kib(std::size_t bytes) { return std::to_string((bytes + 1023) / 1024) + " KiB"; }

}  // namespace

const char* to_string(LogoFault fault) {
  switch (fault) {
    case LogoFault::empty:
      return "empty";
    case LogoFault::too_many_bytes:
      return "too_many_bytes";
    case LogoFault::not_png:
      return "not_png";
    case LogoFault::too_many_pixels:
      return "too_many_pixels";
    case LogoFault::damaged:
      return "damaged";
  }
  return "damaged";
}

LogoImage decode_logo(std::string_view png, const std::filesystem::path& file, const std::string& key) {
  const auto fail = [&](const std::string& why, LogoFault fault, std::uint64_t w = 0, std::uint64_t h = 0) {
    throw LogoError(file, key, why, fault, png.size(), w, h);
  };
  if (png.empty()) fail("the logo is empty; expected a PNG file", LogoFault::empty);
  if (png.size() > max_logo_bytes)
    fail("the logo is " + kib(png.size()) + "; a logo may be at most " + kib(max_logo_bytes),
         LogoFault::too_many_bytes);
  if (!png.starts_with(png_signature)) fail("the logo is not a PNG image; expected a PNG file", LogoFault::not_png);
  const auto too_large = [&](std::uint64_t w, std::uint64_t h) {
    fail("the logo is " + std::to_string(w) + "x" + std::to_string(h) + " pixels; a logo may be at most " +
             std::to_string(max_logo_side) + "x" + std::to_string(max_logo_side),
         LogoFault::too_many_pixels, w, h);
  };
  if (const auto [w, h] = claimed_size(png); w > max_logo_side || h > max_logo_side) too_large(w, h);
  const auto* bytes = reinterpret_cast<const stbi_uc*>(png.data());
  const int size = static_cast<int>(png.size());
  int width = 0, height = 0, channels = 0;
  // The header alone: its size is known before a single pixel is inflated.
  if (!stbi_info_from_memory(bytes, size, &width, &height, &channels))
    fail("the logo's PNG data is damaged or of a kind the kiosk cannot read", LogoFault::damaged);
  if (width < 1 || height < 1 || width > max_logo_side || height > max_logo_side) too_large(width, height);
  const std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
      stbi_load_from_memory(bytes, size, &width, &height, &channels, 4), stbi_image_free);
  if (!pixels) fail("the logo's PNG data is damaged or truncated", LogoFault::damaged);
  LogoImage logo;
  logo.width = width;
  logo.height = height;
  logo.rgba.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  return logo;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

std::optional<std::string> base64_decode(std::string_view text, std::size_t max_bytes) {
  if (text.size() / 4 * 3 > max_bytes + 3) return std::nullopt;
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size() || length > max_bytes)
    return std::nullopt;
  out.resize(length);
  return out;
}

}  // namespace heard
