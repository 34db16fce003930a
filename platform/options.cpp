#include "options.hpp"

#include <charconv>
#include <string_view>

namespace heard::kiosk {

const char* const usage_text =
    "usage: heard-kiosk [--config FILE] [--windowed WxH] [--db FILE] [--survey FILE] [--kiosk-id ID] [--dpi N] "
    "[--rotation DEG] [--software]\n"
    "       heard-kiosk [--config FILE] --check-config\n"
    "       heard-kiosk --headless --size WxH --script FILE [--rotation DEG] [--screenshots DIR] [--db FILE] [--survey "
    "FILE]\n"
    "  --config FILE    the device configuration (default: $HEARD_CONFIG, else /etc/heard/heard.conf when it\n"
    "                   exists); the options below override its settings\n"
    "  --check-config   check the configuration, survey, translations and the files they name, print the\n"
    "                   result and exit (0 when OK, 78 when not) without opening a window\n"
    "  --windowed WxH   a window of that size instead of full screen (desks, development)\n"
    "  --db FILE        the response database (default: [paths] database, $HEARD_DB, /var/lib/heard/heard.db,\n"
    "                   or ~/.local/share/heard/heard.db)\n"
    "  --survey FILE    the site's survey (default: [paths] survey, else ASSETS/survey.json)\n"
    "  --assets DIR     where survey.json and i18n/ live (default: [paths] assets, $HEARD_ASSETS_DIR,\n"
    "                   else the build's or /usr/share/heard)\n"
    "  --kiosk-id ID    this kiosk's name in every response (default: kiosk_id, else the host name)\n"
    "  --dpi N          the screen's dots per inch, so touch targets stay 15 mm (default: [display] dpi, 96)\n"
    "  --rotation DEG   the picture turned clockwise by 0, 90, 180 or 270 degrees, for a panel mounted turned\n"
    "                   (default: [display] rotation; headless: --size is the panel's, the UI is laid out turned)\n"
    "  --software       use SDL's software renderer even when hardware is available\n"
    "  --headless       no display: run a script of taps on SDL's dummy driver and write PNG screenshots\n";

namespace {

Size parse_size(std::string_view flag, std::string_view text) {
  const auto x = text.find('x');
  Size s;
  const bool ok = x != std::string_view::npos &&
                  std::from_chars(text.data(), text.data() + x, s.width).ec == std::errc() &&
                  std::from_chars(text.data() + x + 1, text.data() + text.size(), s.height).ec == std::errc();
  if (!ok || s.width < 320 || s.height < 320 || s.width > 8192 || s.height > 8192)
    throw UsageError(std::string(flag) + " expects WIDTHxHEIGHT like 800x480 (each 320 to 8192), got '" +
                     std::string(text) + "'");
  return s;
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) throw UsageError(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--headless") o.headless = true;
    else if (arg == "--software") o.software = true;
    else if (arg == "--windowed") o.windowed = parse_size(arg, value());
    else if (arg == "--size") o.size = parse_size(arg, value());
    else if (arg == "--script") o.script = value();
    else if (arg == "--screenshots") o.screenshots = value();
    else if (arg == "--db") o.db = std::filesystem::path(value());
    else if (arg == "--survey") o.survey = std::filesystem::path(value());
    else if (arg == "--assets") o.assets = std::filesystem::path(value());
    else if (arg == "--config") o.config = value();
    else if (arg == "--check-config") o.check_config = true;
    else if (arg == "--kiosk-id") {
      o.kiosk_id = value();
      if (o.kiosk_id.empty()) throw UsageError("--kiosk-id must not be empty");
    } else if (arg == "--dpi") {
      const std::string_view v = value();
      int dpi = 0;
      if (std::from_chars(v.data(), v.data() + v.size(), dpi).ec != std::errc() || dpi < 50 || dpi > 600)
        throw UsageError("--dpi expects a whole number from 50 to 600, got '" + std::string(v) + "'");
      o.dpi = static_cast<float>(dpi);
    } else if (arg == "--rotation") {
      const std::string_view v = value();
      int degrees = -1;
      if (std::from_chars(v.data(), v.data() + v.size(), degrees).ec != std::errc() ||
          (degrees != 0 && degrees != 90 && degrees != 180 && degrees != 270))
        throw UsageError("--rotation expects 0, 90, 180 or 270, got '" + std::string(v) + "'");
      o.rotation = degrees;
    } else if (arg == "--help" || arg == "-h") o.help = true;
    else throw UsageError("unknown argument '" + std::string(arg) + "'");
  }
  if (o.headless && o.script.empty()) throw UsageError("--headless needs --script FILE");
  if (!o.headless && !o.script.empty()) throw UsageError("--script only works with --headless");
  if (o.screenshots.empty()) o.screenshots = ".";
  return o;
}

}  // namespace heard::kiosk
