#pragma once
// Command line of heard-kiosk.
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace heard::kiosk {

struct Size {
  int width = 0;
  int height = 0;
};

struct Options {
  bool headless = false;
  std::optional<Size> windowed;       // --windowed WxH; full screen otherwise
  Size size{800, 480};                // --size WxH (headless)
  std::filesystem::path script;       // --script FILE (headless)
  std::filesystem::path screenshots;  // --screenshots DIR (headless)
  std::optional<std::filesystem::path> db;
  std::filesystem::path survey;
  std::filesystem::path assets;
  std::string kiosk_id;
  float dpi = 96.0f;
  std::optional<int> rotation;  // --rotation 0|90|180|270: the picture turned clockwise
  bool software = false;  // --software: never try a hardware renderer
  bool help = false;
};

class UsageError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws UsageError with a message naming the bad argument.
Options parse_options(int argc, char** argv);

extern const char* const usage_text;

}  // namespace heard::kiosk
