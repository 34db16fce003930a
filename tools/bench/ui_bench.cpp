// UI benchmarks, run by tools/bench/ui_bench (never part of the tests).
//   bench_ui frames [--size WxH] [--frames N] [--rotation DEG]
//       The real kiosk (platform/kiosk_app.cpp, the real heard_ui screens) on SDL's software
//       renderer with no display: walks every customer screen and times N painted frames of
//       each, printing p50/p99/max per screen. Exits 1 when a screen's p99 is over 16 ms.
//   bench_ui blank [--windowed WxH]
//       The baseline for start-up: the least an SDL program linked like the kiosk can show,
//       one window cleared and presented once with the software renderer; logs "first frame"
//       then waits to be stopped.
//   bench_ui naive [--windowed WxH]
//       The baseline for idle CPU: the same SDL window, renderer and kiosk, but the loop of
//       the ImGui examples, which polls and redraws every frame whether anything changed.
#include <SDL.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/survey.hpp"
#include "core/uuid.hpp"
#include "kiosk_app.hpp"
#include "store/response_store.hpp"
#include "store/staff_store.hpp"
#include "ui/i18n.hpp"

using namespace heard;

namespace {

constexpr double target_p99_ms = 16.0;

struct Args {
  std::string mode;
  int width = 1920, height = 1080;
  int frames = 200;
  int rotation = 0;  // the picture turned onto the panel; --size is the panel's
};

Args parse(int argc, char** argv) {
  Args a;
  if (argc > 1) a.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--size" || flag == "--windowed") std::sscanf(value.c_str(), "%dx%d", &a.width, &a.height);
    else if (flag == "--frames") a.frames = std::max(10, std::stoi(value));
    else if (flag == "--rotation") a.rotation = std::stoi(value);
  }
  return a;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "heard-bench-ui-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// Taps like a person (press, a short hold, release, a moment to look) and lets the screen settle.
class Finger {
 public:
  Finger(kiosk::Kiosk& k, ManualClock& clock) : k_(k), clock_(clock) {}

  void settle() {
    k_.tick();
    do {
      while (k_.background_busy()) {  // the dashboard's queries: real time, never kiosk time
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        k_.tick();
      }
      k_.frame(false);
    } while (k_.background_busy() || (k_.next_frame_at() && *k_.next_frame_at() <= clock_.now().steady));
  }

  // Holds the top-left corner (the hidden way into staff mode) for `ms`, frames coming.
  void hold_corner(Millis ms) {
    settle();
    k_.pointer_down(5, 5);
    k_.frame(false);
    for (Millis held = 0; held < ms; held += 16) {
      clock_.advance(16);
      k_.tick();
      k_.frame(false);
    }
    k_.pointer_up(5, 5);
    k_.frame(false);
    settle();
  }

  // `release`: false to leave the finger's release for the next frame (which measure() times).
  void tap(const std::string& id, bool release = true) {
    settle();
    for (const auto& t : k_.record().tappables)
      if (t.id == id) {
        const ImVec2 c = t.rect.GetCenter();
        clock_.advance(400);
        k_.pointer_down(c.x, c.y);
        k_.frame(false);
        clock_.advance(60);
        k_.pointer_up(c.x, c.y);
        if (!release) return;
        k_.frame(false);
        settle();
        return;
      }
    throw std::runtime_error("bench_ui: nothing to tap with id " + id + " on screen " +
                             ui::screen_name(k_.state().screen));
  }

  // Lower-case ASCII through the on-screen keyboard; shift is tapped when the keys show capitals.
  void type(const std::string& keys) {
    for (char c : keys) {
      const std::string key(1, c);
      if (tap_key(key)) continue;
      if (!tap_key(std::string(ui::key_shift)) || !tap_key(key))
        throw std::runtime_error("bench_ui: no key types '" + key + "'");
    }
  }

 private:
  bool tap_key(const std::string& types) {
    settle();
    for (const auto& t : k_.record().tappables)
      if (t.types == types) {
        tap(t.id);
        return true;
      }
    return false;
  }

  kiosk::Kiosk& k_;
  ManualClock& clock_;
};

// A month of responses, one every 10 s (259,200): what Insights' 30 days reads. Staff log in
// with 4821.
void fill_month(store::ResponseStore& store, Millis now) {
  constexpr Millis every = 10'000, month = 30LL * 24 * 3'600'000;
  std::vector<Response> batch;
  UuidV7Generator ids;
  int n = 0;
  for (Millis at = now - month; at < now; at += every, ++n) {
    Response r;
    r.id = ids.next(at);
    r.kiosk_id = "bench";
    r.created_at = at;
    r.rating = 1 + n % 5;
    r.kind = r.rating <= 2 ? Kind::complaint : r.rating == 3 ? Kind::suggestion : Kind::compliment;
    if (r.kind == Kind::complaint) r.comment = "waited too long at the counter";
    r.language = "en";
    batch.push_back(std::move(r));
    if (batch.size() == 20'000) {
      store.save_all(batch);
      batch.clear();
    }
  }
  store.save_all(batch);
  store::StaffStore(store).set_pin("Bench", "4821", now);
}

// This thread's CPU time: the frame's own cost, whatever else the machine is doing.
double cpu_now_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// One timed run, read top to bottom: set-up, frames, figures. Long because splitting a
// script into functions would only hide its order.
int run_frames(const Args& a, const SurveyConfig& survey, const ui::Translations& tr) {
  ::setenv("SDL_VIDEODRIVER", "dummy", 1);
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::cerr << "bench_ui: " << SDL_GetError() << "\n";
    return 2;
  }
  std::unique_ptr<SDL_Surface, decltype(&SDL_FreeSurface)> surface(
      SDL_CreateRGBSurfaceWithFormat(0, a.width, a.height, 32, SDL_PIXELFORMAT_ARGB8888), SDL_FreeSurface);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface.get());
  int status = 0;
  {
    TempDir dir;
    store::ResponseStore store(dir.path / "heard.db");
    ManualClock clock(SystemClock().now());
    fill_month(store, clock.now().wall);
    ui::KioskFonts fonts(tr, survey);
    kiosk::Kiosk k(survey, tr, fonts, store, "bench", renderer, ui::Panel(a.width, a.height, a.rotation), 96.0f, clock);
    Finger finger(k, clock);
    double worst = 0;
    // `warm_up`: frames drawn first and not counted; none when the frame that applies a tap counts.
    auto measure = [&](const char* name, int warm_up = 3) {
      if (warm_up > 0) finger.settle();
      std::vector<double> ms, cpu_ms;
      for (int i = 0; i < a.frames + warm_up; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = cpu_now_ms();
        k.frame(true);
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        if (i < warm_up) continue;  // the first frames warm caches and glyph lookups
        ms.push_back(took.count());
        cpu_ms.push_back(cpu_now_ms() - cpu_start);
      }
      const double p99 = percentile(ms, 0.99);
      worst = std::max(worst, p99);
      std::printf("  %-18s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   (CPU p50 %6.2f, p99 %6.2f)\n", name,
                  percentile(ms, 0.5), p99, *std::max_element(ms.begin(), ms.end()), percentile(cpu_ms, 0.5),
                  percentile(cpu_ms, 0.99));
    };
    std::printf("frame time, %dx%d turned %d°, software renderer, %d frames per screen (target p99 <= %.0f ms)\n",
                a.width, a.height, a.rotation, a.frames, target_p99_ms);
    std::printf("(wall time, which counts; CPU time of the frame alone in brackets)\n");
    measure("welcome");
    finger.tap("face.1");
    finger.tap("chip.wait_time");
    measure("complaint chips");
    finger.tap("nav.next");
    finger.type("waited forty minutes");
    measure("comment keyboard");
    finger.tap("nav.next");
    finger.tap("resolution.call_back");
    measure("make it right");
    finger.tap("nav.next");
    measure("staff");
    finger.tap("nav.next");
    measure("contact");
    finger.tap("field.phone");
    finger.type("612345678");
    measure("phone keypad");
    finger.tap("nav.ok");
    finger.tap("consent");
    finger.tap("nav.done");
    measure("what we heard");
    clock.advance(static_cast<Millis>(survey.idle_timeout_seconds) * 1000);
    measure("still there");
    finger.tap("idle.still_here");
    finger.tap("nav.send");
    measure("thank you");
    clock.advance(survey.thank_you_seconds * 1000LL);
    finger.hold_corner(static_cast<Millis>(ui::StaffMode::hold_ms) + 100);
    for (const char* key : {"pin.4", "pin.8", "pin.2", "pin.1", "pin.OK"}) finger.tap(key);
    // Opening the dashboard on a month of responses: the queries (about 100 ms on the UI
    // thread before) now run on their own thread, so every frame meanwhile counts here.
    finger.tap("staff.insights");
    finger.settle();
    finger.tap("insights.30", false);
    measure("opening insights", 0);
    finger.settle();
    measure("insights, 30 days");
    std::printf("worst p99 %.2f ms, target <= %.0f ms: %s\n", worst, target_p99_ms,
                worst <= target_p99_ms ? "met" : "MISSED");
    status = worst <= target_p99_ms ? 0 : 1;
  }
  SDL_DestroyRenderer(renderer);
  SDL_Quit();
  return status;
}

// A window drawn by SDL's software renderer, as the kiosk's with --software.
class SoftwareWindow {
 public:
  SoftwareWindow(const char* title, const Args& a, Uint32 flags) {
    if (SDL_Init(SDL_INIT_VIDEO) == 0) {
      window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, a.width, a.height, flags);
      SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");  // as the kiosk does with --software
      if (window_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!renderer_) std::cerr << "bench_ui: " << SDL_GetError() << "\n";
  }
  ~SoftwareWindow() {
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
    SDL_Quit();
  }
  SoftwareWindow(const SoftwareWindow&) = delete;
  SoftwareWindow& operator=(const SoftwareWindow&) = delete;

  SDL_Renderer* renderer() const { return renderer_; }  // null when it could not be made

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
};

// What most ImGui programs do: poll, build the frame, render, present, again, at once.
int run_naive(const Args& a, const SurveyConfig& survey, const ui::Translations& tr) {
  const SoftwareWindow window("Heard (naive loop)", a, 0);
  SDL_Renderer* renderer = window.renderer();
  if (!renderer) return 2;
  TempDir dir;
  store::ResponseStore store(dir.path / "heard.db");
  const SystemClock clock;
  ui::KioskFonts fonts(tr, survey);
  kiosk::Kiosk k(survey, tr, fonts, store, "bench", renderer, ui::Panel(a.width, a.height), 96.0f, clock);
  std::fprintf(stderr, "bench_ui: first frame\n");
  for (bool running = true; running;) {
    SDL_Event e;
    while (SDL_PollEvent(&e))
      if (e.type == SDL_QUIT) running = false;
    k.tick();
    k.frame();
    SDL_RenderPresent(renderer);
  }
  return 0;
}

int run_blank(const Args& a) {
  const SoftwareWindow window("Heard (blank)", a, SDL_WINDOW_RESIZABLE);
  SDL_Renderer* renderer = window.renderer();
  if (!renderer) return 2;
  SDL_SetRenderDrawColor(renderer, 0xf4, 0xf1, 0xea, 255);
  SDL_RenderClear(renderer);
  SDL_RenderPresent(renderer);
  std::fprintf(stderr, "bench_ui: first frame\n");
  for (SDL_Event e; SDL_WaitEvent(&e) && e.type != SDL_QUIT;) {}
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  if (a.mode != "frames" && a.mode != "naive" && a.mode != "blank") {
    std::cerr << "usage: bench_ui frames [--size WxH] [--frames N] [--rotation DEG] | bench_ui naive [--windowed WxH]"
                 " | bench_ui blank [--windowed WxH]\n";
    return 2;
  }
  if (a.mode == "blank") return run_blank(a);
  try {
    const std::filesystem::path assets = HEARD_ASSETS_DIR;
    const SurveyConfig survey = load_survey(assets / "survey.json");
    const auto tr = ui::Translations::load(assets / "i18n", survey.languages);
    return a.mode == "frames" ? run_frames(a, survey, tr) : run_naive(a, survey, tr);
  } catch (const std::exception& e) {
    std::cerr << "bench_ui: " << e.what() << "\n";
    return 2;
  }
}
