// The headless driver: the real kiosk on SDL's dummy video driver, drawn by the software
// renderer into a plain SDL_Surface (no window at all), driven by a script of taps.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include "core/log.hpp"
#include "kiosk_app.hpp"
#include "kiosk_config.hpp"
#include "monkey.hpp"
#include "monkey_invariants.hpp"
#include "png.hpp"
#include "programs.hpp"
#include "script.hpp"
#include "store/response_store.hpp"
#include "touch_input.hpp"

namespace heard::kiosk {

namespace {

class ScriptFailure : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A person needs a moment between taps; double-tap is the exception the guard is for.
constexpr Millis tap_pace_ms = 400;
constexpr Millis key_pace_ms = 120;
constexpr Millis press_ms = 60;

class Runner {
 public:
  // What the monkey's invariants read besides the screen: the database file and the kiosk's store.
  struct Data {
    std::filesystem::path db;
    store::ResponseStore& store;
    const SurveyConfig& survey;
  };

  Runner(Kiosk& kiosk, ManualClock& clock, SDL_Renderer* renderer, std::filesystem::path screenshots,
         FleetSurveys& fleet, Data data)
      : kiosk_(kiosk),
        clock_(clock),
        renderer_(renderer),
        screenshots_(std::move(screenshots)),
        fleet_(fleet),
        data_(data) {}

  void run(const ScriptLine& l) {
    const auto& a = l.args;
    if (l.command == "tap") {
      const ImVec2 p = a.size() == 2 ? point(a[0], a[1]) : find(a[0]).rect.GetCenter();
      tap(p, tap_pace_ms);
    } else if (l.command == "double-tap") {
      const ImVec2 p = a.size() == 2 ? point(a[0], a[1]) : find(a[0]).rect.GetCenter();
      tap(p, tap_pace_ms);
      tap(p, 80);
    } else if (l.command == "touch") {
      touch(std::stof(a[0].text), std::stof(a[1].text));
    } else if (l.command == "drag") {
      drag(point(a[0], a[1]), point(a[2], a[3]));
    } else if (l.command == "hold") {
      hold(point(a[0], a[1]), static_cast<Millis>(std::stod(a[2].text) * 1000));
    } else if (l.command == "type") {
      type(a[0].text);
    } else if (l.command == "wait") {
      pass(static_cast<Millis>(std::stod(a[0].text)));
    } else if (l.command == "advance") {
      const double seconds = std::stod(a[0].text);
      if (seconds < 0) throw ScriptFailure("advance moves time forward; to step the wall clock back, use step-clock");
      clock_.advance(static_cast<Millis>(seconds * 1000));
      settle();
    } else if (l.command == "clock") {
      // Local wall-clock time (TZ), as the opening hours are written. Only the wall clock
      // moves, as when NTP steps it: no time passes for the timers.
      const auto as_utc = parse_iso8601(a[0].text);
      if (!as_utc) throw ScriptFailure("clock expects a local time like 2026-11-30T07:59, got " + a[0].text);
      clock_.set_wall(from_local_wall(*as_utc));
      kiosk_.tick();
      settle();
    } else if (l.command == "step-clock") {
      // The wall clock jumps by so many hours (negative: back), as NTP steps it on a board
      // that booted without a real-time clock; no time passes for the timers.
      clock_.set_wall(clock_.now().wall + static_cast<Millis>(std::stod(a[0].text) * 3'600'000));
      kiosk_.tick();
      settle();
    } else if (l.command == "lang") {
      tap(find({"#lang." + a[0].text, false}).rect.GetCenter(), tap_pace_ms);
      if (kiosk_.state().language != a[0].text) throw ScriptFailure("the language did not change to " + a[0].text);
    } else if (l.command == "expect" || l.command == "expect-not") {
      settle();
      bool seen = false;
      for (const auto& t : kiosk_.record().texts) seen |= as_typed(t.text).find(a[0].text) != std::string::npos;
      if (l.command == "expect" && !seen)
        throw ScriptFailure("expected \"" + a[0].text + "\" on screen; shown: " + shown_texts());
      if (l.command == "expect-not" && seen) throw ScriptFailure("\"" + a[0].text + "\" is on screen but must not be");
    } else if (l.command == "disk") {
      disk(a[0].text);
      settle();
    } else if (l.command == "stage-survey") {
      stage_survey(a[0].text);
    } else if (l.command == "expect-survey") {
      settle();
      if (kiosk_.survey().survey_version != a[0].text)
        throw ScriptFailure("expected survey " + a[0].text + ", the kiosk runs " + kiosk_.survey().survey_version);
    } else if (l.command == "monkey") {
      monkey(std::stoull(a[0].text), std::stol(a[1].text));
    } else if (l.command == "screenshot") {
      settle();
      kiosk_.frame(true);
      write_png(renderer_, screenshots_ / (a[0].text + ".png"));
    }
  }

  // What the sync worker does with a download it checked: the file goes into the staging slot.
  void stage_survey(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ScriptFailure("stage-survey: cannot read " + file);
    std::ostringstream text;
    text << in.rdbuf();
    const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
    const std::string version = doc.is_object() && doc.contains("version") && doc["version"].is_string()
                                    ? doc["version"].get<std::string>()
                                    : file;
    fleet_.folder().stage({"\"" + version + "\"", text.str()});
    kiosk_.tick();
    settle();
  }

  // `count` random actions from `seed` (monkey.hpp), each followed by the invariants'
  // check (monkey_invariants.hpp). A failure names the seed, the step and the actions before
  // it; a crash leaves the last progress line on stderr.
  void monkey(std::uint64_t seed, long count) {
    MonkeyDice dice(seed);
    MonkeyInvariants invariants(data_.db, data_.store, data_.survey);
    invariants.check(kiosk_.state(), kiosk_.record());
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(renderer_, &width, &height);
    std::deque<std::string> recent;
    for (long step = 1; step <= count; ++step) {
      std::string action;
      try {
        monkey_step(dice, static_cast<float>(width), static_cast<float>(height), action);
        invariants.check(kiosk_.state(), kiosk_.record());
      } catch (const std::exception& e) {
        std::string trail;
        for (const auto& r : recent) trail += "\n  " + r;
        throw ScriptFailure("monkey " + std::to_string(seed) + " " + std::to_string(count) + " failed at step " +
                            std::to_string(step) + " (" + action + "): " + e.what() +
                            "\nthe actions before it:" + trail);
      }
      recent.push_back(std::move(action));
      if (recent.size() > 12) recent.pop_front();
      if (step % 1000 == 0) std::cerr << "monkey " << seed << ": " << step << " of " << count << " actions\n";
    }
  }

  // One random action, described in `action` before it runs (for the failure message).
  void monkey_step(MonkeyDice& dice, float width, float height, std::string& action) {
    settle();
    const auto anywhere = [&] { return ImVec2(dice.between(0, width), dice.between(0, height)); };
    const auto at = [](ImVec2 p) {
      return std::to_string(static_cast<int>(p.x)) + " " + std::to_string(static_cast<int>(p.y));
    };
    std::vector<ui::Tappable> tappables = kiosk_.record().tappables;  // a copy: taps redraw the record
    std::vector<ui::Tappable> languages;
    for (const auto& t : tappables)
      if (t.id.starts_with("lang.")) languages.push_back(t);
    const int roll = dice.below(100);
    if (roll < 35 && !tappables.empty()) {
      const auto& t = tappables[static_cast<std::size_t>(dice.below(static_cast<int>(tappables.size())))];
      const bool quick = dice.chance(0.1);  // now and then a double tap
      action = std::string(quick ? "double-" : "") + "tap #" + t.id + " \"" + t.label + "\"";
      tap(t.rect.GetCenter(), quick ? 80 : tap_pace_ms);
    } else if (roll < 50) {
      const ImVec2 p = anywhere();
      action = "tap " + at(p);
      tap(p, tap_pace_ms);
    } else if (roll < 58) {
      const ImVec2 from = anywhere(), to = anywhere();
      action = "drag " + at(from) + " " + at(to);
      drag(from, to);
    } else if (roll < 62) {
      const ImVec2 p = anywhere();
      const float seconds = dice.between(0.1f, 5.0f);
      action = "hold " + at(p) + " " + std::to_string(seconds);
      hold(p, static_cast<Millis>(seconds * 1000));
    } else if (roll < 65) {
      action = "hold 20 20 3.2 (the staff gesture)";
      hold(ImVec2(20, 20), 3200);
    } else if (roll < 78) {
      const std::string text = dice.text();
      action = "text input of " + std::to_string(text.size()) + " bytes";
      kiosk_.type_text(text);
      settle();
    } else if (roll < 81) {
      const int times = dice.below(20) + 1;
      action = "backspace x" + std::to_string(times);
      for (int i = 0; i < times; ++i) kiosk_.backspace();
      settle();
    } else if (roll < 86 && !languages.empty()) {
      const auto& t = languages[static_cast<std::size_t>(dice.below(static_cast<int>(languages.size())))];
      action = "lang " + t.id.substr(5);
      tap(t.rect.GetCenter(), tap_pace_ms);
    } else {
      // Mostly seconds; sometimes past the idle and logout timeouts; now and then a night.
      const float seconds = dice.chance(0.02)   ? dice.between(3600, 30 * 3600)
                            : dice.chance(0.15) ? dice.between(30, 600)
                                                : dice.between(0, 10);
      action = "advance " + std::to_string(seconds);
      clock_.advance(static_cast<Millis>(seconds * 1000));
      settle();
    }
  }

  // Screen text as a script author types it: a no-break space (kept between a number and
  // its unit so they never wrap apart) compares as a plain space.
  static std::string as_typed(std::string text) {
    for (std::size_t at; (at = text.find("\u00a0")) != std::string::npos;) text.replace(at, 2, " ");
    return text;
  }

  void settle() {
    kiosk_.tick();
    do {
      // Queries on another thread take real time, never script time.
      while (kiosk_.background_busy()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        kiosk_.tick();
      }
      kiosk_.frame(false);
    } while (kiosk_.background_busy() || (kiosk_.next_frame_at() && *kiosk_.next_frame_at() <= clock_.now().steady));
  }

 private:
  ImVec2 point(const ScriptArg& x, const ScriptArg& y) const { return ImVec2(std::stof(x.text), std::stof(y.text)); }

  const ui::Tappable& find(const ScriptArg& what) {
    settle();
    const bool by_id = !what.quoted && what.text.starts_with('#');
    for (const auto& t : kiosk_.record().tappables)
      if (by_id ? t.id == what.text.substr(1) : t.label == what.text) return t;
    std::string labels;
    for (const auto& t : kiosk_.record().tappables) labels += (labels.empty() ? "\"" : ", \"") + t.label + "\"";
    throw ScriptFailure("nothing to tap labelled \"" + what.text + "\" on screen " +
                        ui::screen_name(kiosk_.state().screen) + "; tappable: " + labels);
  }

  std::string shown_texts() const {
    std::string out;
    for (const auto& t : kiosk_.record().texts) {
      if (out.size() > 600) return out + ", ...";
      out += (out.empty() ? "\"" : ", \"") + t.text + "\"";
    }
    return out;
  }

  // A mouse event at the panel pixel that shows logical point (x, y), through TouchInput as
  // the windowed kiosk's events go: a rotated kiosk is tapped where its picture shows.
  void mouse(Uint32 type, float x, float y) {
    const ui::PanelPoint p = kiosk_.panel().to_physical({x, y});
    SDL_Event e{};
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
      e.motion.x = static_cast<Sint32>(std::lround(p.x));
      e.motion.y = static_cast<Sint32>(std::lround(p.y));
      e.motion.state = SDL_BUTTON_LMASK;
    } else {
      e.button.button = SDL_BUTTON_LEFT;
      e.button.x = static_cast<Sint32>(std::lround(p.x));
      e.button.y = static_cast<Sint32>(std::lround(p.y));
    }
    input_.handle(e, kiosk_);
  }

  // A finger on the raw panel at pixel (x, y), before calibration and rotation: real SDL
  // finger events through SDL's queue into TouchInput, as from a touch screen.
  void touch(float x, float y) {
    pass(tap_pace_ms);
    const float nx = x / static_cast<float>(kiosk_.panel().physical_width());
    const float ny = y / static_cast<float>(kiosk_.panel().physical_height());
    for (const Uint32 type : {SDL_FINGERDOWN, SDL_FINGERUP}) {
      SDL_Event e{};
      e.type = type;
      e.tfinger.touchId = 1;
      e.tfinger.fingerId = 1;
      e.tfinger.x = nx;
      e.tfinger.y = ny;
      e.tfinger.pressure = type == SDL_FINGERDOWN ? 1.0f : 0.0f;
      if (SDL_PushEvent(&e) < 0) throw ScriptFailure(std::string("cannot queue a touch: ") + SDL_GetError());
      for (SDL_Event got; SDL_PollEvent(&got);) input_.handle(got, kiosk_);
      kiosk_.frame(false);
      if (type == SDL_FINGERDOWN) clock_.advance(press_ms);
    }
    settle();
  }

  // `pace` of time to look first (as a person would), then press, a short hold, release.
  void tap(ImVec2 p, Millis pace) {
    pass(pace);
    mouse(SDL_MOUSEBUTTONDOWN, p.x, p.y);
    kiosk_.frame(false);
    clock_.advance(press_ms);
    mouse(SDL_MOUSEBUTTONUP, p.x, p.y);
    kiosk_.frame(false);
    settle();
  }

  void hold(ImVec2 p, Millis ms) {
    pass(tap_pace_ms);
    mouse(SDL_MOUSEBUTTONDOWN, p.x, p.y);
    kiosk_.frame(false);
    pass(ms);  // frames keep coming while the finger stays down
    mouse(SDL_MOUSEBUTTONUP, p.x, p.y);
    kiosk_.frame(false);
    settle();
  }

  void drag(ImVec2 from, ImVec2 to) {
    pass(tap_pace_ms);
    mouse(SDL_MOUSEBUTTONDOWN, from.x, from.y);
    kiosk_.frame(false);
    for (int i = 1; i <= 10; ++i) {
      clock_.advance(16);
      const float t = static_cast<float>(i) / 10.0f;
      mouse(SDL_MOUSEMOTION, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
      kiosk_.frame(false);
    }
    mouse(SDL_MOUSEBUTTONUP, to.x, to.y);
    kiosk_.frame(false);
    settle();
  }

  // Lets `ms` of kiosk time go by, drawing frames where the kiosk wants them.
  void pass(Millis ms) {
    const Millis end = clock_.now().steady + ms;
    for (;;) {
      const Millis now = clock_.now().steady;
      if (now >= end) break;
      const auto due = kiosk_.next_frame_at();
      const Millis step = due ? std::clamp<Millis>(*due - now, 1, end - now) : end - now;
      clock_.advance(step);
      kiosk_.tick();
      kiosk_.frame(false);
    }
    settle();
  }

  // The test's small file system (see script.hpp); never anything else.
  static void disk(const std::string& what) {
    const char* dir = std::getenv("HEARD_TEST_DISK");
    if (!dir || !*dir) throw ScriptFailure("disk works only under ui_script_test's #small-disk (no HEARD_TEST_DISK)");
    const std::filesystem::path filler = std::filesystem::path(dir) / "filler";
    if (what == "free") {
      std::filesystem::remove(filler);
    } else if (what == "writable") {
      if (::mount(nullptr, dir, nullptr, MS_REMOUNT, nullptr) != 0)
        throw ScriptFailure(std::string("cannot remount ") + dir + " read-write: " + std::strerror(errno));
    } else {
      struct statvfs fs {};
      const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT, 0600);
      const off_t end = fd >= 0 ? ::lseek(fd, 0, SEEK_END) : -1;
      const bool ok =
          end >= 0 && ::statvfs(dir, &fs) == 0 &&
          (fs.f_bavail == 0 || ::posix_fallocate(fd, end, static_cast<off_t>(fs.f_bavail * fs.f_frsize)) == 0);
      if (fd >= 0) ::close(fd);
      if (!ok) throw ScriptFailure(std::string("cannot fill ") + dir);
    }
  }

  // Types through the on-screen keyboard, turning its pages ("more letters") and switching
  // shift and the symbol layer as needed, as a person looking for the key would.
  void type(const std::string& text) {
    Millis pace = tap_pace_ms;  // find the keyboard first, then type at a brisk pace
    auto key = [&](std::string_view types) -> const ui::Tappable* {
      for (const auto& t : kiosk_.record().tappables)
        if (t.types == types) return &t;
      return nullptr;
    };
    auto tap_key = [&](const ui::Tappable* t) {
      if (t) tap(t->rect.GetCenter(), pace);
      pace = key_pace_ms;
    };
    for (std::size_t i = 0; i < text.size();) {
      std::size_t n = 1;
      const auto lead = static_cast<unsigned char>(text[i]);
      if (lead >= 0xf0) n = 4;
      else if (lead >= 0xe0) n = 3;
      else if (lead >= 0xc0) n = 2;
      const std::string ch = text.substr(i, n);
      i += n;
      bool typed = false;
      // Every page of this layer (until the page key shows the first page's label again),
      // then the other shift state, the other layer, and both.
      int layer_changes = 0;
      std::string first_page;
      while (!typed && layer_changes < 4) {
        settle();
        const ui::Tappable* page = key(ui::key_page);
        if (const ui::Tappable* k = key(ch)) {
          tap_key(k);
          typed = true;
        } else if (page && page->label != first_page) {
          if (first_page.empty()) first_page = page->label;
          tap_key(page);
        } else {
          first_page.clear();
          tap_key(key(layer_changes++ % 2 == 0 ? ui::key_shift : ui::key_symbols));
        }
      }
      if (!typed) throw ScriptFailure("no key on the on-screen keyboard types \"" + ch + "\"");
    }
  }

  Kiosk& kiosk_;
  ManualClock& clock_;
  TouchInput input_;
  SDL_Renderer* renderer_;
  std::filesystem::path screenshots_;
  FleetSurveys& fleet_;
  Data data_;
};

struct TempDatabase {
  std::filesystem::path dir;
  TempDatabase() {
    std::string pattern = (std::filesystem::temp_directory_path() / "heard-kiosk-XXXXXX").string();
    if (::mkdtemp(pattern.data())) dir = pattern;
  }
  ~TempDatabase() {
    std::error_code ignored;
    if (!dir.empty()) std::filesystem::remove_all(dir, ignored);
  }
};

}  // namespace

int run_headless(const Options& o, const config::DeviceConfig& device, const SurveyConfig& survey,
                 const ui::Translations& translations) {
  std::vector<ScriptLine> script;
  try {
    script = parse_script(o.script);
  } catch (const ScriptError& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  ::setenv("SDL_VIDEODRIVER", "dummy", 1);
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::cerr << "heard-kiosk: cannot start SDL's dummy video driver: " << SDL_GetError() << "\n";
    return 1;
  }
  std::unique_ptr<SDL_Surface, decltype(&SDL_FreeSurface)> surface(
      SDL_CreateRGBSurfaceWithFormat(0, o.size.width, o.size.height, 32, SDL_PIXELFORMAT_ARGB8888), SDL_FreeSurface);
  SDL_Renderer* renderer = surface ? SDL_CreateSoftwareRenderer(surface.get()) : nullptr;
  if (!renderer) {
    std::cerr << "heard-kiosk: cannot create the software renderer: " << SDL_GetError() << "\n";
    return 1;
  }
  TempDatabase temp;  // without --db a script never touches a real database, not even heard.conf's
  const auto db = o.db ? *o.db : temp.dir / "heard.db";
  int status = 0;
  {
    // A full or read-only disk at start shows the notice (and retries) rather than exit.
    store::ResponseStore store(db, store::WhenUnavailable::wait);
    // Script time is simulated: it starts at the real date (scripts that care set `clock`),
    // and only `advance`, `wait` and the taps' own pace move it, never real elapsed time.
    // The steady reading starts well above zero, as a device's uptime would after boot.
    ManualClock clock(Now{system_now_ms(), 1'000'000'000});
    complete_left_in_progress(store, clock.now().wall);
    FleetSurveys fleet(device, sync::ConfigFolder::beside(db), survey, translations);
    ui::KioskFonts fonts(fleet.running().translations, fleet.running().survey);
    Kiosk kiosk(fleet.running().survey, fleet.running().translations, fonts, store, device.kiosk_id, renderer,
                ui::Panel(o.size.width, o.size.height, device.display.rotation, device.display.touch_calibration),
                device.display.dpi, clock);
    kiosk.sleep_outside(device.display.opening_hours);
    kiosk.staff().configure(staff_settings(device));
    kiosk.survey_updates(&fleet);
    Runner runner(kiosk, clock, renderer, o.screenshots, fleet, {db, store, survey});
    runner.settle();
    for (const auto& line : script) {
      try {
        runner.run(line);
      } catch (const std::exception& e) {
        std::cerr << o.script.filename().string() << ":" << line.number << ": " << e.what() << "\n";
        status = 1;
        break;
      }
    }
  }
  SDL_DestroyRenderer(renderer);
  SDL_Quit();
  return status;
}

}  // namespace heard::kiosk
