// The headless driver: the real kiosk on SDL's dummy video driver, drawn by the software
// renderer into a plain SDL_Surface (no window at all), driven by a script of taps.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <functional>
#include <iostream>
#include <memory>

#include "core/log.hpp"
#include "kiosk_app.hpp"
#include "kiosk_config.hpp"
#include "png.hpp"
#include "programs.hpp"
#include "script.hpp"
#include "script_driver.hpp"
#include "store/response_store.hpp"
#include "touch_input.hpp"

namespace heard::kiosk {

namespace {

class ScriptFailure : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

constexpr Millis tap_pace_ms = ScriptDriver::tap_pace_ms;
constexpr Millis key_pace_ms = 120;
constexpr Millis press_ms = 60;

class Runner : public ScriptDriver {
 public:
  // What commands added by the program read besides the screen: the database file, the
  // kiosk's store and the survey it started on.
  struct Data {
    std::filesystem::path db;
    store::ResponseStore& store;
    const SurveyConfig& survey;
  };

  Runner(Kiosk& kiosk, ManualClock& clock, SDL_Renderer* renderer, std::filesystem::path screenshots,
         FleetSurveys& fleet, Data data, const ScriptCommands& extra)
      : kiosk_(kiosk),
        clock_(clock),
        renderer_(renderer),
        screenshots_(std::move(screenshots)),
        fleet_(fleet),
        data_(data),
        extra_(extra) {}

  Kiosk& kiosk() override { return kiosk_; }
  ManualClock& clock() override { return clock_; }
  FleetSurveys& fleet() override { return fleet_; }
  ImVec2 screen_size() override {
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(renderer_, &width, &height);
    return ImVec2(static_cast<float>(width), static_cast<float>(height));
  }
  const std::filesystem::path& database() override { return data_.db; }
  store::ResponseStore& store() override { return data_.store; }
  const SurveyConfig& local_survey() override { return data_.survey; }

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
    } else if (l.command == "screenshot") {
      settle();
      kiosk_.frame(true);
      write_png(renderer_, screenshots_ / (a[0].text + ".png"));
    } else if (auto added = extra_.find(l.command); added != extra_.end()) {
      added->second.run(*this, l);
    }
  }

  // Screen text as a script author types it: a no-break space (kept between a number and
  // its unit so they never wrap apart) compares as a plain space.
  static std::string as_typed(std::string text) {
    for (std::size_t at; (at = text.find("\u00a0")) != std::string::npos;) text.replace(at, 2, " ");
    return text;
  }

  void settle() override {
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
  void tap(ImVec2 p, Millis pace) override {
    pass(pace);
    press(p, [&] { clock_.advance(press_ms); });
  }

  void hold(ImVec2 p, Millis ms) override {
    pass(tap_pace_ms);
    press(p, [&] { pass(ms); });  // frames keep coming while the finger stays down
  }

  // The finger down at `p`, `meanwhile` (time passing), the finger up.
  void press(ImVec2 p, const std::function<void()>& meanwhile) {
    mouse(SDL_MOUSEBUTTONDOWN, p.x, p.y);
    kiosk_.frame(false);
    meanwhile();
    mouse(SDL_MOUSEBUTTONUP, p.x, p.y);
    kiosk_.frame(false);
    settle();
  }

  void drag(ImVec2 from, ImVec2 to) override {
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
  const ScriptCommands& extra_;
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
                 const ui::Translations& translations, const ScriptCommands& extra) {
  std::vector<ScriptLine> script;
  try {
    script = parse_script(o.script, extra);
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
    Runner runner(kiosk, clock, renderer, o.screenshots, fleet, {db, store, survey}, extra);
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
