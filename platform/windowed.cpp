// The kiosk on a real display: full screen (or a window on desks), hardware renderer when
// there is one, and an event-driven loop that sleeps in SDL_WaitEventTimeout until input or
// the flow's next deadline, so an idle kiosk uses next to no CPU.
#include <algorithm>
#include <climits>
#include <filesystem>
#include <iostream>

#include "config/device_config.hpp"
#include "core/log.hpp"
#include "backlight.hpp"
#include "kiosk_app.hpp"
#include "service_notify.hpp"
#include "programs.hpp"
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

SDL_Renderer* create_renderer(SDL_Window* window, bool software_only) {
  if (!software_only)
    if (SDL_Renderer* r = SDL_CreateRenderer(window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC)) return r;
  // Straight to the window's framebuffer: an accelerated framebuffer would load a GL stack
  // (around 100 MB of RSS) only to copy our pixels.
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  return SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
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
  ui::KioskFonts fonts(translations, survey);
  const auto start_fonts = [&](int width, int height) {
    fonts.start(ui::metrics_for(panel_of(width, height), display.dpi, false));
  };
  if (o.windowed) start_fonts(o.windowed->width, o.windowed->height);
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");  // fingers come as finger events only
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  const VideoDriverResult video = init_video(display.video_drivers);
  if (!video.driver) return no_display(video.failures);
  log::info("heard-kiosk: video driver " + *video.driver +
            (video.failures.empty() ? "" : " (" + video.failures + ")"));
  // Only once there is a display: without one, the no-display line is all the kiosk prints.
  log::info("heard-kiosk: configuration " + (device.file.empty() ? std::string("built in (no file)") : device.file.string()));

  // Full screen takes the desktop's mode; if the window comes out another size after all,
  // the first frame rasterises again at the right one.
  if (SDL_DisplayMode mode{}; !o.windowed && SDL_GetDesktopDisplayMode(0, &mode) == 0) start_fonts(mode.w, mode.h);
  const Uint32 flags = o.windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
  const Size size = o.windowed ? *o.windowed : Size{1280, 800};
  SDL_Window* window = SDL_CreateWindow("Heard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, size.width,
                                        size.height, flags);
  if (!window) {
    const int code = no_display(*video.driver + ": " + SDL_GetError());
    SDL_Quit();
    return code;
  }
  SDL_Renderer* renderer = create_renderer(window, display.software_renderer);
  if (!renderer) {
    std::cerr << "heard-kiosk: cannot create a renderer: " << SDL_GetError() << "\n";
    SDL_DestroyWindow(window);
    SDL_Quit();
    return 1;
  }
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer, &info);
  log::info(std::string("heard-kiosk: renderer ") + info.name);
  // A touch screen: no arrow in the middle of the faces (in a window too: only over it).
  if (display.hide_cursor) SDL_ShowCursor(SDL_DISABLE);

  int status = 0;
  {
    // A full or read-only disk at start shows the notice (and retries) rather than exit.
    store::ResponseStore store(device.database, store::WhenUnavailable::wait);
    const SystemClock clock;
    complete_left_in_progress(store, clock.now().wall);
    int width = 0, height = 0;
    SDL_GetRendererOutputSize(renderer, &width, &height);
    Kiosk kiosk(survey, translations, fonts, store, device.kiosk_id, renderer, panel_of(width, height), display.dpi,
                clock);
    sync::SyncWorker sync_worker(device.sync, device.database);  // its own thread and connection
    if (const auto status = sync_worker.status(); !status.detail.empty())
      log::info("heard-kiosk: sync " + status.detail);
    kiosk.on_response_complete([&sync_worker](const Response& r) { sync_worker.notify_saved(r.urgent); });
    kiosk.staff().sync_controls([&sync_worker] { return sync_worker.status(); },
                                [&sync_worker] { sync_worker.notify_saved(true); });
    kiosk.sleep_outside(display.opening_hours);
    kiosk.staff().device_paths(device.usb_export_dir, device.assets);
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
      Millis wait = due ? std::clamp<Millis>(*due - clock.now().steady, 0, INT_MAX) : -1;
      if (const auto cap = service.max_sleep()) wait = wait < 0 ? *cap : std::min(wait, *cap);
      SDL_Event e;
      const bool got = wait < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, static_cast<int>(wait));
      draw = due && *due <= clock.now().steady;
      for (bool more = got; more; more = SDL_PollEvent(&e)) {
        if (e.type == SDL_QUIT) running = false;
        draw |= input.handle(e, kiosk);
      }
      draw |= kiosk.tick();
      backlight.set(kiosk.screen_on());
    }
  }
  SDL_DestroyRenderer(renderer);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return status;
}

}  // namespace heard::kiosk
