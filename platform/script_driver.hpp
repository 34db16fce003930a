#pragma once
// The headless driver's hands on the kiosk, as a command added to the script language
// (ScriptCommand, script.hpp) uses them: taps, holds and drags at a person's pace, on the
// script's simulated clock. headless.cpp implements it; the tests' own commands
// (tests/support/kiosk_test/kiosk_test_commands.hpp) are written on it.
#include <imgui.h>

#include <filesystem>

#include "core/clock.hpp"
#include "core/survey.hpp"

namespace heard::store {
class ResponseStore;
}

namespace heard::kiosk {

class Kiosk;
class FleetSurveys;

class ScriptDriver {
 public:
  // A person needs a moment between taps; double-tap is the exception the guard is for.
  static constexpr Millis tap_pace_ms = 400;

  virtual ~ScriptDriver() = default;

  virtual Kiosk& kiosk() = 0;
  virtual ManualClock& clock() = 0;
  virtual FleetSurveys& fleet() = 0;
  // The screen in logical points, as taps address it.
  virtual ImVec2 screen_size() = 0;
  // The database file, its store as the kiosk holds it, and the survey the kiosk started on.
  virtual const std::filesystem::path& database() = 0;
  virtual store::ResponseStore& store() = 0;
  virtual const SurveyConfig& local_survey() = 0;

  // `pace` of time to look first, then press, a short hold, release.
  virtual void tap(ImVec2 p, Millis pace) = 0;
  virtual void hold(ImVec2 p, Millis ms) = 0;
  virtual void drag(ImVec2 from, ImVec2 to) = 0;
  // Draws until the kiosk wants no frame now and no background query runs.
  virtual void settle() = 0;
};

}  // namespace heard::kiosk
