#pragma once
// The site's logo, published from the hub with a survey (issue 17, PROTOCOL 1.1 "branding").
// It comes from a network and ends up decoded in the kiosk's memory, so it is checked twice
// with the same code: at publish (the hub refuses it) and on the kiosk (which stays on its
// last good survey). Only PNG; the byte and pixel limits come before any pixel is decoded,
// so a small file that claims a huge picture (a decompression bomb) costs nothing.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config_error.hpp"

namespace heard {

inline constexpr std::size_t max_logo_bytes = 256u << 10;  // a logo is a few KiB; base64 keeps it well under 2 MiB
inline constexpr int max_logo_side = 1024;                 // pixels, either side; shown at most ~100 px high

struct LogoImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgba;  // width * height * 4, rows top to bottom
};

// Why a logo was refused, for a reader that words it itself (the console, in the person's
// language); `width`/`height` for too_many_pixels, `bytes` for too_many_bytes.
enum class LogoFault { empty, too_many_bytes, not_png, too_many_pixels, damaged };
const char* to_string(LogoFault fault);  // "too_many_bytes", ...

class LogoError : public ConfigError {
 public:
  LogoError(const std::filesystem::path& file, const std::string& key, const std::string& problem, LogoFault fault,
            std::uint64_t bytes = 0, std::uint64_t width = 0, std::uint64_t height = 0)
      : ConfigError(file, 0, key, problem), fault(fault), bytes(bytes), width(width), height(height) {}
  LogoFault fault;
  std::uint64_t bytes, width, height;
};

// Decodes a PNG file's bytes. Throws LogoError (a ConfigError) naming `file` and `key` with a
// plain reason: empty, over 256 KiB, not a PNG, over 1024x1024 pixels, or damaged.
LogoImage decode_logo(std::string_view png, const std::filesystem::path& file, const std::string& key);

// Standard base64 (RFC 4648, with padding), as the logo travels in JSON.
std::string base64_encode(std::string_view bytes);
// Nothing when `text` is not base64 or would decode to more than `max_bytes`.
std::optional<std::string> base64_decode(std::string_view text, std::size_t max_bytes);

}  // namespace heard
