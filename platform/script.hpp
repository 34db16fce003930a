#pragma once
// The headless driver's script: one command a line, "#" starts a comment line.
//   tap "Label" | tap #id | tap X Y     double-tap (same forms)     drag X1 Y1 X2 Y2
//   touch X Y (a finger on the raw panel's pixel X Y: calibrated and turned like a real one)
//   hold X Y SECONDS (press, keep the finger still, release: the staff-mode gesture)
//   type "text"      wait MS      advance SECONDS      lang CODE
//   clock 2026-11-30T07:59 (the kiosk's clock set to that local time, for opening hours)
//   expect "text"    expect-not "text"      screenshot NAME
//   monkey SEED COUNT   COUNT random actions from SEED (platform/monkey.hpp)
//   stage-survey FILE   FILE (a hub publication, as GET .../config sends it) staged as the sync
//     worker stages a download; expect-survey VERSION: the survey the kiosk runs now
//   disk fill | disk free | disk writable   only under ui_script_test's #small-disk, which
//     names its tmpfs in HEARD_TEST_DISK: fill it to the last byte, free that again, or
//     remount it read-write (it was mounted read-only before the kiosk started)
#include <filesystem>
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

// Reads and checks every line up front, so a typo fails before anything runs.
// Errors read "FILE:LINE: what is wrong".
std::vector<ScriptLine> parse_script(const std::filesystem::path& file);
// The same on text already read; `name` stands for the file in messages.
std::vector<ScriptLine> parse_script_text(const std::string& text, const std::string& name);

}  // namespace heard::kiosk
