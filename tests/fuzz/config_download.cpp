// The kiosk checking a survey its hub published (PROTOCOL 1.1, GET .../config), exactly as
// the sync worker does before it stages one (sync::check_config_body): size, JSON, the kiosk's
// own survey validator, translations, the logo (a real PNG decode within its limits), that it
// is meant for this kiosk and keeps every category saved responses use. A hostile hub must
// never get a survey staged that would not load the same way again, that loses a used
// category, or that carries a logo over its limits; and what is logged and reported is short,
// plain text.
//
// Input: the first line is the categories saved responses use (separated by spaces); the
// rest is the body the hub sent.
#include "core/config_error.hpp"
#include "core/fleet_config.hpp"
#include "core/utf8.hpp"
#include "fuzz_targets.hpp"
#include "sync/config_pull.hpp"

namespace heard::fuzz {

namespace {

constexpr std::string_view this_kiosk = "store-12-exit";

void check_text(const std::string& text, const char* what) {
  require(text.size() <= 400, std::string(what) + ": longer than 400 bytes");
  require(utf8::is_valid(text), std::string(what) + ": not valid UTF-8");
  for (const unsigned char c : text) require(c >= 0x20 && c != 0x7f, std::string(what) + ": a control character");
}

}  // namespace

void config_download(std::string_view input) {
  const auto newline = input.find('\n');
  const std::string_view head = input.substr(0, newline);
  const std::string_view body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  std::vector<std::string> used;
  for (std::size_t at = 0; at <= head.size();) {
    const auto space = std::min(head.find(' ', at), head.size());
    if (space > at) used.emplace_back(head.substr(at, space - at));
    at = space + 1;
  }
  const sync::ConfigVerdict verdict = sync::check_config_body(body, this_kiosk, used);
  check_text(verdict.error, "the verdict's error");
  using Kind = sync::ConfigVerdict::Kind;
  if (verdict.kind != Kind::stage) {
    require(!verdict.error.empty(), "a refusal without a reason");
    return;
  }
  require(verdict.error.empty(), "a staged survey with an error");
  require(body.size() <= max_fleet_config_bytes, "staged: a body over 2 MiB");
  // What the UI does with it at the next Welcome screen must succeed the same way.
  FleetConfig config;
  try {
    config = parse_fleet_config(body, "fuzz");
  } catch (const ConfigError& e) {
    require(false, std::string("staged, but it does not load again: ") + e.what());
  }
  require(config.version == verdict.version, "staged under another version than it loads as");
  require(config.kiosk_id.empty() || config.kiosk_id == this_kiosk, "staged a survey meant for another kiosk");
  for (const auto& id : used) require(knows_category(config.survey, id), "staged a survey that loses category " + id);
  if (config.logo) {
    const auto& logo = *config.logo;
    require(logo.width >= 1 && logo.height >= 1 && logo.width <= max_logo_side && logo.height <= max_logo_side,
            "staged a logo outside the pixel limits");
    require(logo.rgba.size() == static_cast<std::size_t>(logo.width) * static_cast<std::size_t>(logo.height) * 4,
            "a logo's pixels do not match its size");
  }
}

}  // namespace heard::fuzz
