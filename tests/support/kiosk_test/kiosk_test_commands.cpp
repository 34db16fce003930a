#include "kiosk_test_commands.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "fleet_surveys.hpp"
#include "kiosk_app.hpp"
#include "monkey.hpp"
#include "monkey_invariants.hpp"
#include "script_driver.hpp"

namespace heard::kiosk {

namespace {

using Failure = std::runtime_error;

// The test's small file system (see kiosk_test_commands.hpp); never anything else.
void disk(const std::string& what) {
  const char* dir = std::getenv("HEARD_TEST_DISK");
  if (!dir || !*dir) throw Failure("disk works only under ui_script_test's #small-disk (no HEARD_TEST_DISK)");
  const std::filesystem::path filler = std::filesystem::path(dir) / "filler";
  if (what == "free") {
    std::filesystem::remove(filler);
  } else if (what == "writable") {
    if (::mount(nullptr, dir, nullptr, MS_REMOUNT, nullptr) != 0)
      throw Failure(std::string("cannot remount ") + dir + " read-write: " + std::strerror(errno));
  } else {
    struct statvfs fs {};
    const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT, 0600);
    const off_t end = fd >= 0 ? ::lseek(fd, 0, SEEK_END) : -1;
    const bool ok =
        end >= 0 && ::statvfs(dir, &fs) == 0 &&
        (fs.f_bavail == 0 || ::posix_fallocate(fd, end, static_cast<off_t>(fs.f_bavail * fs.f_frsize)) == 0);
    if (fd >= 0) ::close(fd);
    if (!ok) throw Failure(std::string("cannot fill ") + dir);
  }
}

// What the sync worker does with a download it checked: the file goes into the staging slot.
void stage_survey(ScriptDriver& driver, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Failure("stage-survey: cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  const std::string version = doc.is_object() && doc.contains("version") && doc["version"].is_string()
                                  ? doc["version"].get<std::string>()
                                  : file;
  driver.fleet().folder().stage({"\"" + version + "\"", text.str()});
  driver.kiosk().tick();
  driver.settle();
}

std::string at(ImVec2 p) { return std::to_string(static_cast<int>(p.x)) + " " + std::to_string(static_cast<int>(p.y)); }

// One random action, described in `action` before it runs (for the failure message).
void monkey_step(ScriptDriver& driver, MonkeyDice& dice, std::string& action) {
  driver.settle();
  Kiosk& kiosk = driver.kiosk();
  const ImVec2 screen = driver.screen_size();
  const auto anywhere = [&] { return ImVec2(dice.between(0, screen.x), dice.between(0, screen.y)); };
  std::vector<ui::Tappable> tappables = kiosk.record().tappables;  // a copy: taps redraw the record
  std::vector<ui::Tappable> languages;
  for (const auto& t : tappables)
    if (t.id.starts_with("lang.")) languages.push_back(t);
  const int roll = dice.below(100);
  if (roll < 35 && !tappables.empty()) {
    const auto& t = tappables[static_cast<std::size_t>(dice.below(static_cast<int>(tappables.size())))];
    const bool quick = dice.chance(0.1);  // now and then a double tap
    action = std::string(quick ? "double-" : "") + "tap #" + t.id + " \"" + t.label + "\"";
    driver.tap(t.rect.GetCenter(), quick ? 80 : ScriptDriver::tap_pace_ms);
  } else if (roll < 50) {
    const ImVec2 p = anywhere();
    action = "tap " + at(p);
    driver.tap(p, ScriptDriver::tap_pace_ms);
  } else if (roll < 58) {
    const ImVec2 from = anywhere(), to = anywhere();
    action = "drag " + at(from) + " " + at(to);
    driver.drag(from, to);
  } else if (roll < 62) {
    const ImVec2 p = anywhere();
    const float seconds = dice.between(0.1f, 5.0f);
    action = "hold " + at(p) + " " + std::to_string(seconds);
    driver.hold(p, static_cast<Millis>(seconds * 1000));
  } else if (roll < 65) {
    action = "hold 20 20 3.2 (the staff gesture)";
    driver.hold(ImVec2(20, 20), 3200);
  } else if (roll < 78) {
    const std::string text = dice.text();
    action = "text input of " + std::to_string(text.size()) + " bytes";
    kiosk.type_text(text);
    driver.settle();
  } else if (roll < 81) {
    const int times = dice.below(20) + 1;
    action = "backspace x" + std::to_string(times);
    for (int i = 0; i < times; ++i) kiosk.backspace();
    driver.settle();
  } else if (roll < 86 && !languages.empty()) {
    const auto& t = languages[static_cast<std::size_t>(dice.below(static_cast<int>(languages.size())))];
    action = "lang " + t.id.substr(5);
    driver.tap(t.rect.GetCenter(), ScriptDriver::tap_pace_ms);
  } else {
    // Mostly seconds; sometimes past the idle and logout timeouts; now and then a night.
    const float seconds = dice.chance(0.02)   ? dice.between(3600, 30 * 3600)
                          : dice.chance(0.15) ? dice.between(30, 600)
                                              : dice.between(0, 10);
    action = "advance " + std::to_string(seconds);
    driver.clock().advance(static_cast<Millis>(seconds * 1000));
    driver.settle();
  }
}

// `count` random actions from `seed`, each followed by the invariants' check. A failure
// names the seed, the step and the actions before it; a crash leaves the last progress line
// on stderr.
void monkey(ScriptDriver& driver, std::uint64_t seed, long count) {
  MonkeyDice dice(seed);
  MonkeyInvariants invariants(driver.database(), driver.store(), driver.local_survey());
  invariants.check(driver.kiosk().state(), driver.kiosk().record());
  std::deque<std::string> recent;
  for (long step = 1; step <= count; ++step) {
    std::string action;
    try {
      monkey_step(driver, dice, action);
      invariants.check(driver.kiosk().state(), driver.kiosk().record());
    } catch (const std::exception& e) {
      std::string trail;
      for (const auto& r : recent) trail += "\n  " + r;
      throw Failure("monkey " + std::to_string(seed) + " " + std::to_string(count) + " failed at step " +
                    std::to_string(step) + " (" + action + "): " + e.what() + "\nthe actions before it:" + trail);
    }
    recent.push_back(std::move(action));
    if (recent.size() > 12) recent.pop_front();
    if (step % 1000 == 0) std::cerr << "monkey " << seed << ": " << step << " of " << count << " actions\n";
  }
}

}  // namespace

const ScriptCommands& test_script_commands() {
  static const ScriptCommands commands = {
      {"disk",
       {1,
        false,
        {"fill", "free", "writable"},
        [](ScriptDriver& driver, const ScriptLine& l) {
          disk(l.args[0].text);
          driver.settle();
        }}},
      {"stage-survey",
       {1, false, {}, [](ScriptDriver& driver, const ScriptLine& l) { stage_survey(driver, l.args[0].text); }}},
      {"expect-survey",
       {1,
        false,
        {},
        [](ScriptDriver& driver, const ScriptLine& l) {
          driver.settle();
          const std::string& running = driver.kiosk().survey().survey_version;
          if (running != l.args[0].text)
            throw Failure("expected survey " + l.args[0].text + ", the kiosk runs " + running);
        }}},
      {"monkey",
       {2,
        true,
        {},
        [](ScriptDriver& driver, const ScriptLine& l) {
          monkey(driver, std::stoull(l.args[0].text), std::stol(l.args[1].text));
        }}},
  };
  return commands;
}

}  // namespace heard::kiosk
