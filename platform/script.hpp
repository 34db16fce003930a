#pragma once
// The headless driver's script: one command a line, "#" starts a comment line.
//   tap "Label" | tap #id | tap X Y     double-tap (same forms)     drag X1 Y1 X2 Y2
//   touch X Y (a finger on the raw panel's pixel X Y: calibrated and turned like a real one)
//   hold X Y SECONDS (press, keep the finger still, release: the staff-mode gesture)
//   type "text"      wait MS      advance SECONDS      lang CODE
//   clock 2026-11-30T07:59 (the kiosk's clock set to that local time, for opening hours)
//   expect "text"    expect-not "text"      screenshot NAME
//   step-clock HOURS (the wall clock jumps, as NTP steps it; no time passes for the timers)
// A program may add commands of its own (ScriptCommands): the tests' heard-kiosk-test adds
// disk, stage-survey, expect-survey and monkey (tests/support/kiosk_test/kiosk_test_commands.hpp), which
// the shipped kiosk does not carry.
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace heard::kiosk {

struct ScriptArg {
  std::string text;
  bool quoted = false;
};

struct ScriptLine {
  int number = 0;
  std::string command;
  std::vector<ScriptArg> args;
};

class ScriptError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ScriptDriver;

// A command a program adds to the script language: the shape of its arguments, which the
// parser checks up front, and what it does when its line runs (throwing std::exception on
// failure, which names the line).
struct ScriptCommand {
  std::size_t args = 0;
  bool numbers = false;            // every argument must be a number
  std::vector<std::string> words;  // when not empty, the one argument must be one of these
  std::function<void(ScriptDriver&, const ScriptLine&)> run;
};
using ScriptCommands = std::map<std::string, ScriptCommand>;

// Reads and checks every line up front, so a typo fails before anything runs.
// Errors read "FILE:LINE: what is wrong".
// `extra`: the commands the program adds to the built-in ones.
std::vector<ScriptLine> parse_script(const std::filesystem::path& file, const ScriptCommands& extra = {});
// The same on text already read; `name` stands for the file in messages.
std::vector<ScriptLine> parse_script_text(const std::string& text, const std::string& name,
                                          const ScriptCommands& extra = {});

}  // namespace heard::kiosk
