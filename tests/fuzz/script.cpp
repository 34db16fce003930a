// The headless driver's script parser (platform/script.cpp): tests and the monkey write
// these, and a typo must be a ScriptError with file and line, never a crash mid-run.
#include "../../platform/script.hpp"
#include "fuzz_targets.hpp"

namespace heard::fuzz {

// Commands shaped like heard-kiosk-test's (tests/support/kiosk_test/kiosk_test_commands.hpp), so the
// parser's checks of added commands are fuzzed too; nothing runs here.
const kiosk::ScriptCommands added = {
    {"disk", {1, false, {"fill", "free", "writable"}, {}}},
    {"monkey", {2, true, {}, {}}},
    {"stage-survey", {1, false, {}, {}}},
};

void script(std::string_view input) {
  try {
    const auto lines = kiosk::parse_script_text(std::string(input), "fuzz.script", added);
    int previous = 0;
    for (const auto& l : lines) {
      require(!l.command.empty(), "script: a line with no command was accepted");
      require(l.number > previous, "script: line numbers do not increase");
      previous = l.number;
    }
  } catch (const kiosk::ScriptError&) {}
}

}  // namespace heard::fuzz
