// The headless driver's script parser (platform/script.cpp): tests and the monkey write
// these, and a typo must be a ScriptError with file and line, never a crash mid-run.
#include "../../platform/script.hpp"
#include "fuzz_targets.hpp"

namespace heard::fuzz {

void script(std::string_view input) {
  try {
    const auto lines = kiosk::parse_script_text(std::string(input), "fuzz.script");
    int previous = 0;
    for (const auto& l : lines) {
      require(!l.command.empty(), "script: a line with no command was accepted");
      require(l.number > previous, "script: line numbers do not increase");
      previous = l.number;
    }
  } catch (const kiosk::ScriptError&) {}
}

}  // namespace heard::fuzz
