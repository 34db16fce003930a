#pragma once
// Command line of heard-kiosk. Settings given here override the device configuration file
// (kiosk_config.hpp), so an installer can try `--dpi 120` without editing it.
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
  std::filesystem::path config;       // --config FILE; empty: $HEARD_CONFIG or /etc/heard/heard.conf
  bool check_config = false;          // --check-config: validate everything, start nothing
  std::optional<std::filesystem::path> db;
  std::optional<std::filesystem::path> survey;
  std::optional<std::filesystem::path> assets;
  std::string kiosk_id;  // empty: not given
  std::optional<float> dpi;
  std::optional<int> rotation;  // --rotation 0|90|180|270: the picture turned clockwise
  bool software = false;        // --software: never try a hardware renderer
  bool help = false;
};

class UsageError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws UsageError with a message naming the bad argument.
Options parse_options(int argc, char** argv);

extern const char* const usage_text;

}  // namespace heard::kiosk
