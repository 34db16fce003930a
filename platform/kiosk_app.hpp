#pragma once
// One kiosk on one SDL_Renderer: ImGui context, fonts, the flow, and pointer input. The
// windowed program and the headless driver both run exactly this; only where the pixels
// and the input come from differs.
#include <SDL.h>
#include <imgui.h>

#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/survey.hpp"
#include "core/time.hpp"
#include "fleet_surveys.hpp"
#include "store/response_store.hpp"
#include "ui/flow.hpp"
#include "ui/fonts.hpp"
#include "ui/i18n.hpp"
#include "ui/panel.hpp"
#include "ui/privacy_purge.hpp"
#include "ui/screen_sleep.hpp"
#include "ui/screens.hpp"
#include "ui/staff_screens.hpp"
#include "ui/theme.hpp"
#include "ui/widgets.hpp"

namespace heard::kiosk {

// At start: responses that a crash or power cut left in progress are complete as they
// are. When the storage refuses the write they stay as they are until the next start.
void complete_left_in_progress(store::ResponseStore& store, Millis now);

class Kiosk {
 public:
  // `fonts` may already be rasterising (KioskFonts::start); the first frame waits for them.
  // `clock`: the device's (SystemClock), or the headless driver's ManualClock.
  Kiosk(const SurveyConfig& survey, const ui::Translations& translations, ui::KioskFonts& fonts,
        store::ResponseStore& store, std::string kiosk_id, SDL_Renderer* renderer, ui::Panel panel, float dpi,
        const Clock& clock);
  ~Kiosk();
  Kiosk(const Kiosk&) = delete;
  Kiosk& operator=(const Kiosk&) = delete;

  // Pointer input from a mouse or a finger, in logical pixels (see ui::Panel). Presses and releases are
  // queued so a tap shorter than a frame still reaches ImGui as a press, then a release.
  void pointer_move(float x, float y);
  void pointer_down(float x, float y);
  void pointer_up(float x, float y);
  void wheel(float dy);
  // Text from a physical keyboard (desks); the on-screen keyboard is the normal way.
  void type_text(const std::string& text);
  void backspace();

  // The renderer's output changed size (physical pixels); the rotation stays.
  void resize(int width, int height);
  const ui::Panel& panel() const { return panel_; }

  // Runs the timers; true when the screen must be drawn again.
  bool tick();
  // Runs one ImGui frame and applies what the customer did; with `paint`, also draws it
  // into the renderer (not presented). The headless driver paints only for screenshots.
  void frame(bool paint = true);
  // When the next frame is due, on the steady clock: now while input is queued or a scroll
  // coasts, at the flow's next deadline, or never (nullopt) while the kiosk simply waits for a customer.
  std::optional<Millis> next_frame_at() const;
  // When the loop must wake at the latest: next_frame_at, or sooner to look for a survey the
  // sync worker staged (tick() does; it draws only when one was taken).
  std::optional<Millis> next_wake_at() const;

  // Work on another thread the screen waits for (staff mode's dashboard queries): the
  // headless driver waits for it in real time, since no simulated time passes meanwhile.
  bool background_busy() const { return staff_.background_busy(); }

  // Screen sleep outside these hours (ui/screen_sleep.hpp); never without them.
  void sleep_outside(const OpeningHours& hours) { sleep_ = ui::ScreenSleep(hours); }
  // False while asleep: the backlight can go off.
  bool screen_on() const { return sleep_.state() != ui::ScreenSleep::State::asleep; }

  // Surveys published at the hub: a staged one is taken between customers (Welcome, no
  // response open, staff mode closed) and runs from then on; `fleet` must outlive the kiosk.
  void survey_updates(FleetSurveys* fleet);
  const SurveyConfig& survey() const { return *survey_; }

  // See ui::Flow::on_complete.
  void on_response_complete(std::function<void(const Response&)> listener) { flow_.on_complete(std::move(listener)); }

  const ui::FrameRecord& record() const { return record_; }
  const ui::FlowState& state() const { return flow_.state(); }
  // Staff mode, entered with the hidden gesture on the Welcome screen (ui/staff_mode.hpp).
  ui::StaffMode& staff() { return staff_; }
  // The sync worker: staff mode's sync panel shows its status and wakes it; the privacy
  // purge wakes it when it left events for the hub.
  void sync_controls(std::function<sync::SyncStatus()> status, std::function<void()> sync_now) {
    purge_.on_hub_events(sync_now);
    staff_.sync_controls(std::move(status), std::move(sync_now));
  }

 private:
  struct PointerEvent {
    ImVec2 pos;
    bool down;
  };
  ui::Metrics metrics_now() const;
  void start_imgui();
  void update_fonts();  // each frame: the fonts and their texture at the current sizes
  void take_staged_survey(Now now);
  void drop_imgui();   // the next frame makes a new context on the current fonts
  void update_logo();  // each frame: the texture of the running survey's logo
  // The parts of frame(), in order.
  void begin_frame(Now now);
  bool take_pointer(Now now);  // true when a press or release reached ImGui
  void watch_staff_gesture(ui::ScreenSleep::State sleep, Now now);
  std::vector<ui::Intent> draw_screens(ui::ScreenSleep::State sleep, Now now);
  void paint_frame();

  const SurveyConfig* survey_;
  const ui::Translations* translations_;
  ui::KioskFonts* fonts_;
  std::unique_ptr<ui::KioskFonts> own_fonts_;  // for a survey taken from the hub
  FleetSurveys* fleet_ = nullptr;
  Millis staged_checked_at_ = 0;  // steady clock
  SDL_Renderer* renderer_;
  bool software_;  // SDL's software renderer: drawn by render_software
  const Clock& clock_;
  ui::Flow flow_;
  ui::StaffMode staff_;
  ui::PrivacyPurge purge_;  // housekeeping: daily, while staff mode is shut
  ui::ScreenSleep sleep_;
  float dpi_;
  ui::Panel panel_;
  ui::Metrics metrics_;
  SDL_Texture* font_texture_ = nullptr;       // of fonts_.atlas(), see make_font_texture
  std::shared_ptr<const LogoImage> logo_;     // of the running survey, when it has one
  const LogoImage* logo_uploaded_ = nullptr;  // what logo_texture_ holds
  SDL_Texture* logo_texture_ = nullptr;
  ImGuiContext* imgui_ = nullptr;  // from the first frame, see ui::KioskFonts
  ui::FrameRecord record_;
  std::deque<PointerEvent> pointer_events_;
  std::vector<ui::Intent> typed_;
  ImVec2 pointer_{-FLT_MAX, -FLT_MAX};
  bool down_ = false;
  bool release_seen_ = false;
  float wheel_ = 0;
  Millis last_frame_ = 0;  // steady clock
  int settle_frames_ = 2;  // ImGui needs a frame after a change to settle its layout
  std::uint64_t drawn_generation_ = ~0ull;
  std::uint64_t drawn_staff_generation_ = ~0ull;
  int drawn_countdown_ = -1;
};

}  // namespace heard::kiosk
