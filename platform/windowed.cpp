// The kiosk on a real display: full screen (or a window on desks), hardware renderer when
// there is one, and an event-driven loop that sleeps in SDL_WaitEventTimeout until input or
// the flow's next deadline, so an idle kiosk uses next to no CPU.
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>

#include "backlight.hpp"
#include "config/device_config.hpp"
#include "core/log.hpp"
#include "kiosk_app.hpp"
#include "kiosk_config.hpp"
#include "programs.hpp"
#include "renderer_choice.hpp"
#include "service_notify.hpp"
#include "store/response_store.hpp"
#include "sync/worker.hpp"
#include "touch_input.hpp"
#include "video_driver.hpp"

namespace heard::kiosk {

namespace {

int no_display(const std::string& why) {
  std::cerr << "heard-kiosk: no display available (" << why
            << "). Run it under a kiosk compositor such as cage, or use --headless --script FILE.\n";
  return 2;
}

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v;
}

// See renderer_choice.hpp for which and why.
SDL_Renderer* create_renderer(SDL_Window* window, bool software, const std::string& driver) {
  if (!software) {
    // SDL's desktop-OpenGL renderer showed only black under cage; its OpenGL ES 2 one draws.
    // ($SDL_RENDER_DRIVER still wins: a normal-priority hint never overrides the environment.)
    if (driver == "wayland") SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengles2");
    if (SDL_Renderer* r = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC))
      return r;
    log::warning(std::string("heard-kiosk: no accelerated renderer (") + SDL_GetError() + "), drawing in software");
  }
  // Straight to the window's framebuffer: an accelerated framebuffer would load a GL stack
  // (around 90 MB of RSS) only to copy our pixels. SDL's Wayland driver has no framebuffer of
  // its own: there the window's pixels go up as an OpenGL ES 2 texture.
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, driver == "wayland" ? "opengles2" : "0");
  if (SDL_Renderer* r = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE)) return r;
  if (!software) return nullptr;
  // Configured software, but this driver cannot give the software renderer a framebuffer.
  log::warning(std::string("heard-kiosk: cannot draw in software on ") + driver + " (" + SDL_GetError() +
               "), trying the accelerated renderer");
  return SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
}

// The probe (a child process) and the choice.
RendererChoice choose(const config::DisplayConfig& display, const std::string& driver) {
  // $HEARD_RENDERER=accelerated skips the probe and draws as before it existed (for the
  // benchmark's comparison, or a GPU the probe misjudges); =software as --software.
  const std::string forced = env_set("HEARD_RENDERER") ? std::getenv("HEARD_RENDERER") : "";
  if (forced == "accelerated") return {false, "accelerated renderer ($HEARD_RENDERER)"};
  const bool software = display.software_renderer || forced == "software";
  std::optional<std::string> gl;
  std::string probe_failure;
  // Only inside a session: on the console (kmsdrm) a probe would take the display from the kiosk.
  if (!software && (driver == "x11" || driver == "wayland")) gl = probe_gl_renderer(driver, probe_failure);
  else if (!software) probe_failure = "not probed on " + driver;
  return choose_renderer(driver, software, gl, probe_failure);
}

// A window at the output's size and its renderer; when there is none, the exit code (and
// SDL is shut down).
struct Screen {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  int failed = 0;
};

Screen open_screen(const Options& o, const config::DisplayConfig& display, const std::string& driver, bool software,
                   const std::function<void(int, int)>& start_fonts) {
  // Full screen takes the desktop's mode; if the window comes out another size after all,
  // the first frame rasterises again at the right one.
  if (SDL_DisplayMode mode{}; !o.windowed && SDL_GetDesktopDisplayMode(0, &mode) == 0) start_fonts(mode.w, mode.h);
  const Uint32 flags = o.windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
  // Full screen at the output's size from the start (under cage, a window made 1280x800 on a
  // 720-line output kept an 800-line GL surface until a later configure).
  Size size = o.windowed ? *o.windowed : Size{1280, 800};
  if (SDL_DisplayMode mode{}; !o.windowed && SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.w > 0 && mode.h > 0)
    size = {mode.w, mode.h};
  Screen screen;
  screen.window =
      SDL_CreateWindow("Heard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, size.width, size.height, flags);
  if (!screen.window) {
    screen.failed = no_display(driver + ": " + SDL_GetError());
    SDL_Quit();
    return screen;
  }
  screen.renderer = create_renderer(screen.window, software, driver);
  if (!screen.renderer) {
    std::cerr << "heard-kiosk: cannot create a renderer: " << SDL_GetError() << "\n";
    SDL_DestroyWindow(screen.window);
    SDL_Quit();
    screen.failed = 1;
    return screen;
  }
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(screen.renderer, &info);
  log::info(std::string("heard-kiosk: renderer ") + info.name);
  // A touch screen: no arrow in the middle of the faces (in a window too: only over it).
  if (display.hide_cursor) SDL_ShowCursor(SDL_DISABLE);
  return screen;
}

// The sync worker's hooks: a saved response wakes it (at once when urgent), staff mode's sync
// panel shows its status and can wake it.
void wire_sync(Kiosk& kiosk, sync::SyncWorker& worker) {
  if (const auto status = worker.status(); !status.detail.empty()) log::info("heard-kiosk: sync " + status.detail);
  kiosk.on_response_complete([&worker](const Response& r) { worker.notify_saved(r.urgent); });
  kiosk.sync_controls([&worker] { return worker.status(); }, [&worker] { worker.notify_saved(true); });
}

// How long the loop may sleep in SDL: until the kiosk's next wake, capped by the watchdog's
// interval; -1 is "until an event".
Millis sleep_ms(const Kiosk& kiosk, const ServiceNotifier& service, Millis now) {
  const auto wake = kiosk.next_wake_at();
  Millis wait = wake ? std::clamp<Millis>(*wake - now, 0, INT_MAX) : -1;
  if (const auto cap = service.max_sleep()) wait = wait < 0 ? *cap : std::min(wait, *cap);
  return wait;
}

// The output's real size, also after a late configure (a compositor that sizes the window
// after it is shown), whatever the events said: true when the kiosk was laid out again.
bool follow_output_size(Kiosk& kiosk, SDL_Renderer* renderer, int laid_width, int laid_height) {
  bool resized = false;
  if (int w = 0, h = 0; SDL_GetRendererOutputSize(renderer, &w, &h) == 0 && w > 0 && h > 0 &&
                        (w != kiosk.panel().physical_width() || h != kiosk.panel().physical_height())) {
    kiosk.resize(w, h);
    resized = true;
  }
  if (kiosk.panel().physical_width() != laid_width || kiosk.panel().physical_height() != laid_height)
    log::info("heard-kiosk: output " + std::to_string(kiosk.panel().physical_width()) + "x" +
              std::to_string(kiosk.panel().physical_height()) + ", laid out again");
  return resized;
}

// Draws when due and sleeps in SDL until input or the next deadline, until SDL_QUIT.
void event_loop(Kiosk& kiosk, SDL_Renderer* renderer, const Clock& clock, const config::DisplayConfig& display) {
  Backlight backlight(display.backlight_power);
  TouchInput input;
  ServiceNotifier service;
  bool draw = true, first = true;
  for (bool running = true; running;) {
    if (draw) {
      kiosk.frame();
      SDL_RenderPresent(renderer);
      if (first) {
        log::info("heard-kiosk: first frame");  // start-up time is measured to here
        service.ready();
      }
      first = false;
    }
    // Fed from the loop itself: if the UI thread hangs, the watchdog restarts the kiosk.
    service.alive(clock.now().steady);
    const auto due = kiosk.next_frame_at();  // steady clock, as every wait here
    const Millis wait = sleep_ms(kiosk, service, clock.now().steady);
    SDL_Event e;
    const bool got = wait < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, static_cast<int>(wait));
    draw = due && *due <= clock.now().steady;
    const int laid_width = kiosk.panel().physical_width(), laid_height = kiosk.panel().physical_height();
    for (bool more = got; more; more = SDL_PollEvent(&e)) {
      if (e.type == SDL_QUIT) running = false;
      draw |= input.handle(e, kiosk);
    }
    draw |= follow_output_size(kiosk, renderer, laid_width, laid_height);
    draw |= kiosk.tick();
    backlight.set(kiosk.screen_on());
  }
}

}  // namespace

int run_windowed(const Options& o, const config::DeviceConfig& device, const SurveyConfig& survey,
                 const ui::Translations& translations) {
  const config::DisplayConfig& display = device.display;
  // Rasterising the fonts is the biggest part of start-up we control, so it starts on its own
  // thread as soon as the screen's size is known, and the display's set-up overlaps it.
  const auto panel_of = [&display](int width, int height) {
    return ui::Panel(width, height, display.rotation, display.touch_calibration);
  };
  // The last survey published by the hub that loaded here, else the local file.
  FleetSurveys fleet(device, sync::ConfigFolder::beside(device.database), survey, translations);
  ui::KioskFonts fonts(fleet.running().translations, fleet.running().survey);
  const auto start_fonts = [&](int width, int height) {
    fonts.start(ui::metrics_for(panel_of(width, height), display.dpi, false));
  };
  if (o.windowed) start_fonts(o.windowed->width, o.windowed->height);
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  // fingers come as finger events only
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  const VideoDriverResult video = init_video(display.video_drivers);
  if (!video.driver) return no_display(video.failures);
  const std::string driver = *video.driver;
  log::info("heard-kiosk: video driver " + driver + (video.failures.empty() ? "" : " (" + video.failures + ")"));
  const RendererChoice choice = choose(display, driver);
  log::info("heard-kiosk: " + choice.why);
  // Only once there is a display: without one, the no-display line is all the kiosk prints.
  log::info("heard-kiosk: configuration " +
            (device.file.empty() ? std::string("built in (no file)") : device.file.string()));
  const Screen screen = open_screen(o, display, driver, choice.software, start_fonts);
  if (screen.failed) return screen.failed;
  {
    // A full or read-only disk at start shows the notice (and retries) rather than exit.
    store::ResponseStore store(device.database, store::WhenUnavailable::wait);
    const SystemClock clock;
    complete_left_in_progress(store, clock.now().wall);
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(screen.renderer, &width, &height);
    Kiosk kiosk(fleet.running().survey, fleet.running().translations, fonts, store, device.kiosk_id, screen.renderer,
                panel_of(width, height), display.dpi, clock);
    kiosk.survey_updates(&fleet);
    sync::SyncWorker sync_worker(device.sync, device.database);  // its own thread and connection
    wire_sync(kiosk, sync_worker);
    kiosk.sleep_outside(display.opening_hours);
    kiosk.staff().configure(staff_settings(device));
    event_loop(kiosk, screen.renderer, clock, display);
  }
  SDL_DestroyRenderer(screen.renderer);
  SDL_DestroyWindow(screen.window);
  SDL_Quit();
  return 0;
}

}  // namespace heard::kiosk
